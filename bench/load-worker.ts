import { Worker, isMainThread, parentPort } from "node:worker_threads";
import { underLoad } from "./figures.js";

/** One HTTP request of a simulated client; a task is the requests one client makes in turn. */
export interface LoadRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

type Outcome = { latencies: number[]; seconds: number } | { error: string };

async function send(request: LoadRequest): Promise<void> {
  const { url, method = "GET", headers, body } = request;
  const answer = await fetch(url, { method, ...(headers ? { headers } : {}), ...(body ? { body } : {}) });
  if (!answer.ok) throw new Error(`${url}: ${answer.status} ${await answer.text()}`);
  await answer.arrayBuffer();
}

/**
 * Runs the tasks at `concurrency` from a thread of its own, so the clients' work does not share an
 * event loop with the in-process Plenum they measure, as real clients do not; the floors are driven
 * the same way. Returns each task's latency in ms.
 */
export async function underLoadInWorker(
  tasks: LoadRequest[][],
  concurrency: number,
): Promise<{ latencies: number[]; seconds: number }> {
  const worker = new Worker(new URL(import.meta.url));
  try {
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.postMessage({ tasks, concurrency });
    });
    if ("error" in outcome) throw new Error(outcome.error);
    return outcome;
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread)
  parentPort!.once("message", ({ tasks, concurrency }: { tasks: LoadRequest[][]; concurrency: number }) => {
    underLoad(tasks.length, concurrency, async (i) => {
      for (const request of tasks[i]!) await send(request);
    }).then(
      (result) => parentPort!.postMessage(result),
      (error: unknown) => parentPort!.postMessage({ error: String(error) }),
    );
  });
