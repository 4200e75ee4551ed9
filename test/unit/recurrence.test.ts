import { DateTime } from "luxon";
import { errorOf } from "../support/user-error.js";
import {
  isOpenEnded,
  nextOccurrence,
  occurrences,
  ruleFromKeyword,
  withUntil,
  type Schedule,
} from "../../core/meetings/recurrence.js";

function series(start: string, rrule: string | null, extra: Partial<Schedule> = {}): Schedule {
  return { start, timezone: "Europe/Berlin", rrule, exdates: [], durationMinutes: 60, ...extra };
}

function startsIn(schedule: Schedule, from: string, to: string, limit?: number): string[] {
  return occurrences(schedule, { from: new Date(from), to: new Date(to), limit }).map((o) =>
    o.start.toISOString(),
  );
}

function berlinWallClock(dates: string[]): string[] {
  return dates.map((d) => DateTime.fromISO(d, { zone: "Europe/Berlin" }).toFormat("ccc yyyy-MM-dd HH:mm"));
}

describe("ruleFromKeyword", () => {
  test.each([
    ["daily", "FREQ=DAILY"],
    ["täglich", "FREQ=DAILY"],
    ["weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["werktags", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["werktäglich", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["weekly", "FREQ=WEEKLY"],
    ["wöchentlich", "FREQ=WEEKLY"],
    ["biweekly", "FREQ=WEEKLY;INTERVAL=2"],
    ["zweiwöchentlich", "FREQ=WEEKLY;INTERVAL=2"],
    ["alle 2 Wochen", "FREQ=WEEKLY;INTERVAL=2"],
    ["monthly", "FREQ=MONTHLY"],
    ["monatlich", "FREQ=MONTHLY"],
  ])("turns the keyword %s into %s", (text, rule) => {
    expect(ruleFromKeyword(text)).toBe(rule);
  });

  test.each([
    ["day", "FREQ=DAILY"],
    ["Tag", "FREQ=DAILY"],
    ["weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["Werktag", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["week", "FREQ=WEEKLY"],
    ["Woche", "FREQ=WEEKLY"],
    ["other week", "FREQ=WEEKLY;INTERVAL=2"],
    ["zweite Woche", "FREQ=WEEKLY;INTERVAL=2"],
    ["2 Wochen", "FREQ=WEEKLY;INTERVAL=2"],
    ["3 weeks", "FREQ=WEEKLY;INTERVAL=3"],
    ["3 Tage", "FREQ=DAILY;INTERVAL=3"],
    ["2 months", "FREQ=MONTHLY;INTERVAL=2"],
    ["Monat", "FREQ=MONTHLY"],
  ])("takes %s, the words after every/jede/alle, as %s", (text, rule) => {
    expect(ruleFromKeyword(text)).toBe(rule);
  });

  test("accepts the leading every, alle or jede as part of the text", () => {
    expect(ruleFromKeyword("every 2 weeks")).toBe("FREQ=WEEKLY;INTERVAL=2");
    expect(ruleFromKeyword("jede  Woche")).toBe("FREQ=WEEKLY");
    expect(ruleFromKeyword("Jeden Werktag")).toBe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
  });

  test("an interval of one is the plain frequency", () => {
    expect(ruleFromKeyword("1 week")).toBe("FREQ=WEEKLY");
  });

  test("passes a raw RRULE through without its prefix", () => {
    expect(ruleFromKeyword("RRULE:FREQ=WEEKLY;BYDAY=MO,WE")).toBe("FREQ=WEEKLY;BYDAY=MO,WE");
  });

  test("raw RRULEs are case-insensitive and come back in upper case", () => {
    expect(ruleFromKeyword("rrule:freq=monthly;byday=1mo")).toBe("FREQ=MONTHLY;BYDAY=+1MO");
  });

  test("a raw RRULE with a date-only UNTIL comes back with a UTC date-time", () => {
    expect(ruleFromKeyword("RRULE:FREQ=DAILY;UNTIL=20270301")).toBe("FREQ=DAILY;UNTIL=20270301T000000Z");
  });

  test.each([
    "RRULE:garbage",
    "RRULE:",
    "RRULE:INTERVAL=2",
    "RRULE:FREQ=FOO",
    "RRULE:FREQ=WEEKLY;BYDAY=XX",
    "RRULE:FREQ=DAILY;COUNT=abc",
    "RRULE:FREQ=DAILY;INTERVAL=0",
    "RRULE:FREQ=DAILY;UNTIL=20271345",
    "RRULE:FREQ=DAILY;COUNT=3;UNTIL=20270301T000000Z",
    "RRULE:FREQ=DAILY;FREQ=WEEKLY",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=32",
    "RRULE:FREQ=DAILY;;",
  ])("refuses the malformed %s", (text) => {
    const error = errorOf(() => ruleFromKeyword(text));
    expect(error.key).toBe("rule.invalid_rrule");
    expect(error.params).toEqual({ text });
  });

  test.each([
    "RRULE:FREQ=HOURLY",
    "RRULE:FREQ=MINUTELY",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=DAILY;BYHOUR=9,14",
  ])("refuses %s, which repeats more than once a day", (text) => {
    expect(errorOf(() => ruleFromKeyword(text)).key).toBe("rule.too_frequent");
  });

  test.each(["sometimes", "yearly", "0 weeks", "2 fortnights", ""])("refuses the unknown %p", (text) => {
    expect(errorOf(() => ruleFromKeyword(text)).key).toBe("rule.unknown");
  });
});

describe("withUntil and isOpenEnded", () => {
  const endOfDay = DateTime.fromISO("2026-11-16T23:59:59.999", { zone: "Europe/Berlin" });

  test("adds the end as a UTC UNTIL", () => {
    expect(withUntil("FREQ=WEEKLY", endOfDay)).toBe("FREQ=WEEKLY;UNTIL=20261116T225959Z");
  });

  test("replaces an earlier UNTIL or COUNT", () => {
    expect(withUntil("FREQ=DAILY;COUNT=5", endOfDay)).toBe("FREQ=DAILY;UNTIL=20261116T225959Z");
    expect(withUntil("FREQ=DAILY;UNTIL=20270101T000000Z", endOfDay)).toBe(
      "FREQ=DAILY;UNTIL=20261116T225959Z",
    );
  });

  test("a rule without UNTIL or COUNT is open-ended", () => {
    expect(isOpenEnded("FREQ=WEEKLY;INTERVAL=2")).toBe(true);
  });

  test("a rule with UNTIL or COUNT ends", () => {
    expect(isOpenEnded("FREQ=WEEKLY;UNTIL=20261116T225959Z")).toBe(false);
    expect(isOpenEnded("FREQ=WEEKLY;COUNT=4")).toBe(false);
  });
});

describe("occurrences", () => {
  test("a weekly series keeps 10:00 Berlin time across the October change, so its UTC hour moves", () => {
    const weekly = series("2026-10-19T10:00:00+02:00", "FREQ=WEEKLY");
    const starts = startsIn(weekly, "2026-10-19T00:00:00Z", "2026-11-16T00:00:00Z");
    expect(starts).toEqual([
      "2026-10-19T08:00:00.000Z",
      "2026-10-26T09:00:00.000Z",
      "2026-11-02T09:00:00.000Z",
      "2026-11-09T09:00:00.000Z",
    ]);
    expect(berlinWallClock(starts).map((s) => s.slice(-5))).toEqual(["10:00", "10:00", "10:00", "10:00"]);
  });

  test("a weekly series keeps 10:00 Berlin time across the March change", () => {
    const weekly = series("2027-03-15T10:00:00+01:00", "FREQ=WEEKLY");
    expect(startsIn(weekly, "2027-03-15T00:00:00Z", "2027-04-12T00:00:00Z")).toEqual([
      "2027-03-15T09:00:00.000Z",
      "2027-03-22T09:00:00.000Z",
      "2027-03-29T08:00:00.000Z",
      "2027-04-05T08:00:00.000Z",
    ]);
  });

  test("each occurrence ends its duration after its start", () => {
    const [first] = occurrences(series("2026-12-01T10:00:00+01:00", "FREQ=DAILY", { durationMinutes: 45 }), {
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2026-12-02T00:00:00Z"),
    });
    expect(first).toEqual({ start: new Date("2026-12-01T09:00:00Z"), end: new Date("2026-12-01T09:45:00Z") });
  });

  test("a biweekly series skips every other week", () => {
    const biweekly = series("2026-11-02T10:00:00+01:00", "FREQ=WEEKLY;INTERVAL=2");
    expect(berlinWallClock(startsIn(biweekly, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"))).toEqual([
      "Mon 2026-11-02 10:00",
      "Mon 2026-11-16 10:00",
      "Mon 2026-11-30 10:00",
    ]);
  });

  test("a weekday series skips Saturday and Sunday", () => {
    const weekdays = series("2026-11-20T10:00:00+01:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    expect(berlinWallClock(startsIn(weekdays, "2026-11-20T00:00:00Z", "2026-11-25T00:00:00Z"))).toEqual([
      "Fri 2026-11-20 10:00",
      "Mon 2026-11-23 10:00",
      "Tue 2026-11-24 10:00",
    ]);
  });

  test("cancelled occurrences are left out", () => {
    const weekly = series("2026-11-02T10:00:00+01:00", "FREQ=WEEKLY", {
      exdates: ["2026-11-09T10:00:00+01:00"],
    });
    expect(berlinWallClock(startsIn(weekly, "2026-11-01T00:00:00Z", "2026-11-24T00:00:00Z"))).toEqual([
      "Mon 2026-11-02 10:00",
      "Mon 2026-11-16 10:00",
      "Mon 2026-11-23 10:00",
    ]);
  });

  test("an exdate matches by instant, whatever offset it is written in", () => {
    const weekly = series("2026-11-02T10:00:00+01:00", "FREQ=WEEKLY", { exdates: ["2026-11-09T09:00:00Z"] });
    expect(startsIn(weekly, "2026-11-08T00:00:00Z", "2026-11-10T00:00:00Z")).toEqual([]);
  });

  test("a monthly series on the 31st skips months without one, as rrule does", () => {
    const monthly = series("2027-01-31T10:00:00+01:00", "FREQ=MONTHLY");
    expect(berlinWallClock(startsIn(monthly, "2027-01-01T00:00:00Z", "2027-09-01T00:00:00Z"))).toEqual([
      "Sun 2027-01-31 10:00",
      "Wed 2027-03-31 10:00",
      "Mon 2027-05-31 10:00",
      "Sat 2027-07-31 10:00",
      "Tue 2027-08-31 10:00",
    ]);
  });

  test("UNTIL ends the series on the day given, including that day's occurrence", () => {
    const until = DateTime.fromISO("2026-11-16", { zone: "Europe/Berlin" }).endOf("day");
    const weekly = series("2026-11-02T10:00:00+01:00", withUntil("FREQ=WEEKLY", until));
    expect(berlinWallClock(startsIn(weekly, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"))).toEqual([
      "Mon 2026-11-02 10:00",
      "Mon 2026-11-09 10:00",
      "Mon 2026-11-16 10:00",
    ]);
  });

  test("COUNT counts occurrences from the start", () => {
    const threeTimes = series("2026-11-02T10:00:00+01:00", "FREQ=DAILY;COUNT=3");
    expect(startsIn(threeTimes, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z")).toHaveLength(3);
  });

  test("the limit caps how many are returned", () => {
    const daily = series("2026-11-02T10:00:00+01:00", "FREQ=DAILY");
    expect(startsIn(daily, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z", 2)).toEqual([
      "2026-11-02T09:00:00.000Z",
      "2026-11-03T09:00:00.000Z",
    ]);
  });

  test("an occurrence still running at the start of the range is included", () => {
    const daily = series("2026-11-02T10:00:00+01:00", "FREQ=DAILY");
    expect(startsIn(daily, "2026-11-03T09:30:00Z", "2026-11-03T09:45:00Z")).toEqual([
      "2026-11-03T09:00:00.000Z",
    ]);
  });

  test("an occurrence starting exactly at the end of the range is not included", () => {
    const daily = series("2026-11-02T10:00:00+01:00", "FREQ=DAILY");
    expect(startsIn(daily, "2026-11-03T08:00:00Z", "2026-11-03T09:00:00Z")).toEqual([]);
  });

  test("a one-off meeting is returned when it overlaps the range", () => {
    const once = series("2026-12-01T10:00:00+01:00", null);
    expect(startsIn(once, "2026-12-01T09:30:00Z", "2026-12-01T11:00:00Z")).toEqual([
      "2026-12-01T09:00:00.000Z",
    ]);
  });

  test("a one-off meeting that ended before the range is not returned", () => {
    const once = series("2026-12-01T10:00:00+01:00", null);
    expect(startsIn(once, "2026-12-01T10:00:00Z", "2026-12-02T00:00:00Z")).toEqual([]);
  });
});

describe("nextOccurrence", () => {
  const weekly = series("2026-11-02T10:00:00+01:00", "FREQ=WEEKLY");

  test("is the first occurrence starting after the given instant", () => {
    expect(nextOccurrence(weekly, new Date("2026-11-04T00:00:00Z"))?.start).toEqual(
      new Date("2026-11-09T09:00:00Z"),
    );
  });

  test("an occurrence starting exactly at that instant is not the next one", () => {
    expect(nextOccurrence(weekly, new Date("2026-11-09T09:00:00Z"))?.start).toEqual(
      new Date("2026-11-16T09:00:00Z"),
    );
  });

  test("before the series begins it is the first occurrence", () => {
    expect(nextOccurrence(weekly, new Date("2026-01-01T00:00:00Z"))?.start).toEqual(
      new Date("2026-11-02T09:00:00Z"),
    );
  });

  test("skips cancelled occurrences", () => {
    const withGap = { ...weekly, exdates: ["2026-11-09T10:00:00+01:00"] };
    expect(nextOccurrence(withGap, new Date("2026-11-04T00:00:00Z"))?.start).toEqual(
      new Date("2026-11-16T09:00:00Z"),
    );
  });

  test("there is none after the last occurrence of a finished series", () => {
    const twice = series("2026-11-02T10:00:00+01:00", "FREQ=WEEKLY;COUNT=2");
    expect(nextOccurrence(twice, new Date("2026-11-09T09:00:00Z"))).toBeUndefined();
  });

  test("a one-off meeting has one before its start and none after", () => {
    const once = series("2026-12-01T10:00:00+01:00", null);
    expect(nextOccurrence(once, new Date("2026-11-30T00:00:00Z"))?.start).toEqual(
      new Date("2026-12-01T09:00:00Z"),
    );
    expect(nextOccurrence(once, new Date("2026-12-01T09:00:00Z"))).toBeUndefined();
  });
});
