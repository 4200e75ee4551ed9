import type { Meeting } from "../../core/meetings/model.js";

/**
 * A complete meeting, "Council" (K7Q-4MX), a one-off hour organised by @org:example.org, scheduled:
 * the one Meeting literal of the tests. A test overrides the fields it is about.
 */
export function testMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: "K7Q-4MX",
    title: "Council",
    description: null,
    organizer: "@org:example.org",
    originRoomId: "!team:example.org",
    roomId: "!meeting:example.org",
    timezone: "Europe/Berlin",
    start: "2026-11-23T10:00:00+01:00",
    durationMinutes: 60,
    rrule: null,
    exdates: [],
    overrides: [],
    jitsiDomain: "meet.example.org",
    conferenceName: "CONF",
    status: "scheduled",
    sequence: 0,
    participants: ["@org:example.org"],
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

/** A live meeting in `roomId`, conference "CONF", created and last changed at `at`: for storage tests. */
export function storedMeeting(roomId: string, at: number): Meeting {
  return testMeeting({ roomId, status: "live", createdAt: at, updatedAt: at });
}
