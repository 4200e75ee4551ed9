import ical, {
  escape,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  formatDateTZ,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
  type ICalEvent,
} from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Meeting, OccurrenceOverride } from "./model.js";

/** What an .ics file needs besides the meetings themselves. */
export interface MeetingIcsOptions {
  /** Opens the meeting's Matrix room; also the event's URL. */
  roomLink(meeting: Meeting): string;
  /** Telephone dial-in details, when the meeting has any. */
  dialIn?(meeting: Meeting): string | undefined;
  /** When the file is made (DTSTAMP). */
  now: Date;
}

export interface CalendarIcsOptions extends MeetingIcsOptions {
  /** The feed's name as calendar clients show it. */
  name: string;
}

/** A subscribable feed of the meetings; cancelled ones stay in it as CANCELLED so clients remove them. */
export function renderCalendar(meetings: Meeting[], options: CalendarIcsOptions): string {
  const calendar = newCalendar();
  // ical-generator writes NAME and X-WR-CALNAME unescaped, unlike every other text property.
  calendar.name(escape(options.name, false));
  for (const meeting of meetings) addEvent(calendar, meeting, options);
  return finish(calendar);
}

/**
 * One meeting's .ics to import or attach. It has no calendar name: Outlook imports a named file as a calendar
 * of its own.
 */
export function renderMeeting(meeting: Meeting, options: MeetingIcsOptions): string {
  const calendar = newCalendar();
  addEvent(calendar, meeting, options);
  return finish(calendar);
}

export interface InvitationIcsOptions extends MeetingIcsOptions {
  /** REQUEST invites or updates; CANCEL withdraws the meeting, one date of it, or the attendee. */
  method: "REQUEST" | "CANCEL";
  organizer: { name: string; email: string };
  attendee: string;
  /**
   * One date of a series, by the start the rule gives it (its RECURRENCE-ID): the file is the override
   * for that date alone, where it takes place now.
   */
  occurrence?: string;
}

/**
 * A meeting as an iTIP message (RFC 5546) for one attendee, to go with an e-mail: the same UID and
 * SEQUENCE as every other file of the meeting, so calendars update the entry they already have.
 */
export function renderInvitation(meeting: Meeting, options: InvitationIcsOptions): string {
  const calendar = newCalendar(ICalCalendarMethod[options.method]);
  if (options.occurrence) addOccurrence(calendar, meeting, options.occurrence, options);
  else addEvent(calendar, meeting, options);
  // The series and each date moved on its own (RECURRENCE-ID) carry the same organizer and attendee.
  for (const event of calendar.events()) {
    event.organizer(options.organizer);
    event.createAttendee({
      email: options.attendee,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: options.method === "REQUEST",
    });
    if (options.method === "CANCEL") event.status(ICalEventStatus.CANCELLED);
  }
  return finish(calendar);
}

/**
 * One date of a series on its own (RECURRENCE-ID), with no rule of its own. A date moved on its own
 * keeps the RECURRENCE-ID of its place in the rule and starts where it was moved to.
 */
function addOccurrence(
  calendar: ICalCalendar,
  meeting: Meeting,
  occurrence: string,
  options: MeetingIcsOptions,
): ICalEvent {
  const moved = overrideOf(meeting, occurrence);
  const start = moved?.start ?? occurrence;
  const event = addEvent(calendar, { ...meeting, start, rrule: null, exdates: [], overrides: [] }, options);
  event.recurrenceId(inZone(occurrence, meeting.timezone));
  return event;
}

/** The move of the date of a series whose place in the rule (RECURRENCE-ID) starts at `occurrence`. */
export function overrideOf(meeting: Meeting, occurrence: string): OccurrenceOverride | undefined {
  const at = DateTime.fromISO(occurrence).toMillis();
  return meeting.overrides.find((o) => DateTime.fromISO(o.recurrenceId).toMillis() === at);
}

function newCalendar(method = ICalCalendarMethod.PUBLISH): ICalCalendar {
  return ical({
    prodId: "//Plenum//Plenum//EN",
    method,
    // No calendar-wide zone (name null): with one, ical-generator would write DTSTAMP and LAST-MODIFIED as
    // local times, and RFC 5545 wants them in UTC. The generator is still asked for every zone an event uses.
    timezone: { name: null, generator: vtimezone },
  });
}

function addEvent(calendar: ICalCalendar, meeting: Meeting, options: MeetingIcsOptions): ICalEvent {
  const link = options.roomLink(meeting);
  const eventAt = (startIso: string) => {
    const start = inZone(startIso, meeting.timezone);
    return calendar.createEvent({
      id: `${meeting.id}@plenum`,
      sequence: meeting.sequence,
      stamp: options.now,
      timezone: meeting.timezone,
      start,
      end: start.plus({ minutes: meeting.durationMinutes }),
      summary: meeting.title,
      description: [meeting.description, link, options.dialIn?.(meeting)].filter(Boolean).join("\n\n"),
      url: link || null,
      status: meeting.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      lastModified: new Date(meeting.updatedAt),
    });
  };
  const event = eventAt(meeting.start);
  if (!meeting.rrule) return event;
  // event.timezone(), not meeting.timezone: ical-generator writes the zone "UTC" as UTC times without TZID.
  event.repeating(recurrence(meeting.rrule, meeting.exdates, event.timezone()));
  // A date moved on its own: an overridden instance, same UID, naming the date it replaces (RFC 5545 3.8.4.4).
  for (const moved of meeting.overrides) {
    eventAt(moved.start).recurrenceId(inZone(moved.recurrenceId, meeting.timezone));
  }
  return event;
}

// ical-generator only writes EXDATE for rules it assembles from its own options, and the meeting's rule has
// to go out as it is. It does take rule text with further lines (as rrule.js prints a rule set), so the
// EXDATEs go there.
function recurrence(rrule: string, exdates: string[], zone: string | null): string {
  const exdateLines = exdates.map((exdate) =>
    formatDateTZ(zone, "EXDATE", inZone(exdate, zone ?? "UTC"), { timezone: zone }),
  );
  return [`RRULE:${rrule}`, ...exdateLines].join("\n");
}

// A Luxon DateTime rather than a Date: ical-generator renders a Date in a TZID with the process's own clock,
// and converts a DateTime into the zone itself.
function inZone(iso: string, zone: string): DateTime {
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  if (!time.isValid)
    throw new Error(`Cannot place ${iso} in the time zone ${zone}: ${time.invalidExplanation}`);
  return time;
}

function vtimezone(zone: string): string {
  const found = tzlib_get_ical_block(zone);
  const block = Array.isArray(found) ? found[0] : undefined;
  if (!block) throw new Error(`No VTIMEZONE is known for the time zone ${zone}`);
  // For a linked zone such as Europe/Amsterdam the library returns its target's block (TZID:Europe/Brussels).
  // The rules are the same, but the events look the block up by the name they carry.
  return block
    .replace(/^TZID:.*$/m, `TZID:${zone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

// RFC 5545 ends every content line with CRLF, the last one included; ical-generator leaves the last one open.
function finish(calendar: ICalCalendar): string {
  return `${calendar.toString()}\r\n`;
}
