import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, stopSynapse, synapseRunning } from "../../scripts/synapse-process.mjs";
import { portOpen, runNode } from "../support/left-running.js";
import { bundledMain } from "../support/plenum-process.js";

/**
 * Issue #23: `npm run dev` comes up every time, says what it is doing, and whatever way it ends
 * leaves nothing running. Runs scripts/dev.ts as a real separate process (bundled like
 * PlenumProcess does with app/main.ts), on its own homeserver instance, directory and ports.
 */

const HELP_REPLY = /^Plenum: !meet commands/;

interface DevRun {
  output: string;
  exitCode: number | null;
  roomId: string;
  helpAnswer: string;
}

describe("npm run dev", () => {
  const instance = `devtest-${process.pid}`;
  let script: string;
  let dir: string;
  let hsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    // Bundled beside the other test bundles, so `../../scripts/homeserver.sh` from it is the real one.
    script = await bundledMain({ name: "dev", entry: "scripts/dev.ts" });
    dir = mkdtempSync(join(tmpdir(), "plenum-dev-"));
    hsPort = await freePort();
    httpPort = await freePort();
  }, 60_000);

  afterAll(async () => {
    await stopSynapse(instance).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  function start(env: Record<string, string> = {}) {
    return runNode([script], {
      ...process.env,
      PLENUM_DEV_DIR: dir,
      PLENUM_DEV_INSTANCE: instance,
      PLENUM_DEV_HOMESERVER_PORT: String(hsPort),
      PLENUM_DEV_HTTP_PORT: String(httpPort),
      ...env,
    });
  }

  async function matrix(method: string, path: string, token?: string, body?: unknown) {
    const response = await fetch(`http://127.0.0.1:${hsPort}/_matrix/client/v3${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  /** Logs in as the demo user alice, joins the demo room and returns the bot's answer to !meet help. */
  async function askForHelp(roomId: string): Promise<string> {
    const login = await matrix("POST", "/login", undefined, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: "alice" },
      password: "plenum-demo",
    });
    const token = String(login.access_token);
    const room = encodeURIComponent(roomId);
    await matrix("POST", `/rooms/${room}/join`, token, {});
    const sent = await matrix("PUT", `/rooms/${room}/send/m.room.message/help-${Date.now()}`, token, {
      msgtype: "m.text",
      body: "!meet help",
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { chunk } = (await matrix("GET", `/rooms/${room}/messages?dir=b&limit=20`, token)) as {
        chunk: { content: { body?: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } } }[];
      };
      const answer = chunk.find(
        (e) => e.content["m.relates_to"]?.["m.in_reply_to"]?.event_id === sent.event_id,
      );
      if (answer) return String(answer.content.body);
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error("Timed out after 30 s waiting for the bot's answer to !meet help in the demo room");
  }

  /** One run: up, !meet help answered, then Ctrl-C (SIGINT) and the run's end. */
  async function devRun(): Promise<DevRun> {
    const run = start();
    const deadline = Date.now() + 240_000;
    while (!run.output().includes("Plenum is running.")) {
      if (run.child.exitCode !== null || Date.now() > deadline) {
        // Stopped as a developer would, so that it stops the homeserver and Plenum it started.
        run.child.kill("SIGINT");
        await run.exited;
        throw new Error(`npm run dev did not come up:\n${run.output()}`);
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    const roomId = /Demo room:\s+(\S+)/.exec(run.output())![1]!;
    const helpAnswer = await askForHelp(roomId).finally(() => run.child.kill("SIGINT"));
    const exitCode = await run.exited;
    return { output: run.output(), exitCode, roomId, helpAnswer };
  }

  describe("run twice in a row, each time stopped with Ctrl-C", () => {
    let first: DevRun;
    let second: DevRun;
    let homeserverRunning: boolean[];
    let httpPortOpen: boolean[];
    /** Both runs' lines in .dev/plenum.log, at warning level (40) and above. */
    let logged: { level: number; msg: string }[];

    beforeAll(async () => {
      homeserverRunning = [];
      httpPortOpen = [];
      const runAndLook = async () => {
        const run = await devRun();
        homeserverRunning.push(await synapseRunning(instance));
        httpPortOpen.push(await portOpen(httpPort));
        return run;
      };
      first = await runAndLook();
      second = await runAndLook();
      logged = readFileSync(join(dir, "plenum.log"), "utf8")
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((line) => line.level >= 40);
    }, 600_000);

    test("the first run answers !meet help in the demo room", () => {
      expect(first.helpAnswer).toMatch(HELP_REPLY);
    });

    test("the second run answers !meet help in the same demo room, kept from the first", () => {
      expect(second.helpAnswer).toMatch(HELP_REPLY);
      expect(second.roomId).toBe(first.roomId);
    });

    test("Ctrl-C stops the homeserver and Plenum each run started", () => {
      expect([first.exitCode, second.exitCode]).toEqual([130, 130]);
      expect(homeserverRunning).toEqual([false, false]);
      expect(httpPortOpen).toEqual([false, false]);
    });

    // An operator's alert on error lines must fire only for errors (issue #23).
    test("neither run logs an error", () => {
      expect(logged.filter((line) => line.level >= 50)).toEqual([]);
    });

    test("neither run logs a warning but the one that the homeserver's transaction ids went backwards", () => {
      // Synapse on SQLite numbers its transactions anew at each start; the second run meets that once.
      const warnings = logged.filter((line) => line.level === 40).map((line) => line.msg);
      expect(
        warnings.filter((msg) => !msg.startsWith("the homeserver's transaction ids went backwards")),
      ).toEqual([]);
    });

    test("each step says when it starts and how long it took", () => {
      for (const label of [
        "starting Synapse",
        "starting Plenum",
        "waiting for the bot to join the demo room",
      ]) {
        expect(second.output).toContain(`→ ${label}…`);
        expect(second.output).toMatch(new RegExp(`✓ ${label} \\(\\d+\\.\\d s\\)`));
      }
      expect(second.output).toMatch(/✓ stopping Synapse \(\d+\.\d s\)/);
    });
  });

  test("a run that fails after starting the homeserver stops it and says why", async () => {
    // Plenum cannot listen on an HTTP port another program holds.
    const blocker = await new Promise<Server>((resolve) => {
      const server = createServer().listen(httpPort, "127.0.0.1", () => resolve(server));
    });
    try {
      const run = start();
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/npm run dev failed: .*EADDRINUSE/);
      expect(run.output()).toContain("✓ stopping Synapse");
      expect(await synapseRunning(instance)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 240_000);
});
