import {
  jitsiConferenceUrl,
  jitsiWidget,
  widgetIdFor,
  widgetLayout,
} from "../../core/meetings/jitsi-widget.js";
import {
  type MeetingRoomInput,
  meetingRoomRequest,
  meetingRoomVersion,
  meetingStateEvents,
} from "../../core/meetings/room-factory.js";
import { meetingStateContent } from "../../core/meetings/room-state.js";
import { fixtureJson } from "../support/fixtures.js";
import { testMeeting } from "../support/stored-meeting.js";

interface StateEventFixture {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
}

function elementFixture(name: string): StateEventFixture {
  return fixtureJson<StateEventFixture>(`matrix/element/${name}`);
}

const widgetFixture = elementFixture("jitsi-widget-state.json");
const layoutFixture = elementFixture("widget-layout-state.json");

const BOT = "@plenum:example.org";
const ORGANIZER = "@alice:example.org";
const ORIGIN_ROOM = "!AbCdEfGhIjKlMnOp:example.org";
const CONFERENCE = "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY";

const meeting = testMeeting({
  title: "Steering Committee",
  organizer: ORGANIZER,
  originRoomId: ORIGIN_ROOM,
  roomId: null,
  start: "2026-12-01T10:00:00+01:00",
  conferenceName: CONFERENCE,
  participants: [ORGANIZER, "@bob:example.org"],
  createdAt: 1773320700000,
  updatedAt: 1773320700000,
});

const widget = jitsiWidget({
  widgetId: widgetIdFor(meeting.id),
  domain: "meet.example.org",
  conferenceId: CONFERENCE,
  roomName: meeting.title,
  creatorUserId: BOT,
  auth: "openidtoken-jwt",
});

function widgetInput(): Parameters<typeof jitsiWidget>[0] {
  return {
    widgetId: "w",
    domain: "meet.example.org",
    conferenceId: CONFERENCE,
    roomName: "x",
    creatorUserId: BOT,
  };
}

function input(overrides: Partial<MeetingRoomInput> = {}): MeetingRoomInput {
  return {
    meeting,
    botUserId: BOT,
    organizerPower: 100,
    invitees: [ORGANIZER, "@bob:example.org"],
    joinRule: { kind: "invite" },
    roomVersion: "10",
    topic: "1 Dec 2026, 10:00–11:00 (Europe/Berlin)",
    widget,
    ...overrides,
  };
}

function stateOf(request: ReturnType<typeof meetingRoomRequest>, type: string, stateKey = ""): unknown {
  return request.initial_state.find((event) => event.type === type && event.state_key === stateKey)?.content;
}

describe("the Jitsi widget", () => {
  test("has the keys of Element's own Jitsi widget, plus the creator and id the widget API defines", () => {
    expect(Object.keys(widget).sort()).toEqual(
      [...Object.keys(widgetFixture.content), "creatorUserId", "id"].sort(),
    );
  });

  test("has Element's type, name and data, value by value, for the same room and server", () => {
    expect(widget.type).toBe(widgetFixture.content.type);
    expect(widget.name).toBe(widgetFixture.content.name);
    expect(widget.data).toEqual(widgetFixture.content.data);
  });

  test("lists data keys in the order Element writes them", () => {
    expect(Object.keys(widget.data)).toEqual(Object.keys(widgetFixture.content.data as object));
  });

  test("leaves auth out of data when the Jitsi server announces none", () => {
    expect(Object.keys(jitsiWidget(widgetInput()).data)).not.toContain("auth");
  });

  test("names its id and creator", () => {
    expect(widget.id).toBe("plenum_jitsi_k7q-4mx");
    expect(widget.creatorUserId).toBe(BOT);
  });

  test("points clients that load the URL at Jitsi's page, with the display name as a quoted fragment value", () => {
    expect(widget.url).toBe(
      `https://meet.example.org/${CONFERENCE}#userInfo.displayName=%22$matrix_display_name%22`,
    );
    expect(new URL(widget.url).pathname).toBe(`/${CONFERENCE}`);
  });

  test("after the widget API substitutes a display name, Jitsi's fragment parsing yields it as a string", () => {
    const substituted = jitsiConferenceUrl("meet.example.org", CONFERENCE).replace(
      "$matrix_display_name",
      encodeURIComponent("Alice & Bob's \u00e9quipe"),
    );
    const [key, value] = new URL(substituted).hash.slice(1).split("=");
    expect(key).toBe("userInfo.displayName");
    expect(JSON.parse(decodeURIComponent(value ?? ""))).toBe("Alice & Bob's \u00e9quipe");
  });

  test("keeps a given URL, for operators who host a wrapper page", () => {
    const url = "https://element.example.org/jitsi.html#conferenceId=$conferenceId";
    expect(jitsiWidget({ ...widgetInput(), url }).url).toBe(url);
  });

  test("widget ids are lower case and keep only URL-safe characters", () => {
    expect(widgetIdFor("AB/C D")).toBe("plenum_jitsi_ab_c_d");
  });
});

