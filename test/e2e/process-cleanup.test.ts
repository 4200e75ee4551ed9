import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort, stopSynapse, synapseRunning } from "../../scripts/synapse-process.mjs";

/**
 * Issue #23: a test run (Jest's global setup, a drill) that is interrupted or fails leaves no Synapse
 * running. Synapse runs in a session of its own, so a Ctrl-C to the terminal never reaches it; the
 * process that started it must stop it on its way out.
 */
describe("a process that started a Synapse", () => {
  const moduleUrl = new URL(`file://${join(process.cwd(), "scripts", "synapse-process.mjs")}`).href;

  /** A Node process that starts a Synapse as the test harness does, then waits to be ended. */
  async function harness(instance: string, thenWhat: string) {
    const port = await freePort();
    const code = `
      const { startSynapse } = await import(${JSON.stringify(moduleUrl)});
      await startSynapse({ instance: ${JSON.stringify(instance)}, port: ${port}, serverName: "localhost", registrations: [] });
      process.stdout.write("started\\n");
      ${thenWhat}`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (exitCode) => resolve(exitCode)),
    );
    const started = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", () => output.includes("started") && resolve());
      void exited.then(() => reject(new Error(`the harness ended before it started Synapse:\n${output}`)));
    });
    return { child, exited, started };
  }

  test("stops it when interrupted with Ctrl-C", async () => {
    const instance = `cleanup-int-${process.pid}`;
    try {
      const run = await harness(instance, "setInterval(() => undefined, 1000);");
      await run.started;
      expect(await synapseRunning(instance)).toBe(true);
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(130);
      expect(await synapseRunning(instance)).toBe(false);
    } finally {
      await stopSynapse(instance).catch(() => undefined);
    }
  }, 120_000);

  test("stops it when it fails", async () => {
    const instance = `cleanup-err-${process.pid}`;
    try {
      const run = await harness(instance, 'setTimeout(() => { throw new Error("a wait failed"); }, 100);');
      await run.started;
      expect(await run.exited).toBe(1);
      expect(await synapseRunning(instance)).toBe(false);
    } finally {
      await stopSynapse(instance).catch(() => undefined);
    }
  }, 120_000);
});
