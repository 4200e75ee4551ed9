import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, stopSynapse, synapseRunning } from "../../scripts/synapse-process.mjs";
import { portOpen, processEnds, runNode } from "../support/left-running.js";
import { bundledMain } from "../support/plenum-process.js";

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
    const run = runNode(["--input-type=module", "-e", code]);
    const started = new Promise<void>((resolve, reject) => {
      run.child.stdout!.on("data", () => run.output().includes("started") && resolve());
      void run.exited.then(() =>
        reject(new Error(`the harness ended before it started Synapse:\n${run.output()}`)),
      );
    });
    return { ...run, started };
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

/**
 * The same for a test file that starts Plenum as a process of its own (a drill), and its Synapse.
 * Jest gives a test file a copy of `process` whose exit event never fires, so the hooks must sit on
 * the process itself; and a Ctrl-C or SIGTERM to the run alone would end it without that event.
 */
describe("a Jest test file that started Plenum and its Synapse as processes", () => {
  let main: string;
  let dir: string;

  beforeAll(async () => {
    main = await bundledMain();
    dir = mkdtempSync(join(tmpdir(), "plenum-cleanup-"));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Jest, as a process of its own, on test/support/harness/left-running.harness.ts. */
  async function jestHarness(instance: string, ending: "interrupted" | "fails") {
    const out = join(dir, `${instance}.json`);
    const run = runNode(
      [
        "--experimental-vm-modules",
        "node_modules/jest/bin/jest.js",
        "--ci",
        "--runInBand",
        "--config",
        "test/support/harness/jest.config.js",
      ],
      {
        ...process.env,
        HARNESS_INSTANCE: instance,
        HARNESS_MAIN: main,
        HARNESS_OUT: out,
        HARNESS_ENDING: ending,
      },
    );
    const deadline = Date.now() + 240_000;
    while (!existsSync(out)) {
      if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
        run.child.kill("SIGKILL");
        throw new Error(`the harness did not start Plenum:\n${run.output()}`);
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    const plenum = JSON.parse(readFileSync(out, "utf8")) as { pid: number; port: number };
    return { ...run, out, plenum };
  }

  /** Runs the harness to its end, then looks at what is left of what it started. */
  async function whatIsLeft(instance: string, ending: "interrupted" | "fails") {
    let pid: number | undefined;
    try {
      const run = await jestHarness(instance, ending);
      pid = run.plenum.pid;
      const listenedBefore = await portOpen(run.plenum.port);
      if (ending === "interrupted") run.child.kill("SIGINT");
      else writeFileSync(`${run.out}.fail`, "");
      return {
        exitCode: await run.exited,
        listenedBefore,
        plenumEnded: await processEnds(pid),
        plenumListens: await portOpen(run.plenum.port),
        synapseRunning: await synapseRunning(instance),
      };
    } finally {
      // A failing test leaves nothing either.
      if (pid !== undefined && !(await processEnds(pid, 0))) process.kill(pid, "SIGKILL");
      await stopSynapse(instance).catch(() => undefined);
    }
  }

  test("stops them when interrupted with Ctrl-C", async () => {
    expect(await whatIsLeft(`cleanup-plenum-int-${process.pid}`, "interrupted")).toEqual({
      exitCode: 130,
      listenedBefore: true,
      plenumEnded: true,
      plenumListens: false,
      synapseRunning: false,
    });
  }, 300_000);

  test("stops them when it fails", async () => {
    expect(await whatIsLeft(`cleanup-plenum-err-${process.pid}`, "fails")).toEqual({
      exitCode: 1,
      listenedBefore: true,
      plenumEnded: true,
      plenumListens: false,
      synapseRunning: false,
    });
  }, 300_000);
});
