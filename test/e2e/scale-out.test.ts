import { startPlenum, type Plenum } from "../../app/start.js";
import type { Config } from "../../core/config/schema.js";
import { REMINDER } from "../../core/meetings/reminders.js";
import type { Meeting } from "../../core/meetings/model.js";
import { ManualClock } from "../support/clock.js";
import { describeOnPostgres, type TestDatabase } from "../support/databases.js";
import { freePort } from "../support/global-setup.js";
import { relayedPostgres, type TcpProxy } from "../support/tcp-proxy.js";
import { TestEnv } from "../support/testenv.js";

const LEADER_LEASE_MS = 2_000;
const CLAIM_LEASE_MS = 3_000;
const ROOMS = 4;
const REMINDERS_PER_ROOM = 250;

/**
 * Two Plenum instances on one PostgreSQL database. Instance A receives the homeserver's transactions
 * and leads; B is a second instance behind the same load balancer. A reaches the database through a
 * relay the test cuts, which is how a dead leader looks to everyone else: it stops renewing.
 */
describeOnPostgres("several instances on one PostgreSQL database", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let env: TestEnv;
  let second: Plenum;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    let relayedUrl: string;
    ({ database, proxy, relayedUrl } = await relayedPostgres());
    env = await TestEnv.start({
      config: {
        database: { url: relayedUrl },
        meetings: { reminder_grace: 1440 },
        scaling: { leader_lease: `${LEADER_LEASE_MS / 1000}s`, claim_lease: `${CLAIM_LEASE_MS / 1000}s` },
      },
      start: { clock },
    });
    const config: Config = {
      ...env.config,
      appservice: { ...env.config.appservice, port: await freePort() },
      http: { ...env.config.http, port: await freePort() },
      database: { url: database.url },
    };
    second = await startPlenum(config, {
      secrets: env.secrets,
      clock,
      logDestination: { write: () => undefined },
    });
  });

  afterAll(async () => {
    proxy?.reconnect();
    await env?.stop();
    await second?.stop();
    await proxy?.stop();
    await database?.drop();
  });

  async function doneJobs(): Promise<number> {
    const row = await second
      .db("jobs")
      .where({ kind: REMINDER })
      .whereNotNull("done_at")
      .count({ n: "*" })
      .first();
    return Number(row?.n ?? 0);
  }

  /** Meetings in rooms the bot is in, with 1,000 reminders between them, all due now. */
  async function dueReminders(): Promise<Meeting[]> {
    const owner = await env.createUser("organizer");
    const meetings: Meeting[] = [];
    for (let r = 0; r < ROOMS; r++) {
      const roomId = await env.roomWithBot(owner, `Drill ${r}`);
      const start = new Date(clock.now() + 24 * 60 * 60_000).toISOString();
      const meeting: Meeting = {
        id: `DRL-${r}`,
        title: `Drill ${r}`,
        description: null,
        organizer: owner.userId,
        originRoomId: roomId,
        roomId,
        timezone: "Europe/Berlin",
        start,
        durationMinutes: 30,
        rrule: null,
        exdates: [],
        jitsiDomain: "meet.example.org",
        conferenceName: `drill${r}`,
        status: "scheduled",
        sequence: 0,
        participants: [owner.userId],
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      await second.meetingDeps.meetings.insert(meeting);
      meetings.push(meeting);
    }
    const rows = meetings.flatMap((meeting) => {
      const end = new Date(Date.parse(meeting.start) + 30 * 60_000).toISOString();
      return Array.from({ length: REMINDERS_PER_ROOM }, (_, i) => ({
        kind: REMINDER,
        key: `${meeting.id}|${meeting.start}|remind-${i + 1}`,
        payload: JSON.stringify({ meetingId: meeting.id, start: meeting.start, end, offset: i + 1 }),
        due_at: clock.now(),
      }));
    });
    // One transaction, so the leader finds all of them due at once.
    await second.db.batchInsert("jobs", rows, 250);
    return meetings;
  }

  test("1,000 due reminders are each sent once, and when the leader dies mid-run the other instance takes over after the lease", async () => {
    await env.eventually(async () => env.plenum.leadership?.leading === true, "instance A to lead");
    expect(await second.leadership!.check()).toBe(false);
    const meetings = await dueReminders();

    await env.eventually(async () => (await doneJobs()) >= 50, "the leader to send some reminders", 60_000);
    proxy.disconnect();
    const doneByLeader = await doneJobs();
    expect(doneByLeader).toBeLessThan(ROOMS * REMINDERS_PER_ROOM);
    // Within the dead leader's lease nobody else may lead; once it has expired, B does.
    expect(await second.leadership!.check()).toBe(false);
    clock.advance(Math.max(LEADER_LEASE_MS, CLAIM_LEASE_MS) + 1);
    expect(await second.leadership!.check()).toBe(true);

    // Time moves on, so sends the busy homeserver failed are retried after their backoff.
    await env.eventually(
      async () => {
        clock.advance(100);
        second.scheduler!.wake();
        return (await doneJobs()) === ROOMS * REMINDERS_PER_ROOM;
      },
      "every reminder to be done",
      400_000,
    );
    for (const meeting of meetings) {
      const bodies = (await env.roomMessages("bot", meeting.roomId!))
        .filter((e) => e.type === "m.room.message" && String(e.content.body).includes(`“${meeting.title}”`))
        .map((e) => String(e.content.body));
      expect(bodies).toHaveLength(REMINDERS_PER_ROOM);
      expect(new Set(bodies).size).toBe(REMINDERS_PER_ROOM);
    }
  }, 600_000);
});
