import type { Database } from "../../core/storage/database.js";
import { describeOnPostgres, type TestDatabase } from "../support/databases.js";
import { freePort } from "../support/global-setup.js";
import { PlenumProcess } from "../support/plenum-process.js";
import {
  doneReminders,
  drillMeetings,
  expectEveryReminderOnce,
  insertReminders,
  reminderDrillSetup,
} from "../support/reminder-drill.js";
import { TestEnv } from "../support/testenv.js";

const LEADER_LEASE_MS = 3_000;
const CLAIM_LEASE_MS = 5_000;
/**
 * Allowed on top of the lease between the kill and the survivor leading: a follower tries for the
 * lease every third of it, and a machine shared with Synapse and another instance may be late.
 */
const TAKEOVER_MARGIN_MS = LEADER_LEASE_MS / 3 + 5_000;
const ROOMS = 20;
const REMINDERS_PER_ROOM = 50;

/**
 * Two Plenum processes on one PostgreSQL database, as two machines would run it. Instance A receives
 * the homeserver's transactions and leads; B is a second instance behind the same load balancer.
 * The drill kills A with SIGKILL while it is sending 1,000 due reminders.
 */
describeOnPostgres("several instances on one PostgreSQL database", () => {
  let database: TestDatabase;
  let db: Database;
  let env: TestEnv;
  let first: PlenumProcess | undefined;
  let second: PlenumProcess | undefined;

  beforeAll(async () => {
    ({ database, env, db } = await reminderDrillSetup({
      leader: `${LEADER_LEASE_MS / 1000}s`,
      claim: `${CLAIM_LEASE_MS / 1000}s`,
    }));
  });

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await env?.stop();
    await db?.destroy();
    await database?.drop();
  });

  async function leaseRow(): Promise<{ holder: string; expiresAt: number } | undefined> {
    const row = await db("leader_leases").where({ name: "scheduler" }).first();
    return row ? { holder: String(row.holder), expiresAt: Number(row.expires_at) } : undefined;
  }

  /** Lease holders name their process (host/pid/random), see core/scaling/instance.ts. */
  function holds(instance: PlenumProcess, holder: string | undefined): boolean {
    return holder?.split("/")[1] === String(instance.child.pid);
  }

  /** When `instance` logged that it became leader, if it did. */
  function becameLeaderAt(instance: PlenumProcess): number | undefined {
    const line = instance.logLines.find((l) => l.includes('"became leader"'));
    return line ? Date.parse((JSON.parse(line) as { time: string }).time) : undefined;
  }

  test("1,000 due reminders are each sent once, and when the leader is killed mid-run the other instance leads within the lease", async () => {
    const owner = await env.createUser("organizer");
    const meetings = await drillMeetings(env, owner, ROOMS, "Drill");
    await env.stopPlenum();

    // Info, not the tests' debug level: the processes log to pipes this test reads, and 1,000 jobs are many lines.
    const raw: Record<string, Record<string, unknown>> = { ...env.rawConfig, logging: { level: "info" } };
    first = await PlenumProcess.start(raw, env.dataDir, "appservice,scheduler");
    await env.eventually(async () => holds(first!, (await leaseRow())?.holder), "instance A to lead");
    second = await PlenumProcess.start(
      {
        ...raw,
        appservice: { ...raw.appservice, port: await freePort() },
        http: { ...raw.http, port: await freePort() },
      },
      env.dataDir,
      "appservice,scheduler",
    );
    // All due now, so the leader finds them at once.
    const now = Date.now();
    await insertReminders(db, meetings, REMINDERS_PER_ROOM, () => now);

    await env.eventually(
      async () => (await doneReminders(db)) >= 50,
      "the leader to send some reminders",
      60_000,
    );
    await first.kill();
    const killedAt = Date.now();
    expect(await doneReminders(db)).toBeLessThan(ROOMS * REMINDERS_PER_ROOM);
    const deadLease = await leaseRow();
    expect(holds(first, deadLease?.holder)).toBe(true);
    expect(becameLeaderAt(second)).toBeUndefined();

    await env.eventually(
      async () => holds(second!, (await leaseRow())?.holder),
      "instance B to lead",
      LEADER_LEASE_MS + TAKEOVER_MARGIN_MS + 10_000,
    );
    const takeover = becameLeaderAt(second)!;
    // Not before the dead leader's lease expired, and within the configured lease (plus the margin) of the kill.
    expect(takeover).toBeGreaterThan(deadLease!.expiresAt);
    expect(takeover - killedAt).toBeLessThanOrEqual(LEADER_LEASE_MS + TAKEOVER_MARGIN_MS);

    await expectEveryReminderOnce(env, db, meetings, REMINDERS_PER_ROOM, 300_000);
  }, 420_000);
});
