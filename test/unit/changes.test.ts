import { DateTime } from "luxon";
import {
  cancelMeeting,
  cancelOccurrence,
  changeMeetingDetails,
  inviteToMeeting,
  moveMeeting,
  uninviteFromMeeting,
} from "../../core/meetings/changes.js";
import { widgetIdFor } from "../../core/meetings/jitsi-widget.js";
import type { Meeting } from "../../core/meetings/model.js";
import { occurrences } from "../../core/meetings/recurrence.js";
import { END, START } from "../../core/meetings/reminders.js";
import { planNextOccurrence } from "../../core/meetings/reminders.js";
import { MEETING_STATE, WIDGET_STATE } from "../../core/meetings/room-state.js";
import { meetingWorldPerTest, type WorldOptions } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const ORGANIZER = "@org:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ROOM = "!meeting:example.org";
/** testMeeting's start: Monday 2026-11-23, 10:00 in Berlin; the world's clock is three days earlier. */
const START_AT = Date.parse("2026-11-23T09:00:00Z");
const DAY = 24 * 60 * 60_000;

function worldWith(options: WorldOptions = {}) {
  const world = meetingWorldPerTest(options);
  beforeEach(() => world().matrix.addUsers(BOB));
  return world;
}

/** Council, stored with its room (the participants joined) and its jobs planned. */
async function stored(
  world: ReturnType<typeof worldWith>,
  overrides: Partial<Meeting> = {},
): Promise<Meeting> {
  const meeting = await world().meetingInRoom(
    testMeeting({ participants: [ALICE, ORGANIZER], ...overrides }),
  );
  await planNextOccurrence(world().deps, meeting);
  return meeting;
}

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Berlin" });

describe("moving a meeting", () => {
  const world = worldWith();

  test("stores the new start with the next sequence and tells the meeting's followers", async () => {
    const { deps, changed } = world();
    const moved = await moveMeeting(deps, await stored(world), berlin("2026-11-24T14:00"), ORGANIZER);
    expect(await deps.meetings.get(moved.id)).toMatchObject({
      start: "2026-11-24T14:00:00+01:00",
      sequence: 1,
    });
    expect(changed).toEqual([moved]);
  });

  test("writes the new time into the room's meeting state and topic and says who moved it", async () => {
    const { deps, matrix } = world();
    await moveMeeting(deps, await stored(world), berlin("2026-11-24T14:00"), ORGANIZER);
    expect(matrix.state(ROOM, MEETING_STATE)).toMatchObject({ start: "2026-11-24T14:00:00+01:00" });
    expect(matrix.state(ROOM, "m.room.topic")?.topic).toMatch(/14:00/);
    expect(matrix.messages(ROOM)).toEqual([
      expect.stringMatching(
        /^“Council” has moved to .* \(changed by @org:example.org\)\.\nFor: @alice:example.org$/,
      ),
    ]);
  });

  test("plans the jobs of the new time instead of the old ones", async () => {
    const { deps, plannedJobs } = world();
    await moveMeeting(deps, await stored(world), berlin("2026-11-24T10:00"), ORGANIZER);
    const starts = (await plannedJobs()).filter((job) => job.kind === START).map((job) => job.dueAt);
    expect(starts).toEqual([START_AT + DAY]);
  });

  test("retried with the same meeting posts its notice once", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    await moveMeeting(deps, meeting, berlin("2026-11-24T14:00"), ORGANIZER);
    await moveMeeting(deps, meeting, berlin("2026-11-24T14:00"), ORGANIZER);
    expect(matrix.messages(ROOM)).toHaveLength(1);
  });

  test("into the past is refused and changes nothing", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    const attempt = moveMeeting(deps, meeting, berlin("2026-11-19T10:00"), ORGANIZER);
    await expect(attempt).rejects.toMatchObject({ key: "when.in_past" });
    expect(await deps.meetings.get(meeting.id)).toEqual(meeting);
    expect(matrix.sent).toEqual([]);
  });

  test("that was cancelled is refused", async () => {
    const { deps } = world();
    const meeting = await stored(world, { status: "cancelled" });
    const attempt = moveMeeting(deps, meeting, berlin("2026-11-24T14:00"), ORGANIZER);
    await expect(attempt).rejects.toMatchObject({ key: "meeting.cancelled_already" });
  });
});

