import ICAL from "ical.js";
import { renderCalendar, renderMeeting, type CalendarIcsOptions } from "../../core/meetings/ics.js";
import type { Meeting } from "../../core/meetings/model.js";
import { testMeeting } from "../support/stored-meeting.js";

function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return testMeeting({
    title: "Jour fixe",
    organizer: "@anna:example.org",
    originRoomId: "!origin:example.org",
    start: "2026-12-01T10:00:00+01:00",
    conferenceName: "plenum-k7q-4mx",
    participants: ["@anna:example.org", "@ben:example.org"],
    createdAt: Date.parse("2026-11-20T09:00:00Z"),
    updatedAt: Date.parse("2026-11-21T09:30:00Z"),
    ...overrides,
  });
}

const options: CalendarIcsOptions = {
  name: "Plenum",
  roomLink: (m) => `https://matrix.to/#/${encodeURIComponent(m.roomId ?? "")}?via=example.org`,
  now: new Date("2026-11-22T08:00:00Z"),
};

/** Parses with ical.js, registering the file's own VTIMEZONEs first so that TZID times resolve by them. */
function parse(ics: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}

function events(ics: string): ICAL.Event[] {
  return parse(ics)
    .getAllSubcomponents("vevent")
    .map((component) => new ICAL.Event(component));
}

function onlyEvent(ics: string): ICAL.Event {
  const [event, ...others] = events(ics);
  expect(others).toHaveLength(0);
  if (!event) throw new Error("no VEVENT in the output");
  return event;
}

function occurrences(event: ICAL.Event, limit = 20): ICAL.Time[] {
  const expansion = event.iterator();
  const found: ICAL.Time[] = [];
  for (let next = expansion.next(); next && found.length < limit; next = expansion.next()) found.push(next);
  return found;
}

const utc = (time: ICAL.Time) => time.toJSDate().toISOString();

