import {
  EVENT_SYNC_KINDS,
  type EventSyncKind,
  conferenceFromRoomName,
  parseEventSyncPayload,
  roomIdForEventRoomName,
} from "../../bridge/jitsi/event-sync.js";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { fixtureJson } from "../support/fixtures.js";

function fixture(name: string): Record<string, unknown> {
  return fixtureJson(`jitsi/event-sync/${name}`);
}

const CONFERENCE = "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy";
const ROOM = { name: CONFERENCE, jid: `${CONFERENCE}@conference.meet.example.org`, breakoutRoomId: null };
const ALICE = {
  jid: "c28d9be8-d74d-4e1f-a3d1-24e5b583a75b@meet.example.org/0VbwkBbk",
  joinedAt: 1773320702_000,
  name: "Alice Example",
  email: "alice@example.org",
  id: "@alice:example.org",
};

function problems(kind: EventSyncKind, body: unknown): string[] {
  const parsed = parseEventSyncPayload(kind, body);
  return parsed.ok ? [] : parsed.problems;
}

describe("the Matrix room of an event-sync room name", () => {
  test("is found for a room version 12 room, whose id has no server part", () => {
    const roomId = "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA";
    const name = conferenceNameForRoom(roomId).toLowerCase();
    expect(roomIdForEventRoomName(`${name}@conference.meet.example.org`)).toBe(roomId);
  });
});

describe("parseEventSyncPayload reads the fixtures", () => {
  test("room created, with the time in milliseconds", () => {
    expect(parseEventSyncPayload("room/created", fixture("room-created.json"))).toStrictEqual({
      ok: true,
      event: { kind: "room/created", room: ROOM, createdAt: 1773320700_000 },
    });
  });

  test("occupant joined, with the identity from the token", () => {
    expect(parseEventSyncPayload("occupant/joined", fixture("occupant-joined.json"))).toStrictEqual({
      ok: true,
      event: { kind: "occupant/joined", room: ROOM, activeOccupants: 1, occupant: ALICE },
    });
  });

  test("occupant joined a breakout room: the main room's name, the breakout's id, only a name", () => {
    expect(parseEventSyncPayload("occupant/joined", fixture("breakout-occupant-joined.json"))).toStrictEqual({
      ok: true,
      event: {
        kind: "occupant/joined",
        room: { ...ROOM, breakoutRoomId: "001d51e6-6fb6-456b-bb14-18fbcc4e219f" },
        activeOccupants: 1,
        occupant: {
          jid: "c5041a82-0cde-457b-a487-947baff2bd7b@meet.example.org/s8zB6qLD",
          joinedAt: 1773321606_000,
          name: "Bob Beispiel",
        },
      },
    });
  });

  test("occupant left", () => {
    expect(parseEventSyncPayload("occupant/left", fixture("occupant-left.json"))).toStrictEqual({
      ok: true,
      event: {
        kind: "occupant/left",
        room: ROOM,
        activeOccupants: 1,
        occupant: { ...ALICE, leftAt: 1773323825_000 },
      },
    });
  });

  test("room destroyed, with everyone seen, the recorder without identity included", () => {
    expect(parseEventSyncPayload("room/destroyed", fixture("room-destroyed.json"))).toStrictEqual({
      ok: true,
      event: {
        kind: "room/destroyed",
        room: ROOM,
        createdAt: 1773320700_000,
        destroyedAt: 1773323875_000,
        occupants: [
          { ...ALICE, leftAt: 1773323825_000 },
          {
            jid: "recorder@recorder.meet.example.org/m3SKC3FU",
            joinedAt: 1773320770_000,
            leftAt: 1773323700_000,
          },
          {
            jid: "c5041a82-0cde-457b-a487-947baff2bd7b@meet.example.org/s8zB6qLD",
            joinedAt: 1773322501_000,
            leftAt: 1773323870_000,
            name: "Bob Beispiel",
          },
        ],
      },
    });
  });
});

describe("parseEventSyncPayload accepts what Prosody really sends", () => {
  test("all_occupants as {} for a room nobody joined", () => {
    const parsed = parseEventSyncPayload("room/destroyed", {
      ...fixture("room-destroyed.json"),
      all_occupants: {},
    });
    expect(parsed.ok && parsed.event.kind === "room/destroyed" && parsed.event.occupants).toEqual([]);
  });

  test("dominant-speaker time, already in milliseconds", () => {
    const body = fixture("occupant-left.json");
    body["occupant"] = { ...(body["occupant"] as object), total_dominant_speaker_time: 61250 };
    const parsed = parseEventSyncPayload("occupant/left", body);
    expect(
      parsed.ok && parsed.event.kind === "occupant/left" && parsed.event.occupant.dominantSpeakerMs,
    ).toBe(61250);
  });

  test("user details copied with include_user_info, keeping only what Plenum reads", () => {
    const body = fixture("occupant-joined.json");
    body["occupant"] = { ...(body["occupant"] as object), avatar: "https://x/a.png", moderator: true };
    const parsed = parseEventSyncPayload("occupant/joined", body);
    expect(parsed.ok && parsed.event.kind === "occupant/joined" && parsed.event.occupant).toStrictEqual(
      ALICE,
    );
  });

  test("keys in any order and extra keys of other modules", () => {
    const { event_name, ...rest } = fixture("room-created.json");
    expect(parseEventSyncPayload("room/created", { tenant: "x", ...rest, event_name }).ok).toBe(true);
  });

  test("an empty display name", () => {
    const body = fixture("occupant-joined.json");
    body["occupant"] = { ...(body["occupant"] as object), name: "" };
    expect(parseEventSyncPayload("occupant/joined", body).ok).toBe(true);
  });
});

