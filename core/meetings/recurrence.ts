import { DateTime } from "luxon";
import rrulePackage from "rrule";
import { UserError } from "../errors/user-error.js";
import type { Meeting, Occurrence } from "./model.js";

// rrule ships a CommonJS bundle whose named exports Node's ESM loader cannot see.
const { RRule } = rrulePackage;

export type Schedule = Pick<Meeting, "start" | "timezone" | "rrule" | "exdates" | "durationMinutes"> &
  Partial<Pick<Meeting, "overrides">>;

export interface OccurrenceRange {
  from: Date;
  to: Date;
  limit?: number;
}

const WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";

const KEYWORDS = new Map<string, string>([
  ...["daily", "täglich", "day", "tag"].map((k) => [k, "FREQ=DAILY"] as const),
  ...["weekdays", "weekday", "werktags", "werktäglich", "werktag", "wochentags"].map(
    (k) => [k, WEEKDAYS] as const,
  ),
  ...["weekly", "wöchentlich", "week", "woche"].map((k) => [k, "FREQ=WEEKLY"] as const),
  ...[
    "biweekly",
    "fortnightly",
    "zweiwöchentlich",
    "other week",
    "two weeks",
    "zweite woche",
    "zwei wochen",
  ].map((k) => [k, "FREQ=WEEKLY;INTERVAL=2"] as const),
  ...["monthly", "monatlich", "month", "monat"].map((k) => [k, "FREQ=MONTHLY"] as const),
]);

const UNIT_FREQUENCIES = new Map<string, string>([
  ...["day", "days", "tag", "tage"].map((u) => [u, "DAILY"] as const),
  ...["week", "weeks", "woche", "wochen"].map((u) => [u, "WEEKLY"] as const),
  ...["month", "months", "monat", "monate"].map((u) => [u, "MONTHLY"] as const),
]);

/**
 * The RRULE body (no DTSTART) for a repetition as typed after "every"/"jede": "weekly", "werktags",
 * "alle 2 Wochen", "3 weeks", or a raw "RRULE:FREQ=...". The leading "every"/"alle"/"jede" may be
 * included or not, since the command grammar takes it as its keyword.
 */
export function ruleFromKeyword(text: string): string {
  const typed = text.trim();
  if (/^rrule:/i.test(typed)) return validatedRule(typed);
  const phrase = typed
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^(?:every|alle|jede[nrs]?) /, "");
  const known = KEYWORDS.get(phrase);
  if (known) return known;
  const [, count = "", unit = ""] = /^(\d{1,2}) (\p{L}+)$/u.exec(phrase) ?? [];
  const frequency = UNIT_FREQUENCIES.get(unit);
  if (!frequency || Number(count) < 1) throw new UserError("rule.unknown", { text: typed });
  return Number(count) === 1 ? `FREQ=${frequency}` : `FREQ=${frequency};INTERVAL=${Number(count)}`;
}

const SUB_DAILY_PARTS = new Set(["BYHOUR", "BYMINUTE", "BYSECOND"]);
const SUB_DAILY_FREQUENCIES = new Set(["HOURLY", "MINUTELY", "SECONDLY"]);

const list = (item: string) => new RegExp(`^${item}(?:,${item})*$`);
const WEEKDAY = "(?:MO|TU|WE|TH|FR|SA|SU)";
const WEEK_NUMBER = "[+-]?(?:[1-9]|[1-4]\\d|5[0-3])";
const DAY_OF_YEAR = "[+-]?(?:[1-9]|[1-9]\\d|[12]\\d\\d|3[0-5]\\d|36[0-6])";

/**
 * RFC 5545 value grammar of the parts Plenum accepts. rrule's own parser takes values such as
 * "COUNT=abc" or "BYDAY=XX" without complaint, so they are checked here first.
 */
const PART_GRAMMAR = new Map<string, RegExp>([
  ["FREQ", /^(?:YEARLY|MONTHLY|WEEKLY|DAILY)$/],
  ["INTERVAL", /^[1-9]\d{0,2}$/],
  ["COUNT", /^[1-9]\d{0,3}$/],
  ["UNTIL", /^\d{8}(?:T\d{6}Z?)?$/],
  ["BYDAY", list(`(?:${WEEK_NUMBER})?${WEEKDAY}`)],
  ["BYMONTHDAY", list("[+-]?(?:[1-9]|[12]\\d|3[01])")],
  ["BYMONTH", list("(?:[1-9]|1[0-2])")],
  ["BYYEARDAY", list(DAY_OF_YEAR)],
  ["BYWEEKNO", list(WEEK_NUMBER)],
  ["BYSETPOS", list(DAY_OF_YEAR)],
  ["WKST", new RegExp(`^${WEEKDAY}$`)],
]);

function validatedRule(typed: string): string {
  const body = typed.slice("RRULE:".length).trim().toUpperCase();
  const invalid = () => new UserError("rule.invalid_rrule", { text: typed });
  const names = new Set<string>();
  for (const part of body.split(";")) {
    const [name = "", value, ...extra] = part.split("=");
    if (SUB_DAILY_PARTS.has(name) || (name === "FREQ" && SUB_DAILY_FREQUENCIES.has(value ?? ""))) {
      throw new UserError("rule.too_frequent", { text: typed });
    }
    const grammar = PART_GRAMMAR.get(name);
    if (!grammar || value === undefined || extra.length > 0 || names.has(name) || !grammar.test(value)) {
      throw invalid();
    }
    if (name === "UNTIL" && !isCalendarDate(value)) throw invalid();
    names.add(name);
  }
  if (!names.has("FREQ") || (names.has("COUNT") && names.has("UNTIL"))) throw invalid();
  return RRule.optionsToString(RRule.parseString(body)).replace(/^RRULE:/, "");
}

