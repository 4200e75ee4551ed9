/** A meeting as Plenum keeps it: one-off, or a series with an RRULE, in its own Matrix room. */
export type MeetingStatus = "scheduled" | "live" | "ended" | "cancelled";

export interface Meeting {
  /** Short, readable, not guessable in sequence, e.g. "K7Q-4MX". */
  id: string;
  title: string;
  description: string | null;
  organizer: string;
  originRoomId: string;
  /** The meeting room; null only while it is being created. */
  roomId: string | null;
  /** IANA zone in which the meeting's wall-clock times and recurrence are defined. */
  timezone: string;
  /** Start of the first occurrence, ISO 8601 with the zone's offset, e.g. "2026-12-01T10:00:00+01:00". */
  start: string;
  durationMinutes: number;
  /** RFC 5545 recurrence rule without DTSTART, e.g. "FREQ=WEEKLY;UNTIL=20270301T000000Z"; null for one-off. */
  rrule: string | null;
  /** Starts (ISO 8601 with offset) of cancelled occurrences of a series. */
  exdates: string[];
  /** Single occurrences of a series moved elsewhere: ICS overridden instances (RECURRENCE-ID). */
  overrides: OccurrenceOverride[];
  jitsiDomain: string;
  conferenceName: string;
  status: MeetingStatus;
  /** Bumped on every change; ICS SEQUENCE. */
  sequence: number;
  /** Matrix user ids invited to the meeting (the organizer included). */
  participants: string[];
  createdAt: number;
  updatedAt: number;
}

/** One date of a series, moved: both starts ISO 8601 with the meeting zone's offset. */
export interface OccurrenceOverride {
  /** The start the rule gives the occurrence (its RECURRENCE-ID). */
  recurrenceId: string;
  /** Where it was moved to; it keeps the meeting's duration. */
  start: string;
}

/** One occurrence of a meeting, as absolute instants. */
export interface Occurrence {
  start: Date;
  end: Date;
}
