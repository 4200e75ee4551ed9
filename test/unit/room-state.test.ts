import type { Meeting } from "../../core/meetings/model.js";
import { meetingStateContent, parseMeetingState } from "../../core/meetings/room-state.js";
import { testMeeting } from "../support/stored-meeting.js";

function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return testMeeting({
    title: "Steering Committee",
    description: "Quarterly review",
    organizer: "@alice:example.org",
    originRoomId: "!AbCdEfGhIjKlMnOp:example.org",
    roomId: null,
    start: "2026-12-01T10:00:00+01:00",
    durationMinutes: 90,
    rrule: "FREQ=WEEKLY;UNTIL=20270301T000000Z",
    exdates: ["2026-12-22T10:00:00+01:00"],
    conferenceName: "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY",
    sequence: 3,
    participants: ["@alice:example.org", "@bob:example.org"],
    createdAt: 1773320700000,
    updatedAt: 1773320700000,
    ...overrides,
  });
}

function validContent(): Record<string, unknown> {
  return { ...meetingStateContent(meeting()) };
}

function problemsOf(content: unknown): string[] {
  const result = parseMeetingState(content);
  return result.ok ? [] : result.problems;
}

describe("meeting state content", () => {
  test("carries the meeting's fields in snake case with schema version 1", () => {
    expect(meetingStateContent(meeting())).toEqual({
      id: "K7Q-4MX",
      title: "Steering Committee",
      description: "Quarterly review",
      organizer: "@alice:example.org",
      origin_room_id: "!AbCdEfGhIjKlMnOp:example.org",
      timezone: "Europe/Berlin",
      start: "2026-12-01T10:00:00+01:00",
      end: "2026-12-01T11:30:00+01:00",
      rrule: "FREQ=WEEKLY;UNTIL=20270301T000000Z",
      exdates: ["2026-12-22T10:00:00+01:00"],
      overrides: [],
      jitsi: { domain: "meet.example.org", conference: "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY" },
      status: "scheduled",
      version: 1,
    });
  });

  test("an occurrence across the spring-forward change ends with the summer offset, same length", () => {
    const content = meetingStateContent(
      meeting({ start: "2026-03-29T01:30:00+01:00", durationMinutes: 120 }),
    );
    expect(content.end).toBe("2026-03-29T04:30:00+02:00");
    expect(Date.parse(content.end) - Date.parse(content.start)).toBe(120 * 60_000);
  });

  test("a one-off meeting has null rrule and no exdates", () => {
    const content = meetingStateContent(meeting({ rrule: null, exdates: [] }));
    expect(content.rrule).toBeNull();
    expect(content.exdates).toEqual([]);
  });

  test("a start that is not an ISO date-time is a programming error, not silent garbage", () => {
    expect(() => meetingStateContent(meeting({ start: "tomorrow" }))).toThrow(/not an ISO 8601/);
  });
});

