import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";

export interface NodeRun {
  child: ChildProcess;
  /** Its exit code; null when a signal ended it. */
  exited: Promise<number | null>;
  /** Its output so far, stdout and stderr as they came. */
  output(): string;
}

/** Node as a process of its own, on `args` (and `env`), as a test harness or a developer runs it. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): NodeRun {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Whether something listens on this port of 127.0.0.1. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Whether the process with this id has ended, within `withinMs`: one killed as its parent exits is
 * gone a moment after the parent (once it is reaped).
 */
export async function processEnds(pid: number, withinMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (exists(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}
