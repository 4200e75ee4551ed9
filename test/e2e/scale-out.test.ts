import type { Meeting } from "../../core/meetings/model.js";
import { REMINDER } from "../../core/meetings/reminders.js";
import { openDatabase, type Database } from "../../core/storage/database.js";
import { describeOnPostgres, postgresDatabase, type TestDatabase } from "../support/databases.js";
import { freePort } from "../support/global-setup.js";
import { PlenumProcess } from "../support/plenum-process.js";
import { testMeeting } from "../support/stored-meeting.js";
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
    database = await postgresDatabase(process.env.PLENUM_TEST_POSTGRES_URL!);
    env = await TestEnv.start({
      config: {
        database: { url: database.url },
        meetings: { reminder_grace: 1440 },
        scaling: { leader_lease: `${LEADER_LEASE_MS / 1000}s`, claim_lease: `${CLAIM_LEASE_MS / 1000}s` },
      },
    });
    db = openDatabase(database.url);
  });

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await env?.stop();
    await db?.destroy();
    await database?.drop();
  });

  async function doneJobs(): Promise<number> {
    const row = await db("jobs").where({ kind: REMINDER }).whereNotNull("done_at").count({ n: "*" }).first();
    return Number(row?.n ?? 0);
  }

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

  /** Meetings in rooms the bot is in, made while the in-process Plenum still runs. */
  async function meetingRooms(): Promise<Meeting[]> {
    const owner = await env.createUser("organizer");
    const meetings: Meeting[] = [];
    for (let r = 0; r < ROOMS; r++) {
      const roomId = await env.roomWithBot(owner, `Drill ${r}`);
      const meeting = testMeeting({
        id: `DRL-${r}`,
        title: `Drill ${r}`,
        organizer: owner.userId,
        originRoomId: roomId,
        roomId,
        start: new Date(Date.now() + 24 * 60 * 60_000).toISOString(),
        durationMinutes: 30,
        conferenceName: `drill${r}`,
        participants: [owner.userId],
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      await env.plenum.meetingDeps.meetings.insert(meeting);
      meetings.push(meeting);
    }
    return meetings;
  }

  /** 1,000 reminders for the meetings, all due now, in one transaction so the leader finds them at once. */
  async function dueReminders(meetings: Meeting[]): Promise<void> {
    const now = Date.now();
    const rows = meetings.flatMap((meeting) => {
      const end = new Date(Date.parse(meeting.start) + 30 * 60_000).toISOString();
      return Array.from({ length: REMINDERS_PER_ROOM }, (_, i) => ({
        kind: REMINDER,
        key: `${meeting.id}|${meeting.start}|remind-${i + 1}`,
        payload: JSON.stringify({ meetingId: meeting.id, start: meeting.start, end, offset: i + 1 }),
        due_at: now,
      }));
    });
    await db.batchInsert("jobs", rows, 250);
  }

  test("1,000 due reminders are each sent once, and when the leader is killed mid-run the other instance leads within the lease", async () => {
    const meetings = await meetingRooms();
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
    await dueReminders(meetings);

    await env.eventually(async () => (await doneJobs()) >= 50, "the leader to send some reminders", 60_000);
    await first.kill();
    const killedAt = Date.now();
    expect(await doneJobs()).toBeLessThan(ROOMS * REMINDERS_PER_ROOM);
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

    await env.eventually(
      async () => (await doneJobs()) === ROOMS * REMINDERS_PER_ROOM,
      "every reminder to be done",
      300_000,
    );
    for (const meeting of meetings) {
      const bodies = (await env.roomMessages("bot", meeting.roomId!))
        .filter((e) => e.type === "m.room.message" && String(e.content.body).includes(`“${meeting.title}”`))
        .map((e) => String(e.content.body));
      expect(bodies).toHaveLength(REMINDERS_PER_ROOM);
      expect(new Set(bodies).size).toBe(REMINDERS_PER_ROOM);
    }
  }, 420_000);
});