describe("parsing meeting state from a room", () => {
  test("accepts its own output unchanged", () => {
    const content = meetingStateContent(meeting());
    expect(parseMeetingState(content)).toEqual({ ok: true, value: content });
  });

  test("accepts its own output for a one-off meeting without description", () => {
    const content = meetingStateContent(meeting({ rrule: null, exdates: [], description: null }));
    expect(parseMeetingState(JSON.parse(JSON.stringify(content)))).toEqual({ ok: true, value: content });
  });

  test("accepts the state a room is created with, before its conference is named", () => {
    const content = meetingStateContent(meeting({ conferenceName: "" }));
    expect(content.jitsi).toBeNull();
    expect(parseMeetingState(content)).toEqual({ ok: true, value: content });
  });

  test("rejects content that is not an object", () => {
    expect(problemsOf(null)).toEqual(["(content): Invalid input: expected object, received null"]);
    expect(problemsOf([])).toHaveLength(1);
  });

  test("names every missing field", () => {
    expect(problemsOf({})).toEqual([
      "id: missing",
      "title: missing",
      "description: missing",
      "organizer: missing",
      "origin_room_id: missing",
      "timezone: missing",
      "start: missing",
      "end: missing",
      "rrule: missing",
      "exdates: missing",
      "overrides: missing",
      "jitsi: missing",
      "status: missing",
      "version: missing",
    ]);
  });

  test("names a missing nested field by its path", () => {
    const content = { ...validContent(), jitsi: { domain: "meet.example.org" } };
    expect(problemsOf(content)).toEqual(["jitsi.conference: missing"]);
  });

  test.each([
    ["title", 42],
    ["description", 7],
    ["exdates", "2026-12-22T10:00:00+01:00"],
    ["jitsi", "meet.example.org"],
    ["version", "1"],
  ])("rejects the field %s when it has the wrong type", (field, value) => {
    const problems = problemsOf({ ...validContent(), [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}: `));
  });

  test.each([
    ["without offset", "2026-12-01T10:00:00"],
    ["on a day that does not exist", "2026-02-30T10:00:00+01:00"],
    ["in prose", "next Tuesday"],
  ])("rejects a start %s", (_case, start) => {
    expect(problemsOf({ ...validContent(), start })).toEqual([
      "start: expected an ISO 8601 date-time with offset",
    ]);
  });

  test("rejects a start given as a timestamp", () => {
    expect(problemsOf({ ...validContent(), start: 1796115600000 })).toEqual([
      "start: expected an ISO 8601 date-time with offset",
    ]);
  });

  test("rejects a bad date among the exdates by its index", () => {
    const content = { ...validContent(), exdates: ["2026-12-22T10:00:00+01:00", "2026-13-01T10:00:00Z"] };
    expect(problemsOf(content)).toEqual(["exdates.1: expected an ISO 8601 date-time with offset"]);
  });

  test("rejects an end that is not after the start", () => {
    const content = { ...validContent(), end: "2026-12-01T09:00:00Z" };
    expect(problemsOf(content)).toEqual(["end: must be after start"]);
  });

  test("rejects an unknown status", () => {
    expect(problemsOf({ ...validContent(), status: "postponed" })).toEqual([
      expect.stringMatching(/^status: Invalid option/),
    ]);
  });

  test("rejects a newer schema version it cannot read", () => {
    expect(problemsOf({ ...validContent(), version: 2 })).toEqual(["version: Invalid input: expected 1"]);
  });

  test.each(["alice", "@alice", "@:example.org", "@ali ce:example.org", "!AbCd:example.org"])(
    "rejects the organizer %j",
    (organizer) => {
      expect(problemsOf({ ...validContent(), organizer })).toEqual([
        "organizer: expected a Matrix user id such as @alice:example.org",
      ]);
    },
  );

  test.each(["@bob:example.org", "!:example.org", "!AbCd:exa mple.org", "AbCd:example.org"])(
    "rejects the origin room %j",
    (originRoomId) => {
      expect(problemsOf({ ...validContent(), origin_room_id: originRoomId })).toEqual([
        "origin_room_id: expected a Matrix room id such as !abc:example.org",
      ]);
    },
  );

  test("accepts a room version 12 origin room, whose id has no server name", () => {
    const content = { ...validContent(), origin_room_id: "!yRT0fiZyIO-hvcBrNJf0v2_3hvRGY1iK7ASs4zMvjFg" };
    expect(problemsOf(content)).toEqual([]);
  });

  test("accepts user ids on a server with a port or an IPv6 literal", () => {
    expect(problemsOf({ ...validContent(), organizer: "@alice:example.org:8448" })).toEqual([]);
    expect(problemsOf({ ...validContent(), organizer: "@alice:[::1]:8448" })).toEqual([]);
  });

  test("rejects an unknown time zone", () => {
    expect(problemsOf({ ...validContent(), timezone: "Europe/Atlantis" })).toEqual([
      "timezone: expected an IANA time zone such as Europe/Berlin",
    ]);
  });

  test("rejects a recurrence rule without FREQ or with line breaks", () => {
    expect(problemsOf({ ...validContent(), rrule: "COUNT=3" })).toEqual(["rrule: an RRULE needs FREQ"]);
    expect(problemsOf({ ...validContent(), rrule: "FREQ=DAILY\nDTSTART:20260101T000000Z" })).toHaveLength(1);
  });

  test("rejects a conference name that would not survive as a URL path segment", () => {
    const content = { ...validContent(), jitsi: { domain: "meet.example.org", conference: "a/../b" } };
    expect(problemsOf(content)).toEqual(["jitsi.conference: expected a Jitsi conference name"]);
  });

  test("ignores keys it does not know, so a later minor addition does not break older readers", () => {
    expect(parseMeetingState({ ...validContent(), colour: "teal" })).toEqual({
      ok: true,
      value: meetingStateContent(meeting()),
    });
  });
});
