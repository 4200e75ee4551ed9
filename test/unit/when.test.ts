import { errorOf } from "../support/user-error.js";
import { parseDate, parseOccurrenceDate, parseWhen } from "../../core/meetings/when.js";

// Friday 20 November 2026, 10:00 in Berlin (CET, UTC+1).
const now = new Date("2026-11-20T09:00:00Z");
const berlin = { now, timezone: "Europe/Berlin" };

function startIn(text: string, options = berlin): string {
  return parseWhen(text, options).toISO()!;
}

describe("parseWhen", () => {
  test.each([
    ["2026-12-01 10:00", "2026-12-01T10:00:00.000+01:00"],
    ["2026-12-01T10:00", "2026-12-01T10:00:00.000+01:00"],
  ])("reads the ISO form %s as wall-clock time in the zone", (text, expected) => {
    expect(startIn(text)).toBe(expected);
  });

  test.each([
    ["1.12.2026 10:00", "2026-12-01T10:00:00.000+01:00"],
    ["01.12.2026 10:00 Uhr", "2026-12-01T10:00:00.000+01:00"],
    ["morgen 10 Uhr", "2026-11-21T10:00:00.000+01:00"],
    ["übermorgen 9:30", "2026-11-22T09:30:00.000+01:00"],
    ["nächsten Montag 14:30", "2026-11-23T14:30:00.000+01:00"],
    ["am Montag um 10", "2026-11-23T10:00:00.000+01:00"],
    ["morgen um 10.30 Uhr", "2026-11-21T10:30:00.000+01:00"],
    ["in 2 Stunden", "2026-11-20T12:00:00.000+01:00"],
  ])("understands the German %s", (text, expected) => {
    expect(startIn(text)).toBe(expected);
  });

  test.each([
    ["tomorrow 10:00", "2026-11-21T10:00:00.000+01:00"],
    ["next monday 14:30", "2026-11-23T14:30:00.000+01:00"],
    ["in 2h", "2026-11-20T12:00:00.000+01:00"],
    ["in 30 min", "2026-11-20T10:30:00.000+01:00"],
    ["dec 1 10am", "2026-12-01T10:00:00.000+01:00"],
  ])("understands the English %s", (text, expected) => {
    expect(startIn(text)).toBe(expected);
  });

  test("reads dotted dates day first, as German staff write them", () => {
    expect(startIn("12.1.2027 10:00")).toBe("2027-01-12T10:00:00.000+01:00");
  });

  test("a bare time that has passed today means that time tomorrow", () => {
    expect(startIn("9:00")).toBe("2026-11-21T09:00:00.000+01:00");
  });

  test("relative times drop the seconds of now, since meetings start on whole minutes", () => {
    const options = { now: new Date("2026-11-20T09:00:42.500Z"), timezone: "Europe/Berlin" };
    expect(startIn("in 30 min", options)).toBe("2026-11-20T10:30:00.000+01:00");
  });

  test("a wall-clock time across the autumn change keeps the hour typed", () => {
    const saturday = { now: new Date("2026-10-24T10:00:00Z"), timezone: "Europe/Berlin" };
    expect(startIn("morgen 10 Uhr", saturday)).toBe("2026-10-25T10:00:00.000+01:00");
  });

  test("a relative time across the autumn change counts real hours", () => {
    const saturday = { now: new Date("2026-10-24T10:00:00Z"), timezone: "Europe/Berlin" };
    expect(parseWhen("in 24 Stunden", saturday).toUTC().toISO()).toBe("2026-10-25T10:00:00.000Z");
  });

  test("interprets the time in the zone it is given", () => {
    expect(startIn("2026-12-01 10:00", { now, timezone: "America/New_York" })).toBe(
      "2026-12-01T10:00:00.000-05:00",
    );
  });

  test("an explicit offset names that instant", () => {
    expect(parseWhen("2026-12-01T10:00Z", berlin).toUTC().toISO()).toBe("2026-12-01T10:00:00.000Z");
  });

  test("text that is no date is refused with an example for tomorrow", () => {
    const error = errorOf(() => parseWhen("Team call", berlin));
    expect(error.key).toBe("when.unparseable");
    expect(error.params).toEqual({ text: "Team call", example: "2026-11-21 10:00" });
  });

  test("a date followed by words chrono does not understand is refused rather than half read", () => {
    expect(errorOf(() => parseWhen("next week monday 10:00", berlin)).key).toBe("when.unparseable");
  });

  test("an impossible date is refused", () => {
    expect(errorOf(() => parseWhen("31.2.2027 10:00", berlin)).key).toBe("when.unparseable");
  });

  test("a year-first date with an impossible month is refused rather than read with day and month swapped", () => {
    expect(errorOf(() => parseWhen("2027-13-01 10:00", berlin)).key).toBe("when.unparseable");
  });

  test("a time range is refused, since the end belongs to the duration", () => {
    expect(errorOf(() => parseWhen("1.12.2026 10:00-11:00", berlin)).key).toBe("when.unparseable");
  });

  test("a date without a time is refused, with the date and a time as the example", () => {
    const error = errorOf(() => parseWhen("morgen", berlin));
    expect(error.key).toBe("when.no_time");
    expect(error.params).toEqual({ text: "morgen", example: "morgen 10:00" });
  });

  test("a time in the past is refused, saying how it was understood", () => {
    const error = errorOf(() => parseWhen("1.11.2026 10:00", berlin));
    expect(error.key).toBe("when.in_past");
    expect(error.params).toEqual({
      text: "1.11.2026 10:00",
      when: "2026-11-01 10:00",
      example: "2026-11-21 10:00",
    });
  });

  test("an unknown zone is a programming error, not the user's", () => {
    expect(() => parseWhen("morgen 10 Uhr", { now, timezone: "Mars/Olympus" })).toThrow(RangeError);
  });
});

describe("parseDate", () => {
  test.each([
    ["31.12.2026", "2026-12-31T23:59:59.999+01:00"],
    ["2027-03-31", "2027-03-31T23:59:59.999+02:00"],
    ["übermorgen", "2026-11-22T23:59:59.999+01:00"],
    ["next friday", "2026-11-27T23:59:59.999+01:00"],
  ])("takes %s as the end of that day in the zone", (text, expected) => {
    expect(parseDate(text, berlin).toISO()).toBe(expected);
  });

  test("today is not yet past", () => {
    expect(parseDate("heute", berlin).toISO()).toBe("2026-11-20T23:59:59.999+01:00");
  });

  test("text that is no date is refused with an example", () => {
    const error = errorOf(() => parseDate("soon", berlin));
    expect(error.key).toBe("when.date_unparseable");
    expect(error.params).toEqual({ text: "soon", example: "2027-02-21" });
  });

  test("a date with a time is refused, since only the day counts", () => {
    expect(errorOf(() => parseDate("31.12.2026 18:00", berlin)).key).toBe("when.date_has_time");
  });

  test("a day already over is refused", () => {
    const error = errorOf(() => parseDate("19.11.2026", berlin));
    expect(error.key).toBe("when.date_in_past");
    expect(error.params).toMatchObject({ date: "2026-11-19" });
  });
});

describe("parseOccurrenceDate", () => {
  test("gives the day in the zone as yyyy-MM-dd", () => {
    expect(parseOccurrenceDate("1.12.2026", berlin)).toBe("2026-12-01");
  });

  test("refuses a day already over, like parseDate", () => {
    expect(errorOf(() => parseOccurrenceDate("2026-11-19", berlin)).key).toBe("when.date_in_past");
  });
});