function isCalendarDate(until: string): boolean {
  const [date = "", time = "T000000"] = until.replace(/Z$/, "").split(/(?=T)/);
  return DateTime.fromFormat(`${date}${time}`, "yyyyMMdd'T'HHmmss", { zone: "UTC" }).isValid;
}

/** The rule ending with the day `until` (inclusive); a COUNT it had is replaced, as RFC 5545 allows only one. */
export function withUntil(rule: string, until: DateTime): string {
  const kept = rule.split(";").filter((part) => !/^(?:UNTIL|COUNT)=/i.test(part));
  return [...kept, `UNTIL=${until.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`].join(";");
}

/** Whether the series goes on for ever. */
export function isOpenEnded(rule: string): boolean {
  return !/(?:^|;)(?:UNTIL|COUNT)=/i.test(rule);
}

/**
 * The occurrences that overlap the range (start before `to`, end after `from`), in order, without
 * cancelled ones, at most `limit`. A series keeps its wall-clock time in its zone across
 * daylight-saving changes.
 */
export function occurrences(schedule: Schedule, range: OccurrenceRange): Occurrence[] {
  const { from, to, limit = Infinity } = range;
  // An occurrence that started before `from` may still be running at `from`.
  const earliestStart = new Date(from.getTime() - schedule.durationMinutes * 60_000);
  return collect(
    schedule,
    { from: earliestStart, to },
    (o) => o.start.getTime() < to.getTime() && o.end.getTime() > from.getTime(),
    limit,
  );
}

/** Beyond this the search for a next occurrence stops; it also bounds rules that never match. */
const SEARCH_YEARS = 100;

/** The first occurrence that starts strictly after `after`. */
export function nextOccurrence(schedule: Schedule, after: Date): Occurrence | undefined {
  const horizon = DateTime.fromJSDate(after).plus({ years: SEARCH_YEARS }).toJSDate();
  return collect(schedule, { from: after, to: horizon }, (o) => o.start.getTime() > after.getTime(), 1)[0];
}

/**
 * rrule's own time zone handling depends on the process's zone. Instead the series is expanded in
 * "floating" time, wall-clock times written as if they were UTC, and each result is placed in the
 * meeting's zone with luxon.
 */
function collect(
  schedule: Schedule,
  window: { from: Date; to: Date },
  accept: (occurrence: Occurrence) => boolean,
  limit: number,
): Occurrence[] {
  if (limit <= 0) return [];
  const zone = schedule.timezone;
  const first = DateTime.fromISO(schedule.start, { zone });
  if (!first.isValid) throw new RangeError(`Invalid meeting start ${schedule.start} in ${zone}`);
  const overrides = schedule.rrule === null ? [] : (schedule.overrides ?? []);
  // A moved date leaves its place in the rule like a cancelled one, and is met where it went.
  const skipped = new Set(
    [...schedule.exdates, ...overrides.map((o) => o.recurrenceId)].map((iso) =>
      DateTime.fromISO(iso).toMillis(),
    ),
  );
  const found: Occurrence[] = [];
  const occurrenceAt = (start: DateTime) => ({
    start: start.toJSDate(),
    end: start.plus({ minutes: schedule.durationMinutes }).toJSDate(),
  });
  const consider = (start: DateTime) => {
    if (skipped.has(start.toMillis())) return;
    const occurrence = occurrenceAt(start);
    if (accept(occurrence)) found.push(occurrence);
  };
  if (schedule.rrule === null) {
    consider(first);
    return found;
  }
  const options = RRule.parseString(schedule.rrule);
  const rule = new RRule({
    ...options,
    dtstart: floating(first),
    // UNTIL is an instant; in floating time it must become the wall-clock time of that instant.
    until: options.until ? floating(DateTime.fromJSDate(options.until, { zone })) : null,
  });
  // Wall-clock and real time differ by at most a day, so a day's margin finds every candidate;
  // `accept` then decides on real instants.
  const margin = { days: 1 };
  const windowStart = floating(DateTime.fromJSDate(window.from, { zone }).minus(margin));
  const windowEnd = floating(DateTime.fromJSDate(window.to, { zone }).plus(margin));
  rule.between(windowStart, windowEnd, true, (date) => {
    consider(DateTime.fromJSDate(date, { zone: "UTC" }).setZone(zone, { keepLocalTime: true }));
    return found.length < limit;
  });
  // The rule's first `limit` dates that were not moved, merged with the moved ones, in order.
  const moved = overrides.map((o) => occurrenceAt(DateTime.fromISO(o.start, { zone }))).filter(accept);
  if (moved.length === 0) return found;
  return [...found, ...moved].sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
}

function floating(time: DateTime): Date {
  return time.setZone("UTC", { keepLocalTime: true }).toJSDate();
}