describe("parseEventSyncPayload lists the problems of other bodies", () => {
  test.each(EVENT_SYNC_KINDS.map((kind) => [kind]))("another path's body, posted to %s", (kind) => {
    const other = kind === "room/created" ? "room-destroyed.json" : "room-created.json";
    expect(problems(kind, fixture(other))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^event_name/)]),
    );
  });

  test.each([
    ["null", null],
    ["a list", []],
    ["a string", "muc-room-created"],
  ])("garbage: %s", (_case, body) => {
    expect(problems("room/created", body)).toEqual(["body: expected a JSON object"]);
  });

  test("an empty object, with every missing key named", () => {
    expect(problems("room/created", {})).toEqual([
      "event_name: missing",
      "room_name: missing",
      "room_jid: missing",
      "is_breakout: missing",
      "created_at: missing",
    ]);
  });

  test.each([
    ["a number written as a string", "1773320700"],
    ["a fraction of a second", 1773320700.5],
    ["a negative time", -1],
  ])("a created_at that is %s", (_case, createdAt) => {
    expect(problems("room/created", { ...fixture("room-created.json"), created_at: createdAt })).toEqual([
      "created_at: expected Unix seconds",
    ]);
  });

  test("a breakout room without its id", () => {
    expect(problems("room/created", { ...fixture("room-created.json"), is_breakout: true })).toEqual([
      "breakout_room_id: missing",
    ]);
  });

  test("is_breakout as a string", () => {
    expect(problems("room/created", { ...fixture("room-created.json"), is_breakout: "false" })).toEqual([
      "is_breakout: expected true or false",
    ]);
  });

  test("a left occupant without left_at", () => {
    const body = fixture("occupant-joined.json");
    body["event_name"] = "muc-occupant-left";
    expect(problems("occupant/left", body)).toEqual(["occupant.left_at: missing"]);
  });

  test("a joined event without occupant", () => {
    const { occupant: _occupant, ...body } = fixture("occupant-joined.json");
    expect(problems("occupant/joined", body)).toEqual(["occupant: missing"]);
  });

  test("an occupant that is not an object", () => {
    expect(problems("occupant/joined", { ...fixture("occupant-joined.json"), occupant: "alice" })).toEqual([
      "occupant: expected an object",
    ]);
  });

  test("an occupant whose id is not a string, with the path to it", () => {
    const body = fixture("room-destroyed.json");
    const [first, ...others] = body["all_occupants"] as object[];
    body["all_occupants"] = [...others, { ...first, id: 7 }];
    expect(problems("room/destroyed", body)).toEqual(["all_occupants[2].id: expected a string"]);
  });

  test("all_occupants as an object with keys", () => {
    const body = { ...fixture("room-destroyed.json"), all_occupants: { a: {} } };
    expect(problems("room/destroyed", body)).toEqual(["all_occupants: expected a list"]);
  });

  test("a negative occupant count", () => {
    const body = { ...fixture("occupant-joined.json"), active_occupants_count: -1 };
    expect(problems("occupant/joined", body)).toEqual(["active_occupants_count: expected a whole number"]);
  });
});

describe("conferenceFromRoomName", () => {
  test("is the room name itself when it has no MUC part", () => {
    expect(conferenceFromRoomName(CONFERENCE)).toBe(CONFERENCE);
  });

  test("drops the MUC part of a JID", () => {
    expect(conferenceFromRoomName(`${CONFERENCE}@conference.meet.example.org`)).toBe(CONFERENCE);
  });

  test("lower-cases the name as Prosody does", () => {
    expect(conferenceFromRoomName(CONFERENCE.toUpperCase())).toBe(CONFERENCE);
  });
});

describe("roomIdForEventRoomName", () => {
  test("leads from the fixtures' room name to the Matrix room", () => {
    expect(roomIdForEventRoomName(fixture("room-created.json")["room_name"] as string)).toBe(
      "!AbCdEfGhIjKlMnOp:example.org",
    );
  });

  test("does not care about case or a MUC part", () => {
    expect(roomIdForEventRoomName(`${CONFERENCE.toUpperCase()}@conference.meet.example.org`)).toBe(
      "!AbCdEfGhIjKlMnOp:example.org",
    );
  });

  test.each(["lobby-test", "", "mzxw6"])("is undefined for %p, which names no Matrix room", (name) => {
    expect(roomIdForEventRoomName(name)).toBeUndefined();
  });
});
