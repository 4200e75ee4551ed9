import {
  AFTER_END,
  dropPlannedJobs,
  END,
  meetingJobHandlers,
  planNextOccurrence,
  REMINDER,
  START,
} from "../../core/meetings/reminders.js";
import { MEETING_STATE } from "../../core/meetings/room-state.js";
import { meetingWorldPerTest } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const world = meetingWorldPerTest({ config: { meetings: { after_end: "lock", after_end_delay: 60 } } });
const ORGANIZER = "@org:example.org";
const ALICE = "@alice:example.org";
/** testMeeting's start: Monday 2026-11-23, 10:00 in Berlin. */
const START_AT = Date.parse("2026-11-23T09:00:00Z");
const MINUTE = 60_000;

async function meeting(overrides = {}) {
  return world().meetingInRoom(testMeeting({ participants: [ORGANIZER, ALICE], ...overrides }));
}

/** Moves the clock to `at` and runs what is due then. */
async function runAt(at: number): Promise<void> {
  const { clock, deps, runDueJobs } = world();
  clock.set(at);
  await runDueJobs(meetingJobHandlers(deps));
}

describe("planning a meeting's next occurrence", () => {
  test("plans a reminder at each configured offset, the start and the end, and wakes the scheduler", async () => {
    const { deps, plannedJobs, wakes } = world();
    await planNextOccurrence(deps, await meeting());
    expect((await plannedJobs()).map((job) => [job.kind, job.dueAt])).toEqual([
      [REMINDER, START_AT - 10 * MINUTE],
      [REMINDER, START_AT],
      [START, START_AT],
      [END, START_AT + 60 * MINUTE],
    ]);
    expect(wakes()).toBe(1);
  });

  test("leaves out a reminder whose time has passed", async () => {
    const { deps, clock, plannedJobs } = world();
    clock.set(START_AT - 5 * MINUTE);
    await planNextOccurrence(deps, await meeting());
    expect((await plannedJobs()).filter((job) => job.kind === REMINDER).map((job) => job.dueAt)).toEqual([
      START_AT,
    ]);
  });

  test("twice keeps one job of each", async () => {
    const { deps, plannedJobs } = world();
    const planned = await meeting();
    await planNextOccurrence(deps, planned);
    await planNextOccurrence(deps, planned);
    expect(await plannedJobs()).toHaveLength(4);
  });

  test("plans nothing for a cancelled meeting", async () => {
    const { deps, plannedJobs } = world();
    await planNextOccurrence(deps, await meeting({ status: "cancelled" }));
    expect(await plannedJobs()).toEqual([]);
  });

  test("of a series plans only the occurrence after the time given", async () => {
    const { deps, plannedJobs } = world();
    const weekly = await meeting({ rrule: "FREQ=WEEKLY" });
    await planNextOccurrence(deps, weekly, START_AT + 60 * MINUTE);
    const start = (await plannedJobs()).find((job) => job.kind === START);
    expect(start?.dueAt).toBe(START_AT + 7 * 24 * 60 * MINUTE);
  });
});

test("dropping a meeting's planned jobs leaves other meetings' jobs planned", async () => {
  const { deps, plannedJobs, matrix } = world();
  await planNextOccurrence(deps, await meeting());
  const other = testMeeting({ id: "ABC-DEF", roomId: "!other:example.org" });
  await matrix.addRoom({ roomId: "!other:example.org" });
  await planNextOccurrence(deps, other);
  await dropPlannedJobs(deps, "K7Q-4MX");
  expect(new Set((await plannedJobs()).map((job) => job.payload.meetingId))).toEqual(new Set(["ABC-DEF"]));
});

