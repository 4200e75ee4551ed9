import { runInChild, serveInChild } from "./child.js";
import { underLoad } from "./figures.js";

/** One HTTP request of a simulated client; a task is the requests one client makes in turn. */
export interface LoadRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

async function send(request: LoadRequest): Promise<void> {
  const { url, method = "GET", headers, body } = request;
  const answer = await fetch(url, { method, ...(headers ? { headers } : {}), ...(body ? { body } : {}) });
  if (!answer.ok) throw new Error(`${url}: ${answer.status} ${await answer.text()}`);
  await answer.arrayBuffer();
}

/**
 * Runs the tasks at `concurrency` from a process of its own, as real clients are: their work shares
 * neither the event loop nor the CPU account of the in-process Plenum they measure, so the bench
 * process's CPU time during a run is Plenum's. The floors are driven the same way. Returns each
 * task's latency in ms.
 */
export function underLoadFromClients(
  tasks: LoadRequest[][],
  concurrency: number,
): Promise<{ latencies: number[]; seconds: number }> {
  return runInChild(import.meta.url, "--load-client", { tasks, concurrency });
}

serveInChild("--load-client", ({ tasks, concurrency }: { tasks: LoadRequest[][]; concurrency: number }) =>
  underLoad(tasks.length, concurrency, async (i) => {
    for (const request of tasks[i]!) await send(request);
  }),
);
