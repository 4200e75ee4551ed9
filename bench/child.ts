import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

type Outcome<T> = { result: T } | { error: string };

/**
 * Runs `work(input)` in a child process started from `moduleUrl` (which calls `serveInChild` with
 * the same `flag`), so clients the bench measures with share neither Plenum's event loop nor its CPU
 * account.
 */
export async function runInChild<I, T>(moduleUrl: string, flag: string, input: I): Promise<T> {
  const child = fork(fileURLToPath(moduleUrl), [flag], { stdio: "inherit" });
  try {
    const outcome = await new Promise<Outcome<T>>((resolve, reject) => {
      child.once("message", (message) => resolve(message as Outcome<T>));
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${flag} exited with ${code}`)));
      child.send(input as never);
    });
    if ("error" in outcome) throw new Error(outcome.error);
    return outcome.result;
  } finally {
    child.kill();
  }
}

/** The child's side of `runInChild`: when started with `flag`, runs `work` on the input it is sent. */
export function serveInChild<I, T>(flag: string, work: (input: I) => Promise<T>): void {
  if (!process.argv.includes(flag)) return;
  process.once("message", (input: I) => {
    work(input).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(0)),
    );
  });
}
