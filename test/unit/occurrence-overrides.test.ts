import { nextOccurrence, occurrences, type Schedule } from "../../core/meetings/recurrence.js";

/** Every Monday 10:00 in Berlin from 7 December 2026, four times; the second moved to Wednesday 15:00. */
const series: Schedule = {
  start: "2026-12-07T10:00:00+01:00",
  timezone: "Europe/Berlin",
  rrule: "FREQ=WEEKLY;COUNT=4",
  exdates: [],
  durationMinutes: 60,
  overrides: [{ recurrenceId: "2026-12-14T10:00:00+01:00", start: "2026-12-16T15:00:00+01:00" }],
};

const iso = (dates: { start: Date }[]) => dates.map((o) => o.start.toISOString());

describe("a series with one date moved", () => {
  test("meets on the moved date instead of the rule's, in order among the others", () => {
    expect(iso(occurrences(series, { from: new Date("2026-12-01"), to: new Date("2027-01-31") }))).toEqual([
      "2026-12-07T09:00:00.000Z",
      "2026-12-16T14:00:00.000Z",
      "2026-12-21T09:00:00.000Z",
      "2026-12-28T09:00:00.000Z",
    ]);
  });

  test("the next occurrence after the first is the moved one, so its reminders follow it", () => {
    expect(nextOccurrence(series, new Date("2026-12-07T12:00:00Z"))?.start.toISOString()).toBe(
      "2026-12-16T14:00:00.000Z",
    );
  });

  test("a date moved later than the next one of the rule comes after it", () => {
    const later = {
      ...series,
      overrides: [{ recurrenceId: "2026-12-14T10:00:00+01:00", start: "2026-12-22T15:00:00+01:00" }],
    };
    expect(nextOccurrence(later, new Date("2026-12-07T12:00:00Z"))?.start.toISOString()).toBe(
      "2026-12-21T09:00:00.000Z",
    );
    expect(
      iso(occurrences(later, { from: new Date("2026-12-20"), to: new Date("2026-12-23"), limit: 2 })),
    ).toEqual(["2026-12-21T09:00:00.000Z", "2026-12-22T14:00:00.000Z"]);
  });
});