describe("a reminder", () => {
  test("mentions every participant but the bot", async () => {
    const { deps, matrix } = world();
    const planned = await meeting({ participants: [ORGANIZER, ALICE, matrix.botUserId] });
    await planNextOccurrence(deps, planned);
    await runAt(START_AT - 10 * MINUTE);
    expect(matrix.sent.map((event) => event.content)).toEqual([
      {
        msgtype: "m.text",
        body: `“Council” starts in 10 minutes. ${ALICE} ${ORGANIZER}`,
        "m.mentions": { user_ids: [ALICE, ORGANIZER] },
      },
    ]);
  });

  test("at the start says that the meeting starts now", async () => {
    const { deps, matrix } = world();
    await planNextOccurrence(deps, await meeting());
    await runAt(START_AT);
    expect(matrix.messages("!meeting:example.org")[1]).toMatch(/^“Council” starts now/);
  });

  test("missed by more than the grace period is dropped, not sent late", async () => {
    const { deps, matrix } = world();
    await planNextOccurrence(deps, await meeting());
    await runAt(START_AT - 10 * MINUTE + 16 * MINUTE);
    expect(matrix.messages("!meeting:example.org").filter((body) => body.includes("starts in"))).toEqual([]);
  });

  test("of an occurrence that was moved away is not sent", async () => {
    const { deps, matrix } = world();
    const planned = await meeting();
    await planNextOccurrence(deps, planned);
    await deps.meetings.update({ ...planned, start: "2026-11-24T10:00:00+01:00" });
    await runAt(START_AT - 10 * MINUTE);
    expect(matrix.sent).toEqual([]);
  });
});

describe("the start of an occurrence", () => {
  test("makes the meeting live in the database, in its room state and for its followers", async () => {
    const { deps, matrix, changed } = world();
    await planNextOccurrence(deps, await meeting());
    await runAt(START_AT);
    expect((await deps.meetings.get("K7Q-4MX"))?.status).toBe("live");
    expect(matrix.state("!meeting:example.org", MEETING_STATE)).toMatchObject({ status: "live" });
    expect(changed.map((m) => m.status)).toEqual(["live"]);
  });
});

describe("the end of an occurrence", () => {
  test("of a one-off meeting ends it and plans the after-end policy after its delay", async () => {
    const { deps, plannedJobs, changed } = world();
    await planNextOccurrence(deps, await meeting());
    await runAt(START_AT + 60 * MINUTE);
    expect((await deps.meetings.get("K7Q-4MX"))?.status).toBe("ended");
    expect(changed.map((m) => m.status)).toEqual(["live", "ended"]);
    expect((await plannedJobs()).map((job) => [job.kind, job.dueAt])).toEqual([
      [AFTER_END, START_AT + 120 * MINUTE],
    ]);
  });

  test("of a series keeps the meeting scheduled and plans its next occurrence", async () => {
    const { deps, plannedJobs } = world();
    await planNextOccurrence(deps, await meeting({ rrule: "FREQ=WEEKLY;COUNT=2" }));
    await runAt(START_AT + 60 * MINUTE);
    expect((await deps.meetings.get("K7Q-4MX"))?.status).toBe("scheduled");
    const next = (await plannedJobs()).find((job) => job.kind === START);
    expect(next?.dueAt).toBe(START_AT + 7 * 24 * 60 * MINUTE);
  });
});

describe("the after-end job", () => {
  test("applies the room's after-end policy to an ended meeting", async () => {
    const { deps, matrix } = world();
    await planNextOccurrence(deps, await meeting());
    await runAt(START_AT + 60 * MINUTE);
    await runAt(START_AT + 120 * MINUTE);
    expect(matrix.state("!meeting:example.org", "m.room.power_levels")).toMatchObject({
      events_default: 100,
    });
  });

  test("leaves a meeting alone that was moved again before it ran", async () => {
    const { deps, matrix } = world();
    const planned = await meeting();
    await planNextOccurrence(deps, planned);
    await runAt(START_AT + 60 * MINUTE);
    await deps.meetings.update({ ...planned, start: "2026-11-30T10:00:00+01:00", status: "scheduled" });
    await runAt(START_AT + 120 * MINUTE);
    expect(matrix.state("!meeting:example.org", "m.room.power_levels")?.events_default).not.toBe(100);
  });
});