describe("changing a meeting's details", () => {
  const world = worldWith();

  test("a new title renames the room and the call widget, with one notice", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    await changeMeetingDetails(deps, meeting, { title: "Budget" }, ORGANIZER);
    expect(matrix.state(ROOM, "m.room.name")).toEqual({ name: "Budget" });
    expect(matrix.state(ROOM, WIDGET_STATE, widgetIdFor(meeting.id))).toMatchObject({
      data: { roomName: "Budget" },
    });
    expect(matrix.messages(ROOM)).toEqual([
      "@org:example.org changed “Council”: it is now called “Budget”.\nFor: @alice:example.org",
    ]);
  });

  test("a new length changes the room's topic and moves the end of the occurrence", async () => {
    const { deps, matrix, plannedJobs } = world();
    await changeMeetingDetails(deps, await stored(world), { durationMinutes: 90 }, ORGANIZER);
    expect(matrix.state(ROOM, "m.room.topic")?.topic).toMatch(/11:30/);
    const end = (await plannedJobs()).find((job) => job.kind === END);
    expect(end?.dueAt).toBe(START_AT + 90 * 60_000);
  });

  test("a removed description is said to be removed", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world, { description: "Agenda" });
    await changeMeetingDetails(deps, meeting, { description: null }, ORGANIZER);
    expect(matrix.messages(ROOM)).toEqual([
      "@org:example.org changed “Council”: description removed.\nFor: @alice:example.org",
    ]);
  });

  test("the same details again are refused, and no notice is posted", async () => {
    const { deps, matrix } = world();
    const attempt = changeMeetingDetails(deps, await stored(world), { title: "Council" }, ORGANIZER);
    await expect(attempt).rejects.toMatchObject({ key: "meeting.edit_unchanged" });
    expect(matrix.sent).toEqual([]);
  });
});

describe("cancelling a meeting", () => {
  const world = worldWith();

  test("marks it cancelled, drops its jobs and posts who cancelled it", async () => {
    const { deps, matrix, plannedJobs } = world();
    const cancelled = await cancelMeeting(deps, await stored(world), ORGANIZER);
    expect(cancelled.status).toBe("cancelled");
    expect(await plannedJobs()).toEqual([]);
    expect(matrix.messages(ROOM)).toEqual([
      "“Council” has been cancelled by @org:example.org.\nFor: @alice:example.org",
    ]);
  });

  test("locks the room (lock_on_cancel, on unless configured off)", async () => {
    const { deps, matrix } = world();
    await cancelMeeting(deps, await stored(world), ORGANIZER);
    expect(matrix.state(ROOM, "m.room.power_levels")).toMatchObject({ events_default: 100 });
  });

  test("twice is refused", async () => {
    const { deps } = world();
    const cancelled = await cancelMeeting(deps, await stored(world), ORGANIZER);
    await expect(cancelMeeting(deps, cancelled, ORGANIZER)).rejects.toMatchObject({
      key: "meeting.cancelled_already",
    });
  });
});

describe("cancelling with lock_on_cancel off", () => {
  const world = worldWith({ config: { meetings: { lock_on_cancel: false } } });

  test("leaves the room open", async () => {
    const { deps, matrix } = world();
    await cancelMeeting(deps, await stored(world), ORGANIZER);
    expect(matrix.state(ROOM, "m.room.power_levels")?.events_default).not.toBe(100);
  });
});

describe("cancelling one occurrence of a series", () => {
  const world = worldWith();

  test("leaves out that day and plans the next occurrence", async () => {
    const { deps, matrix, plannedJobs } = world();
    const weekly = await stored(world, { rrule: "FREQ=WEEKLY" });
    const updated = await cancelOccurrence(deps, weekly, "2026-11-23", ORGANIZER);
    expect(updated.exdates).toEqual(["2026-11-23T10:00:00+01:00"]);
    const start = (await plannedJobs()).find((job) => job.kind === START);
    expect(start?.dueAt).toBe(START_AT + 7 * DAY);
    expect(matrix.messages(ROOM)).toEqual([
      "The meeting “Council” on 2026-11-23 has been cancelled by @org:example.org.\nFor: @alice:example.org",
    ]);
  });

  test("a date moved on its own, cancelled on the day it was moved to, no longer takes place", async () => {
    const { deps } = world();
    const recurrenceId = "2026-11-30T10:00:00+01:00";
    const weekly = await stored(world, {
      rrule: "FREQ=WEEKLY;COUNT=3",
      overrides: [{ recurrenceId, start: "2026-12-02T15:00:00+01:00" }],
    });
    const updated = await cancelOccurrence(deps, weekly, "2026-12-02", ORGANIZER);
    expect(updated.overrides).toEqual([]);
    expect(updated.exdates).toEqual([recurrenceId]);
    const dates = occurrences(updated, { from: new Date("2026-11-01"), to: new Date("2027-01-01") });
    expect(dates.map((o) => o.start.toISOString())).toEqual([
      "2026-11-23T09:00:00.000Z",
      "2026-12-07T09:00:00.000Z",
    ]);
  });

  test("on a day without one is refused", async () => {
    const { deps } = world();
    const weekly = await stored(world, { rrule: "FREQ=WEEKLY" });
    await expect(cancelOccurrence(deps, weekly, "2026-11-24", ORGANIZER)).rejects.toMatchObject({
      key: "meeting.occurrence_not_found",
    });
  });

  test("of a meeting that does not repeat is refused", async () => {
    const { deps } = world();
    await expect(cancelOccurrence(deps, await stored(world), "2026-11-23", ORGANIZER)).rejects.toMatchObject({
      key: "meeting.not_a_series",
    });
  });
});

