import type { Meeting } from "../../core/meetings/model.js";
import { REMINDER } from "../../core/meetings/reminders.js";
import { openDatabase, type Database } from "../../core/storage/database.js";
import { postgresDatabase, type TestDatabase } from "./databases.js";
import { testMeeting } from "./stored-meeting.js";
import { TestEnv, type TestUser } from "./testenv.js";

/**
 * A fresh PostgreSQL database, an in-process Plenum on it (to set up rooms and meetings before the
 * drill runs Plenum as processes) and a knex handle for the drill's own reading. Reminders are
 * sent however late they come, and the leases are as short as given.
 */
export async function reminderDrillSetup(leases: { leader: string; claim: string }): Promise<{
  database: TestDatabase;
  env: TestEnv;
  db: Database;
}> {
  const database = await postgresDatabase(process.env.PLENUM_TEST_POSTGRES_URL!);
  const env = await TestEnv.start({
    config: {
      database: { url: database.url },
      meetings: { reminder_grace: 1440 },
      scaling: { leader_lease: leases.leader, claim_lease: leases.claim },
    },
  });
  return { database, env, db: openDatabase(database.url) };
}

/**
 * Meetings a day ahead in `count` fresh rooms the bot is in, stored through the in-process Plenum,
 * for drills that send many reminders into them (the meeting id and title are `<label>-<n>` and
 * `<label> <n>`).
 */
export async function drillMeetings(
  env: TestEnv,
  owner: TestUser,
  count: number,
  label: string,
): Promise<Meeting[]> {
  const meetings: Meeting[] = [];
  for (let r = 0; r < count; r++) {
    const roomId = await env.roomWithBot(owner, `${label} ${r}`);
    const meeting = testMeeting({
      id: `${label.toUpperCase()}-${r}`,
      title: `${label} ${r}`,
      organizer: owner.userId,
      originRoomId: roomId,
      roomId,
      start: new Date(Date.now() + 24 * 60 * 60_000).toISOString(),
      durationMinutes: 30,
      conferenceName: `${label.toLowerCase()}${r}`,
      participants: [owner.userId],
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    await env.plenum.meetingDeps.meetings.insert(meeting);
    meetings.push(meeting);
  }
  return meetings;
}

/**
 * `perMeeting` reminder jobs for each meeting, written in one batch so the leader finds them
 * together; `dueAt(i, r)` is the due time of reminder i of meeting r.
 */
export async function insertReminders(
  db: Database,
  meetings: Meeting[],
  perMeeting: number,
  dueAt: (i: number, r: number) => number,
): Promise<void> {
  const rows = meetings.flatMap((meeting, r) => {
    const end = new Date(Date.parse(meeting.start) + 30 * 60_000).toISOString();
    return Array.from({ length: perMeeting }, (_, i) => ({
      kind: REMINDER,
      key: `${meeting.id}|${meeting.start}|remind-${i + 1}`,
      payload: JSON.stringify({ meetingId: meeting.id, start: meeting.start, end, offset: i + 1 }),
      due_at: dueAt(i, r),
    }));
  });
  await db.batchInsert("jobs", rows, 250);
}

/** How many reminder jobs are done. */
export async function doneReminders(db: Database): Promise<number> {
  const row = await db("jobs").where({ kind: REMINDER }).whereNotNull("done_at").count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/** Waits until every reminder job is done, then checks each meeting's room got each of its reminders once. */
export async function expectEveryReminderOnce(
  env: TestEnv,
  db: Database,
  meetings: Meeting[],
  perMeeting: number,
  timeoutMs: number,
): Promise<void> {
  await env.eventually(
    async () => (await doneReminders(db)) === meetings.length * perMeeting,
    "every reminder to be done",
    timeoutMs,
  );
  for (const meeting of meetings) {
    const bodies = (await env.roomMessages("bot", meeting.roomId!))
      .filter((e) => e.type === "m.room.message" && String(e.content.body).includes(`“${meeting.title}”`))
      .map((e) => String(e.content.body));
    expect(bodies).toHaveLength(perMeeting);
    expect(new Set(bodies).size).toBe(perMeeting);
  }
}