describe("the widget layout", () => {
  test("pins the widget to the top container exactly as Element stores it", () => {
    const fixtureWidgetId = Object.keys(layoutFixture.content.widgets as object)[0] ?? "";
    expect(widgetLayout(fixtureWidgetId)).toEqual(layoutFixture.content);
  });
});

describe("the createRoom request for a meeting room", () => {
  test("names the room after the meeting and marks it as a private meeting room", () => {
    const request = meetingRoomRequest(input());
    expect(request).toMatchObject({
      name: "Steering Committee",
      topic: "1 Dec 2026, 10:00–11:00 (Europe/Berlin)",
      creation_content: { type: "org.plenum.meeting" },
      room_version: "10",
      preset: "private_chat",
      visibility: "private",
      is_direct: false,
    });
  });

  test("invites each invitee once and never the bot, which creates the room", () => {
    const request = meetingRoomRequest(input({ invitees: [ORGANIZER, BOT, "@bob:example.org", ORGANIZER] }));
    expect(request.invite).toEqual([ORGANIZER, "@bob:example.org"]);
  });

  test("carries every piece of initial state exactly once", () => {
    const keys = meetingRoomRequest(input()).initial_state.map((event) => `${event.type}|${event.state_key}`);
    expect(keys.sort()).toEqual(
      [
        "m.room.guest_access|",
        "m.room.history_visibility|",
        "m.room.join_rules|",
        "org.plenum.meeting|",
        "im.vector.modular.widgets|plenum_jitsi_k7q-4mx",
        "io.element.widgets.layout|",
      ].sort(),
    );
  });

  test("without a widget, leaves out everything that names the conference", () => {
    const keys = meetingRoomRequest(input({ widget: null })).initial_state.map((event) => event.type);
    expect(keys).toEqual([
      "m.room.guest_access",
      "m.room.history_visibility",
      "m.room.join_rules",
      "org.plenum.meeting",
    ]);
  });

  test("without a widget, the meeting state still goes in, with what is known before the room exists", () => {
    const unnamed = { ...meeting, conferenceName: "", rrule: "FREQ=WEEKLY;COUNT=4" };
    const request = meetingRoomRequest(input({ meeting: unnamed, widget: null }));
    expect(stateOf(request, "org.plenum.meeting")).toEqual({
      ...meetingStateContent(unnamed),
      jitsi: null,
    });
    expect(stateOf(request, "org.plenum.meeting")).toMatchObject({
      title: "Steering Committee",
      start: "2026-12-01T10:00:00+01:00",
      timezone: "Europe/Berlin",
      rrule: "FREQ=WEEKLY;COUNT=4",
      organizer: ORGANIZER,
      status: "scheduled",
    });
  });

  test("an encrypted meeting room gets Megolm encryption in its initial state", () => {
    const request = meetingRoomRequest(input({ encrypted: true }));
    expect(stateOf(request, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
  });

  test("an unencrypted meeting room has no encryption state", () => {
    expect(stateOf(meetingRoomRequest(input()), "m.room.encryption")).toBeUndefined();
  });

  test("what is left out is sent after creation: meeting state, widget and layout", () => {
    expect(meetingStateEvents(meeting, widget)).toEqual([
      { type: "org.plenum.meeting", state_key: "", content: meetingStateContent(meeting) },
      { type: "im.vector.modular.widgets", state_key: widget.id, content: widget },
      { type: "io.element.widgets.layout", state_key: "", content: widgetLayout(widget.id) },
    ]);
  });

  test("a widget for another conference than the meeting's is refused", () => {
    const stale = { ...widget, data: { ...widget.data, conferenceId: "JitsiOther" } };
    expect(() => meetingStateEvents(meeting, stale)).toThrow(/another conference/);
    expect(() => meetingRoomRequest(input({ meeting: { ...meeting, conferenceName: "" } }))).toThrow(
      /another conference/,
    );
  });

  test("forbids guests and shares history with members", () => {
    const request = meetingRoomRequest(input());
    expect(stateOf(request, "m.room.guest_access")).toEqual({ guest_access: "forbidden" });
    expect(stateOf(request, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
  });

  test("sets the meeting state, the widget under its id and a layout pinning that id", () => {
    const request = meetingRoomRequest(input());
    expect(stateOf(request, "org.plenum.meeting")).toEqual(meetingStateContent(meeting));
    expect(stateOf(request, "im.vector.modular.widgets", widget.id)).toEqual(widget);
    expect(stateOf(request, "io.element.widgets.layout")).toEqual(widgetLayout(widget.id));
  });

  test("an invite-only room admits invited users only", () => {
    expect(stateOf(meetingRoomRequest(input()), "m.room.join_rules")).toEqual({ join_rule: "invite" });
  });

  test("a restricted room also admits members of the origin room", () => {
    const request = meetingRoomRequest(input({ joinRule: { kind: "restricted", roomId: ORIGIN_ROOM } }));
    expect(stateOf(request, "m.room.join_rules")).toEqual({
      join_rule: "restricted",
      allow: [{ type: "m.room_membership", room_id: ORIGIN_ROOM }],
    });
  });

  test("a restricted room in a version without restricted joins is refused before it reaches the server", () => {
    const restricted = input({ joinRule: { kind: "restricted", roomId: ORIGIN_ROOM }, roomVersion: "7" });
    expect(() => meetingRoomRequest(restricted)).toThrow(/room version 7 does not support restricted/);
  });

  test("in a version 10 room the bot and the organizer are admins and everyone else has no power", () => {
    const levels = meetingRoomRequest(input()).power_level_content_override;
    expect(levels.users).toEqual({ [BOT]: 100, [ORGANIZER]: 100 });
    expect(levels).toMatchObject({
      users_default: 0,
      events_default: 0,
      state_default: 50,
      invite: 50,
      kick: 50,
      ban: 50,
      redact: 50,
    });
  });

  test("an organizer given moderator power gets 50", () => {
    const levels = meetingRoomRequest(input({ organizerPower: 50 })).power_level_content_override;
    expect(levels.users).toEqual({ [BOT]: 100, [ORGANIZER]: 50 });
  });

  test("in a version 12 room the bot, as creator, is left out of users", () => {
    const levels = meetingRoomRequest(input({ roomVersion: "12" })).power_level_content_override;
    expect(levels.users).toEqual({ [ORGANIZER]: 100 });
  });

  test("an organizer who is the bot itself is listed once, as the bot", () => {
    const own = input({ meeting: { ...meeting, organizer: BOT }, organizerPower: 50 });
    expect(meetingRoomRequest(own).power_level_content_override.users).toEqual({ [BOT]: 100 });
  });

  test("moderators manage the call widget and layout; only admins edit the meeting and who may join", () => {
    const { events } = meetingRoomRequest(input()).power_level_content_override;
    expect(events).toMatchObject({
      "im.vector.modular.widgets": 50,
      "io.element.widgets.layout": 50,
      "org.plenum.meeting": 100,
      "m.room.join_rules": 100,
      "m.room.guest_access": 100,
    });
  });

  test("keeps Synapse's default event levels, which an events override would otherwise drop", () => {
    const { events } = meetingRoomRequest(input()).power_level_content_override;
    expect(events).toMatchObject({
      "m.room.name": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.canonical_alias": 50,
      "m.room.avatar": 50,
      "m.room.tombstone": 100,
      "m.room.server_acl": 100,
      "m.room.encryption": 100,
    });
  });

  test("in a version 12 room only the creator may upgrade it, as Synapse sets by default", () => {
    const { events } = meetingRoomRequest(input({ roomVersion: "12" })).power_level_content_override;
    expect(events["m.room.tombstone"]).toBe(150);
  });
});

describe("choosing the room version", () => {
  test("takes the homeserver's default when it supports restricted joins", () => {
    expect(meetingRoomVersion({ default: "11", available: { "10": "stable", "11": "stable" } })).toBe("11");
    expect(meetingRoomVersion({ default: "12", available: { "12": "stable" } })).toBe("12");
  });

  test("falls back to version 10 for an older or unstable default", () => {
    expect(meetingRoomVersion({ default: "6", available: { "6": "stable", "10": "stable" } })).toBe("10");
    expect(meetingRoomVersion({ default: "org.matrix.hydra.11", available: {} })).toBe("10");
  });
});
