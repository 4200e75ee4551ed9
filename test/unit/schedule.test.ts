import { DateTime } from "luxon";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { widgetIdFor } from "../../core/meetings/jitsi-widget.js";
import { END, REMINDER, START } from "../../core/meetings/reminders.js";
import { MEETING_STATE, WIDGET_LAYOUT, WIDGET_STATE } from "../../core/meetings/room-state.js";
import { scheduleMeeting, type ScheduleRequest } from "../../core/meetings/schedule.js";
import { meetingWorldPerTest, type WorldOptions } from "../support/meeting-world.js";

const ORGANIZER = "@org:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ORIGIN = "!team:example.org";

function worldWith(options: WorldOptions = {}) {
  const world = meetingWorldPerTest(options);
  beforeEach(async () => {
    await world().matrix.addRoom({ roomId: ORIGIN, members: [ORGANIZER, ALICE] });
    world().matrix.addUsers(BOB);
  });
  return world;
}

/** Budget, Monday 2026-11-23 10:00 in Berlin for an hour: three days after the world's clock. */
function request(overrides: Partial<ScheduleRequest> = {}): ScheduleRequest {
  return {
    organizer: ORGANIZER,
    originRoomId: ORIGIN,
    title: "Budget",
    start: DateTime.fromISO("2026-11-23T10:00:00", { zone: "Europe/Berlin" }),
    durationMinutes: 60,
    rrule: null,
    locale: "en",
    ...overrides,
  };
}

describe("scheduling a meeting", () => {
  const world = worldWith();

  test("makes one room named after it, with the origin room's members invited", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    expect(matrix.created).toHaveLength(1);
    expect(matrix.created[0]).toMatchObject({ name: "Budget", invite: [ORGANIZER, ALICE] });
    expect(matrix.members(meeting.roomId!, "invite")).toEqual([ORGANIZER, ALICE]);
  });

  test("without named participants lets later members of the origin room join", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    expect(matrix.state(meeting.roomId!, "m.room.join_rules")).toEqual({
      join_rule: "restricted",
      allow: [{ type: "m.room_membership", room_id: ORIGIN }],
    });
  });

  test("with named participants invites only them and the organizer, into an invite-only room", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request({ participants: { users: [BOB], rooms: [] } }));
    expect(meeting.participants).toEqual([ORGANIZER, BOB]);
    expect(matrix.state(meeting.roomId!, "m.room.join_rules")).toEqual({ join_rule: "invite" });
  });

  test("stores the meeting with its room and the conference named after that room", async () => {
    const { deps } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    expect(await deps.meetings.get(meeting.id)).toMatchObject({
      roomId: meeting.roomId,
      conferenceName: conferenceNameForRoom(meeting.roomId!),
      status: "scheduled",
      participants: [ALICE, ORGANIZER],
    });
  });

  test("furnishes the room with the meeting state, the call widget and its layout, all naming one conference", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    const roomId = meeting.roomId!;
    const conference = conferenceNameForRoom(roomId);
    expect(matrix.state(roomId, MEETING_STATE)).toMatchObject({ id: meeting.id, jitsi: { conference } });
    expect(matrix.state(roomId, WIDGET_STATE, widgetIdFor(meeting.id))).toMatchObject({
      data: { conferenceId: conference },
    });
    expect(matrix.state(roomId, WIDGET_LAYOUT)).toMatchObject({
      widgets: { [widgetIdFor(meeting.id)]: { container: "top" } },
    });
  });

  test("pins a welcome naming the title, the time, the organizer and the meeting id", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    const roomId = meeting.roomId!;
    const [welcome] = matrix.sent.filter((event) => event.roomId === roomId);
    expect(welcome!.content.body).toMatch(/^Welcome to “Budget”\.\nWhen: .*\nOrganizer: @org:example.org\n/);
    expect(welcome!.content.body).toContain(`Meeting id: ${meeting.id}`);
    expect(matrix.state(roomId, "m.room.pinned_events")).toEqual({ pinned: [welcome!.eventId] });
  });

  test("announces the meeting in the origin room with a link to its room", async () => {
    const { deps, matrix } = world();
    const { meeting, link } = await scheduleMeeting(deps, request());
    expect(link).toBe(`https://matrix.to/#/${encodeURIComponent(meeting.roomId!)}?via=example.org`);
    expect(matrix.messages(ORIGIN)).toEqual([
      expect.stringMatching(/^New meeting “Budget”: .* Meeting room: https/),
    ]);
  });

  test("plans the reminders, the start and the end of the first occurrence", async () => {
    const { deps, plannedJobs } = world();
    await scheduleMeeting(deps, request());
    expect((await plannedJobs()).map((job) => job.kind)).toEqual([REMINDER, REMINDER, START, END]);
  });

  test("in the past is refused, and nothing is made", async () => {
    const { deps, matrix } = world();
    const attempt = scheduleMeeting(deps, request({ start: DateTime.fromISO("2026-11-19T10:00:00") }));
    await expect(attempt).rejects.toMatchObject({ key: "when.in_past" });
    expect(matrix.created).toEqual([]);
    expect(await deps.meetings.forUser(ORGANIZER)).toEqual([]);
  });

  test("with someone of a server the policy does not allow is refused before any room is made", async () => {
    const { deps, matrix } = world();
    const attempt = scheduleMeeting(
      deps,
      request({ participants: { users: ["@eve:elsewhere.org"], rooms: [] } }),
    );
    await expect(attempt).rejects.toMatchObject({ key: "meeting.server_not_allowed" });
    expect(matrix.created).toEqual([]);
  });

  test("forgets the meeting again when its room cannot be made", async () => {
    const { deps, matrix } = world();
    matrix.failOn("createRoom");
    await expect(scheduleMeeting(deps, request())).rejects.toThrow("createRoom failed");
    expect(await deps.meetings.forUser(ORGANIZER)).toEqual([]);
  });

  test("whose room cannot be furnished is still stored and announced, and the failure is reported", async () => {
    const { deps, matrix } = world();
    matrix.failOn("sendState", { when: (_roomId, type) => type === WIDGET_STATE });
    await expect(scheduleMeeting(deps, request())).rejects.toThrow("sendState failed");
    expect(await deps.meetings.forUser(ORGANIZER)).toHaveLength(1);
    expect(matrix.messages(ORIGIN)).toHaveLength(1);
  });
});

describe("scheduling under the policy", () => {
  const world = worldWith({ config: { meetings: { allow_open_ended_series: false } } });

  test("an open-ended series is refused when the policy forbids it", async () => {
    const { deps, matrix } = world();
    const attempt = scheduleMeeting(deps, request({ rrule: "FREQ=WEEKLY" }));
    await expect(attempt).rejects.toMatchObject({ key: "meeting.open_ended_forbidden" });
    expect(matrix.created).toEqual([]);
  });
});

describe("scheduling with phone dial-in", () => {
  const world = worldWith({
    config: { jitsi: { domain: "meet.example.org", dial_in_numbers: { DE: ["+49 611 000000"] } } },
  });

  test("the welcome carries the number and the meeting's own PIN", async () => {
    const { deps, matrix } = world();
    const { meeting } = await scheduleMeeting(deps, request());
    const pin = await deps.pins.pinOf(meeting.id);
    const [welcome] = matrix.messages(meeting.roomId!);
    expect(welcome).toContain("+49 611 000000");
    expect(welcome!.replace(/\s/g, "")).toContain(pin!);
  });
});
