import type { Meeting } from "../../core/meetings/model.js";

/** A live meeting in `roomId`, conference "CONF", created and last changed at `at`: for storage tests. */
export function storedMeeting(roomId: string, at: number): Meeting {
  return {
    id: "K7Q-4MX",
    title: "Council",
    description: null,
    organizer: "@org:example.org",
    originRoomId: "!team:example.org",
    roomId,
    timezone: "Europe/Berlin",
    start: "2026-11-23T10:00:00+01:00",
    durationMinutes: 60,
    rrule: null,
    exdates: [],
    jitsiDomain: "meet.example.org",
    conferenceName: "CONF",
    status: "live",
    sequence: 0,
    participants: ["@org:example.org"],
    createdAt: at,
    updatedAt: at,
  };
}
