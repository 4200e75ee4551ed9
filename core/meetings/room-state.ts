import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { isServerName, roomIdSchema, userIdSchema } from "../matrix/ids.js";
import type { Meeting, MeetingStatus } from "./model.js";

/** State event (state key "") in which a meeting room describes its meeting. */
export const MEETING_STATE = "org.plenum.meeting";
/** `m.room.create` `type` that marks a room as a Plenum meeting room. */
export const MEETING_ROOM_TYPE = "org.plenum.meeting";
/** Element's (legacy, still the only one it reads from rooms) widget state event type. */
export const WIDGET_STATE = "im.vector.modular.widgets";
/** Element's per-room widget layout, "set layout for everyone". */
export const WIDGET_LAYOUT = "io.element.widgets.layout";

/** Schema version of the `org.plenum.meeting` content; bumped on incompatible changes only. */
export const MEETING_STATE_VERSION = 1;

// A type alias rather than an interface: it fits `Record<string, unknown>` event content parameters.
export type MeetingState = {
  id: string;
  title: string;
  description: string | null;
  organizer: string;
  origin_room_id: string;
  timezone: string;
  /** First occurrence, ISO 8601 with the zone's offset. */
  start: string;
  end: string;
  rrule: string | null;
  exdates: string[];
  /** Single dates of the series moved elsewhere: the start the rule gives, and where it now is. */
  overrides: { recurrence_id: string; start: string; end: string }[];
  /**
   * Null only in the state the room is created with: Element's `openidtoken-jwt` conference is named
   * after the room id, so it follows once the room exists.
   */
  jitsi: { domain: string; conference: string } | null;
  status: MeetingStatus;
  version: typeof MEETING_STATE_VERSION;
};

export type ParsedMeetingState = { ok: true; value: MeetingState } | { ok: false; problems: string[] };

export function meetingStateContent(meeting: Meeting): MeetingState {
  const start = inZone(meeting.start, meeting.timezone);
  return {
    id: meeting.id,
    title: meeting.title,
    description: meeting.description,
    organizer: meeting.organizer,
    origin_room_id: meeting.originRoomId,
    timezone: meeting.timezone,
    start: iso(start),
    // Minutes are added as elapsed time, so an occurrence spanning a DST change keeps its length.
    end: iso(start.plus({ minutes: meeting.durationMinutes })),
    rrule: meeting.rrule,
    exdates: meeting.exdates.map((exdate) => iso(inZone(exdate, meeting.timezone))),
    overrides: meeting.overrides.map((moved) => {
      const movedStart = inZone(moved.start, meeting.timezone);
      return {
        recurrence_id: iso(inZone(moved.recurrenceId, meeting.timezone)),
        start: iso(movedStart),
        end: iso(movedStart.plus({ minutes: meeting.durationMinutes })),
      };
    }),
    jitsi: meeting.conferenceName
      ? { domain: meeting.jitsiDomain, conference: meeting.conferenceName }
      : null,
    status: meeting.status,
    version: MEETING_STATE_VERSION,
  };
}

/** Room state can be written by anyone with enough power, or by a future Plenum: check every field. */
export function parseMeetingState(content: unknown): ParsedMeetingState {
  const result = meetingStateSchema.safeParse(content);
  if (!result.success)
    return { ok: false, problems: result.error.issues.map((issue) => describeIssue(issue, content)) };
  const state = result.data;
  if (Date.parse(state.end) <= Date.parse(state.start))
    return { ok: false, problems: ["end: must be after start"] };
  return { ok: true, value: state };
}

function inZone(isoText: string, zone: string): DateTime {
  const parsed = DateTime.fromISO(isoText, { zone });
  if (!parsed.isValid) throw new Error(`not an ISO 8601 date-time in ${zone}: ${isoText}`);
  return parsed;
}

function iso(dateTime: DateTime): string {
  return dateTime.toISO({ suppressMilliseconds: true }) as string;
}

const dateTime = z.iso.datetime({ offset: true, error: "expected an ISO 8601 date-time with offset" });
const timezone = z.string().refine(IANAZone.isValidZone, "expected an IANA time zone such as Europe/Berlin");
const rrule = z
  .string()
  .regex(/^[A-Z-]+=[^;\s]+(?:;[A-Z-]+=[^;\s]+)*$/, "expected an RFC 5545 RRULE value such as FREQ=WEEKLY")
  .refine((rule) => /(?:^|;)FREQ=/.test(rule), "an RRULE needs FREQ");
const statuses = ["scheduled", "live", "ended", "cancelled"] as const satisfies readonly MeetingStatus[];

const meetingStateSchema: z.ZodType<MeetingState> = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, "expected a meeting id such as K7Q-4MX"),
  title: z.string().min(1).max(200),
  description: z.string().nullable(),
  organizer: userIdSchema,
  origin_room_id: roomIdSchema,
  timezone,
  start: dateTime,
  end: dateTime,
  rrule: rrule.nullable(),
  exdates: z.array(dateTime),
  overrides: z.array(z.object({ recurrence_id: dateTime, start: dateTime, end: dateTime })),
  jitsi: z
    .object({
      domain: z.string().refine(isServerName, "expected a host name such as meet.example.org"),
      // Used as a URL path segment, so only URL-unreserved characters.
      conference: z.string().regex(/^[A-Za-z0-9._~-]{1,255}$/, "expected a Jitsi conference name"),
    })
    .nullable(),
  status: z.enum(statuses),
  version: z.literal(MEETING_STATE_VERSION),
});

function describeIssue(issue: z.core.$ZodIssue, content: unknown): string {
  const path = issue.path.map(String).join(".") || "(content)";
  const missing = issue.path.length > 0 && valueAt(content, issue.path) === undefined;
  return `${path}: ${missing ? "missing" : issue.message}`;
}

function valueAt(content: unknown, path: readonly PropertyKey[]): unknown {
  let value = content;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