describe("inviting to a meeting", () => {
  const world = worldWith();

  test("adds the new people as participants, invites them and says who invited whom", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    expect(await inviteToMeeting(deps, meeting, { users: [BOB, ALICE], rooms: [] }, ORGANIZER)).toEqual([
      BOB,
    ]);
    expect((await deps.meetings.get(meeting.id))?.participants.sort()).toEqual([ALICE, BOB, ORGANIZER]);
    expect(matrix.members(ROOM, "invite")).toEqual([BOB]);
    expect(matrix.messages(ROOM)).toEqual([
      "@org:example.org invited @bob:example.org to “Council”.\nFor: @alice:example.org, @bob:example.org",
    ]);
  });

  test("only people already invited is refused", async () => {
    const { deps } = world();
    const attempt = inviteToMeeting(deps, await stored(world), { users: [ALICE], rooms: [] }, ORGANIZER);
    await expect(attempt).rejects.toMatchObject({ key: "meeting.nobody_to_invite" });
  });

  test("someone of a server the policy does not allow is refused, and nobody is invited", async () => {
    const { deps, matrix } = world();
    const attempt = inviteToMeeting(
      deps,
      await stored(world),
      { users: [BOB, "@eve:elsewhere.org"], rooms: [] },
      ORGANIZER,
    );
    await expect(attempt).rejects.toMatchObject({ key: "meeting.server_not_allowed" });
    expect(matrix.invites).toEqual([]);
  });
});

describe("inviting beyond the participant limit", () => {
  const world = worldWith({ config: { meetings: { max_participants: 2 } } });

  test("is refused", async () => {
    const { deps, matrix } = world();
    const attempt = inviteToMeeting(deps, await stored(world), { users: [BOB], rooms: [] }, ORGANIZER);
    await expect(attempt).rejects.toMatchObject({ key: "meeting.too_many_participants", params: { max: 2 } });
    expect(matrix.invites).toEqual([]);
  });
});

describe("uninviting from a meeting", () => {
  const world = worldWith();

  test("removes the participant and the member from the room, saying who removed them", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    expect(await uninviteFromMeeting(deps, meeting, [ALICE], ORGANIZER)).toEqual([ALICE]);
    expect((await deps.meetings.get(meeting.id))?.participants).toEqual([ORGANIZER]);
    expect(matrix.kicks).toEqual([
      { roomId: ROOM, userId: ALICE, reason: "Removed from the meeting by @org:example.org" },
    ]);
    expect(matrix.messages(ROOM)).toEqual(["@org:example.org removed @alice:example.org from “Council”."]);
  });

  test("withdraws a pending invite", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    await inviteToMeeting(deps, meeting, { users: [BOB], rooms: [] }, ORGANIZER);
    await uninviteFromMeeting(deps, (await deps.meetings.get(meeting.id))!, [BOB], ORGANIZER);
    expect(matrix.members(ROOM, "invite")).toEqual([]);
  });

  test("takes someone off the list who has already left the room", async () => {
    const { deps, matrix } = world();
    const meeting = await stored(world);
    await matrix.kick(ROOM, ALICE, "left");
    expect(await uninviteFromMeeting(deps, meeting, [ALICE], ORGANIZER)).toEqual([ALICE]);
  });

  test("the organizer is refused", async () => {
    const { deps } = world();
    await expect(
      uninviteFromMeeting(deps, await stored(world), [ORGANIZER], ORGANIZER),
    ).rejects.toMatchObject({
      key: "meeting.cannot_uninvite_organizer",
    });
  });

  test("nobody on the list is refused", async () => {
    const { deps } = world();
    await expect(uninviteFromMeeting(deps, await stored(world), [BOB], ORGANIZER)).rejects.toMatchObject({
      key: "meeting.nobody_to_uninvite",
    });
  });
});
