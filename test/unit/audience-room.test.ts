import {
  AUDIENCE_ROOM_TYPE,
  closePublicSession,
  openPublicSession,
  refreshAudience,
} from "../../core/council/public-session.js";
import { widgetIdFor } from "../../core/meetings/jitsi-widget.js";
import type { Meeting } from "../../core/meetings/model.js";
import { WIDGET_STATE } from "../../core/meetings/room-state.js";
import { meetingWorldPerTest, type MeetingWorld } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const ORGANIZER = "@org:example.org";
const MODERATOR = "@mod:example.org";
const ROOM = "!meeting:example.org";
const STREAM = "https://stream.example.org/council.m3u8";

/** The meeting, its room with the organizer at 100 and a moderator at 50. */
function meetingOf(world: () => MeetingWorld, overrides: Partial<Meeting> = {}): Promise<Meeting> {
  return world().meetingInRoom(testMeeting({ participants: [ORGANIZER, MODERATOR], ...overrides }), {
    [ORGANIZER]: 100,
    [MODERATOR]: 50,
  });
}

describe("making a meeting public", () => {
  const world = meetingWorldPerTest();

  test("makes an audience room that anyone may join and read and where only moderators post", async () => {
    const { deps, matrix } = world();
    const audience = await openPublicSession(deps, await meetingOf(world), STREAM, "$cmd");
    expect(matrix.state(audience, "m.room.create")).toMatchObject({ type: AUDIENCE_ROOM_TYPE });
    expect(matrix.state(audience, "m.room.join_rules")).toEqual({ join_rule: "public" });
    expect(matrix.state(audience, "m.room.history_visibility")).toEqual({
      history_visibility: "world_readable",
    });
    expect(matrix.state(audience, "m.room.power_levels")).toMatchObject({ events_default: 50 });
  });

  test("lets the meeting room's organizer and moderators post in the audience room", async () => {
    const { deps, matrix } = world();
    const audience = await openPublicSession(deps, await meetingOf(world), STREAM, "$cmd");
    expect(matrix.state(audience, "m.room.power_levels")).toMatchObject({
      users: { [ORGANIZER]: 50, [MODERATOR]: 50 },
    });
  });

  test("pins the meeting's status in the audience room, with the stream while the meeting is live", async () => {
    const { deps, matrix } = world();
    const audience = await openPublicSession(
      deps,
      await meetingOf(world, { status: "live" }),
      STREAM,
      "$cmd",
    );
    const [status] = matrix.sent.filter((event) => event.roomId === audience);
    expect(status!.content.body).toContain("Public session: “Council”");
    expect(status!.content.body).toContain(`Watch the stream: ${STREAM}`);
    expect(matrix.state(audience, "m.room.pinned_events")).toEqual({ pinned: [status!.eventId] });
  });

  test("tells the meeting room where the public follows it", async () => {
    const { deps, matrix } = world();
    const audience = await openPublicSession(deps, await meetingOf(world), STREAM, "$cmd");
    expect(matrix.messages(ROOM)).toEqual([
      `This meeting is a public session. The public follows it, read only, in https://matrix.to/#/${encodeURIComponent(audience)}?via=example.org`,
    ]);
  });

  test("again keeps its audience room and stream", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, STREAM, "$cmd");
    expect(await openPublicSession(deps, meeting, null, "$cmd2")).toBe(audience);
    expect(matrix.created).toHaveLength(1);
    expect((await deps.publicSessions.get(meeting.id))?.streamUrl).toBe(STREAM);
  });

  test("again after it was closed opens its audience room to newcomers again", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, STREAM, "$cmd");
    await closePublicSession(deps, meeting);
    await openPublicSession(deps, meeting, null, "$cmd2");
    expect(matrix.state(audience, "m.room.join_rules")).toEqual({ join_rule: "public" });
    expect((await deps.publicSessions.get(meeting.id))?.isPublic).toBe(true);
  });

  test("without Jitsi's visitors mode puts no call widget into the audience room", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, STREAM, "$cmd");
    expect(matrix.state(audience, WIDGET_STATE, widgetIdFor(meeting.id))).toBeUndefined();
  });
});

describe("making a meeting public with Jitsi's visitors mode", () => {
  const world = meetingWorldPerTest({
    config: {
      jitsi: {
        domain: "meet.example.org",
        visitors: true,
        app_id: "plenum",
        app_secret: "a-secret-of-32-characters-at-least",
      },
    },
  });

  test("puts Plenum's call widget for viewers into the audience room", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, null, "$cmd");
    expect(matrix.state(audience, WIDGET_STATE, widgetIdFor(meeting.id))).toMatchObject({
      type: "m.custom",
      url: expect.stringMatching(/^https:\/\/plenum\.example\.org\/widgets\/call\//),
      data: { conferenceId: meeting.conferenceName },
    });
  });
});

describe("the audience room's pinned status", () => {
  const world = meetingWorldPerTest();

  test("follows a change of the meeting by an edit in place", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, STREAM, "$cmd");
    const [status] = matrix.sent.filter((event) => event.roomId === audience);
    await refreshAudience(deps, { ...meeting, status: "live", sequence: 1 });
    const edit = matrix.sent.filter((event) => event.roomId === audience)[1];
    expect(edit!.content["m.relates_to"]).toEqual({ rel_type: "m.replace", event_id: status!.eventId });
    expect(edit!.content["m.new_content"]).toMatchObject({
      body: expect.stringContaining("Status: 🔴 live"),
    });
  });

  test("is not touched for a meeting that is not public", async () => {
    const { deps, matrix } = world();
    await refreshAudience(deps, await meetingOf(world));
    expect(matrix.sent).toEqual([]);
  });
});

describe("ending a public session", () => {
  const world = meetingWorldPerTest();

  test("takes no newcomers into the audience room and says so in its status", async () => {
    const { deps, matrix } = world();
    const meeting = await meetingOf(world);
    const audience = await openPublicSession(deps, meeting, STREAM, "$cmd");
    await closePublicSession(deps, meeting);
    expect(matrix.state(audience, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    const edit = matrix.sent.filter((event) => event.roomId === audience).at(-1);
    expect(edit!.content["m.new_content"]).toMatchObject({
      body: expect.stringContaining("no longer public"),
    });
  });

  test("of a meeting that is not public is refused", async () => {
    const { deps } = world();
    await expect(closePublicSession(deps, await meetingOf(world))).rejects.toMatchObject({
      key: "public.not_public",
    });
  });
});
