import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { MatrixEvent } from "matrix-js-sdk";
import { stringify } from "yaml";
import { ManualClock } from "../support/clock.js";
import { bundledMain } from "../support/plenum-process.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const run = promisify(execFile);

/**
 * `npm run backup` while Plenum runs, `npm run restore` into a fresh installation (a new data
 * directory), and Plenum started there: the meetings and reminders scheduled before the backup are
 * all there, and the reminders fire. The commands run as separate processes, as an operator runs them.
 */
describe("a backup restored into a fresh installation", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "plenum-backup-e2e-"));
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      start: { clock, schedulerTimer: false },
      config: {
        database: { url: `sqlite://${join(root, "old", "plenum.sqlite")}` },
        jitsi: { recordings_dir: join(root, "old", "recordings") },
      },
    });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    team = await env.roomWithMembers(alice, [bob]);
  });

  afterAll(async () => {
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function command(body: string): Promise<MatrixEvent> {
    const eventId = await env.say(alice, team, body);
    return env.replyTo(alice, team, eventId, `the bot's answer to ${body}`);
  }

  async function meetingRoom(reply: MatrixEvent): Promise<string> {
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))?.[1];
    const meeting = id ? await env.plenum.meetingDeps.meetings.get(id) : undefined;
    if (!meeting?.roomId) throw new Error(`no meeting room for: ${reply.getContent().body}`);
    return meeting.roomId;
  }

  /** Runs app/<entry> as a separate process on the given raw config, as `npm run …` would. */
  async function cli(entry: string, config: Record<string, Record<string, unknown>>, ...args: string[]) {
    const file = join(root, `${entry}.yaml`);
    writeFileSync(file, stringify(config));
    const bundle = await bundledMain({ name: entry.replace(/\.ts$/, ""), entry: `app/${entry}` });
    return run(process.execPath, [bundle, ...args], { env: { ...process.env, PLENUM_CONFIG: file } });
  }

  test("meetings and reminders scheduled before the backup are all in the restored installation, and the reminders fire there", async () => {
    const budget = await meetingRoom(
      await command(`!meet schedule "Budget review" 2026-11-23 09:30 for 15m with ${bob.userId}`),
    );
    const staff = await meetingRoom(await command(`!meet schedule "Staff meeting" 2026-11-24 10:00 for 30m`));
    mkdirSync(join(root, "old", "recordings"), { recursive: true });
    writeFileSync(join(root, "old", "recordings", "kept.mp4"), "a recording kept on disk");

    const backup = join(root, "backup");
    const made = await cli("backup.ts", env.rawConfig, backup);
    expect(made.stdout).toBe(`Backed up database, recordings to ${backup}.\n`);

    const fresh = {
      database: { url: `sqlite://${join(root, "fresh", "plenum.sqlite")}` },
      jitsi: { ...env.rawConfig.jitsi, recordings_dir: join(root, "fresh", "recordings") },
    };
    await env.stopPlenum();
    const restored = await cli("restore.ts", { ...env.rawConfig, ...fresh }, backup);
    expect(restored.stdout).toMatch(
      /^Restored database, recordings from the backup of .*\. Start Plenum now\.\n$/,
    );
    await env.restartPlenum(fresh);

    const list = String((await command("!meet list")).getContent().body);
    expect(list).toContain("Budget review");
    expect(list).toContain("Staff meeting");
    expect(readFileSync(join(root, "fresh", "recordings", "kept.mp4"), "utf8")).toBe(
      "a recording kept on disk",
    );

    clock.set(Date.parse("2026-11-23T08:20:00Z"));
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(budget, "“Budget review” starts in 10 minutes");
    clock.set(Date.parse("2026-11-24T08:50:00Z"));
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(staff, "“Staff meeting” starts in 10 minutes");
    const reminders = (await env.roomMessages("bot", budget)).filter((e) =>
      String(e.content.body).startsWith("“Budget review” starts in"),
    );
    expect(reminders).toHaveLength(1);
  }, 120_000);
});