describe("iCalendar rendering", () => {
  test("a one-off meeting round-trips its start and end instants exactly", () => {
    const oneOff = meeting({
      timezone: "America/New_York",
      start: "2026-12-01T10:15:00-05:00",
      durationMinutes: 95,
    });

    const event = onlyEvent(renderMeeting(oneOff, options));

    expect(event.startDate.zone.tzid).toBe("America/New_York");
    expect(utc(event.startDate)).toBe("2026-12-01T15:15:00.000Z");
    expect(utc(event.endDate)).toBe("2026-12-01T16:50:00.000Z");
    expect(event.isRecurring()).toBe(false);
  });

  test("a weekly 10:00 series in Berlin stays at 10:00 local time across the end of summer time", () => {
    const series = meeting({ start: "2026-10-19T10:00:00+02:00", rrule: "FREQ=WEEKLY;COUNT=3" });

    const starts = occurrences(onlyEvent(renderMeeting(series, options)));

    expect(starts.map((start) => start.hour)).toEqual([10, 10, 10]);
    expect(starts.map(utc)).toEqual([
      "2026-10-19T08:00:00.000Z",
      "2026-10-26T09:00:00.000Z",
      "2026-11-02T09:00:00.000Z",
    ]);
  });

  test("the meeting's rule is written as it is", () => {
    const rrule = "FREQ=WEEKLY;UNTIL=20270301T225959Z;BYDAY=MO,TH";
    const ics = renderMeeting(meeting({ start: "2026-10-19T10:00:00+02:00", rrule }), options);

    expect(ics).toContain(`\r\nRRULE:${rrule}\r\n`);
  });

  test("EXDATEs remove exactly the cancelled occurrences", () => {
    const series = meeting({
      start: "2026-10-19T10:00:00+02:00",
      rrule: "FREQ=WEEKLY;UNTIL=20261116T225959Z",
      exdates: ["2026-10-26T10:00:00+01:00", "2026-11-09T10:00:00+01:00"],
    });

    const ics = renderMeeting(series, options);

    expect(ics).toContain("EXDATE;TZID=Europe/Berlin:20261026T100000\r\n");
    expect(occurrences(onlyEvent(ics)).map(utc)).toEqual([
      "2026-10-19T08:00:00.000Z",
      "2026-11-02T09:00:00.000Z",
      "2026-11-16T09:00:00.000Z",
    ]);
  });

  test("EXDATEs given with another offset still name the occurrence in the meeting's zone", () => {
    const series = meeting({
      start: "2026-10-19T10:00:00+02:00",
      rrule: "FREQ=WEEKLY;COUNT=3",
      exdates: ["2026-10-26T09:00:00Z"],
    });

    const starts = occurrences(onlyEvent(renderMeeting(series, options)));

    expect(starts.map(utc)).toEqual(["2026-10-19T08:00:00.000Z", "2026-11-02T09:00:00.000Z"]);
  });

  test("a meeting in UTC is written in UTC, its EXDATEs included", () => {
    const series = meeting({
      timezone: "UTC",
      start: "2026-10-19T08:00:00Z",
      rrule: "FREQ=DAILY;COUNT=3",
      exdates: ["2026-10-20T08:00:00Z"],
    });

    const ics = renderMeeting(series, options);

    expect(ics).not.toContain("TZID");
    expect(ics).toContain("\r\nDTSTART:20261019T080000Z\r\n");
    expect(occurrences(onlyEvent(ics)).map(utc)).toEqual([
      "2026-10-19T08:00:00.000Z",
      "2026-10-21T08:00:00.000Z",
    ]);
  });

  test("a meeting in a time zone nobody knows is refused rather than written without its VTIMEZONE", () => {
    expect(() => renderMeeting(meeting({ timezone: "Mars/Olympus_Mons" }), options)).toThrow(
      /Mars\/Olympus_Mons/,
    );
  });

  test("the UID stays the same across changes and SEQUENCE follows the meeting", () => {
    const before = onlyEvent(renderMeeting(meeting({ sequence: 0 }), options));
    const after = onlyEvent(
      renderMeeting(
        meeting({ sequence: 3, title: "Jour fixe (moved)", start: "2026-12-02T11:00:00+01:00" }),
        options,
      ),
    );

    expect(before.uid).toBe("K7Q-4MX@plenum");
    expect(after.uid).toBe("K7Q-4MX@plenum");
    expect(before.sequence).toBe(0);
    expect(after.sequence).toBe(3);
  });

  test("a cancelled meeting stays in the feed with STATUS:CANCELLED, the others are CONFIRMED", () => {
    const feed = renderCalendar(
      [
        meeting({ id: "AAA-111", status: "cancelled" }),
        meeting({ id: "BBB-222", status: "scheduled" }),
        meeting({ id: "CCC-333", status: "live" }),
        meeting({ id: "DDD-444", status: "ended" }),
      ],
      options,
    );

    const statuses = events(feed).map((event) => [
      event.uid,
      event.component.getFirstPropertyValue("status"),
    ]);
    expect(statuses).toEqual([
      ["AAA-111@plenum", "CANCELLED"],
      ["BBB-222@plenum", "CONFIRMED"],
      ["CCC-333@plenum", "CONFIRMED"],
      ["DDD-444@plenum", "CONFIRMED"],
    ]);
  });

  test("commas, semicolons, backslashes, quotes, line breaks, umlauts and emoji survive a round trip", () => {
    const title = 'Haushalt 2027: Büro, Räume; "Planung"\nTeil 2 \\ Ende 🗓️';
    const description = "Tagesordnung:\n1. Größe; Maße, Straße\n2. C:\\Ablage\\Protokoll";

    const event = onlyEvent(renderMeeting(meeting({ title, description }), options));

    expect(event.summary).toBe(title);
    expect(event.description.startsWith(`${description}\n\n`)).toBe(true);
  });

  test("the description carries the meeting's text, the room link and the dial-in details", () => {
    const withDialIn = { ...options, dialIn: () => "+49 30 1234567, PIN 4711#" };

    const event = onlyEvent(renderMeeting(meeting({ description: "Bitte Unterlagen lesen." }), withDialIn));

    const link = "https://matrix.to/#/!meeting%3Aexample.org?via=example.org";
    expect(event.description).toBe(`Bitte Unterlagen lesen.\n\n${link}\n\n+49 30 1234567, PIN 4711#`);
    expect(event.component.getFirstPropertyValue("url")).toBe(link);
  });

  test("without description or dial-in the description is the room link alone", () => {
    const event = onlyEvent(
      renderMeeting(meeting({ description: null }), { ...options, dialIn: () => undefined }),
    );

    expect(event.description).toBe("https://matrix.to/#/!meeting%3Aexample.org?via=example.org");
  });

  test("several meetings in several zones bring one VTIMEZONE per zone", () => {
    const feed = renderCalendar(
      [
        meeting({ id: "AAA-111", timezone: "Europe/Berlin", start: "2026-12-01T10:00:00+01:00" }),
        meeting({ id: "BBB-222", timezone: "America/New_York", start: "2026-12-01T10:00:00-05:00" }),
        meeting({ id: "CCC-333", timezone: "Europe/Berlin", start: "2026-12-02T10:00:00+01:00" }),
        meeting({ id: "DDD-444", timezone: "Asia/Kolkata", start: "2026-12-01T10:00:00+05:30" }),
      ],
      options,
    );

    const zones = parse(feed)
      .getAllSubcomponents("vtimezone")
      .map((zone) => zone.getFirstPropertyValue("tzid"));
    expect(zones.sort()).toEqual(["America/New_York", "Asia/Kolkata", "Europe/Berlin"]);
    expect(events(feed).map((event) => utc(event.startDate))).toEqual([
      "2026-12-01T09:00:00.000Z",
      "2026-12-01T15:00:00.000Z",
      "2026-12-02T09:00:00.000Z",
      "2026-12-01T04:30:00.000Z",
    ]);
  });

  test("a zone that tzdata links to another keeps its own name in the event and its VTIMEZONE", () => {
    const ics = renderMeeting(
      meeting({ timezone: "Europe/Amsterdam", start: "2026-07-01T10:00:00+02:00" }),
      options,
    );

    const zones = parse(ics)
      .getAllSubcomponents("vtimezone")
      .map((zone) => zone.getFirstPropertyValue("tzid"));
    expect(zones).toEqual(["Europe/Amsterdam"]);
    const event = onlyEvent(ics);
    expect(event.startDate.zone.tzid).toBe("Europe/Amsterdam");
    expect(utc(event.startDate)).toBe("2026-07-01T08:00:00.000Z");
  });

  test("the feed is a named PUBLISH calendar from Plenum with DTSTAMP and LAST-MODIFIED in UTC", () => {
    const feed = renderCalendar([meeting()], { ...options, name: "Plenum: Rat, Ausschüsse; Ämter" });
    const calendar = parse(feed);
    const event = calendar.getFirstSubcomponent("vevent");

    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Plenum//Plenum//EN");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    // ical.js does not know RFC 7986 NAME and hands its value over still escaped, so the raw lines are
    // checked.
    expect(feed).toContain("\r\nNAME:Plenum: Rat\\, Ausschüsse\\; Ämter\r\n");
    expect(feed).toContain("\r\nX-WR-CALNAME:Plenum: Rat\\, Ausschüsse\\; Ämter\r\n");
    expect(feed).toContain("\r\nDTSTAMP:20261122T080000Z\r\n");
    expect(feed).toContain("\r\nLAST-MODIFIED:20261121T093000Z\r\n");
    expect(String(event?.getFirstPropertyValue("dtstamp"))).toBe("2026-11-22T08:00:00Z");
  });

  test("a single meeting's file is a PUBLISH calendar without a calendar name", () => {
    const calendar = parse(renderMeeting(meeting(), options));

    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("name")).toBeNull();
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBeNull();
  });

  test("lines end in CRLF and long lines are folded to at most 75 octets (RFC 5545 3.1)", () => {
    const feed = renderCalendar(
      [meeting({ title: "Ü".repeat(60), description: "Sehr lange Beschreibung, ".repeat(20) })],
      options,
    );

    expect(feed).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect(feed.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = feed.slice(0, -2).split("\r\n");
    expect(lines.filter((line) => Buffer.byteLength(line, "utf8") > 75)).toEqual([]);
    expect(feed).toMatch(/\r\nSUMMARY:Ü+\r\n Ü+\r\n/);
    expect(feed).toMatch(/\r\nDESCRIPTION:[^\r\n]+(\r\n [^\r\n]+){4,}\r\n/);
  });
});
