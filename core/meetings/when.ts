import * as chrono from "chrono-node";
import { DateTime, IANAZone } from "luxon";
import { UserError } from "../errors/user-error.js";

export interface WhenOptions {
  now: Date;
  /** IANA zone in which the typed wall-clock time is meant. */
  timezone: string;
}

/**
 * German first: staff write dates day-first, and where both parsers read the whole text the German
 * reading is the one they meant. The British English parser is day-first as well, so a mixed-language
 * "12/1/2026" still means 12 January.
 */
const PARSERS = [chrono.de.casual, chrono.en.GB];

/**
 * The longest date or time text handed to the parser, in characters. chrono's work grows with the
 * length of what it reads (faster than linearly for some German forms and runs of punctuation);
 * a real date fits in a fraction of this.
 */
export const MAX_WHEN_LENGTH = 100;

/** Words people put in front of a time ("am Montag", "on monday") that chrono may not swallow. */
const LEADING_PREPOSITION = /^(?:am|um|on|at)\s+/i;

/** What may be left over after chrono's match: "Uhr" after "10.30", or stray punctuation. */
const IGNORABLE_REST = /^[\s.,]*(?:uhr)?[\s.,]*$/i;

/**
 * A meeting start from what someone typed, such as "morgen 10 Uhr", "2026-12-01 10:00" or "in 2h".
 * A bare time or weekday means the next one to come. The wall-clock time is built in `timezone` so
 * that a date across a daylight-saving change keeps the time typed.
 */
export function parseWhen(text: string, options: WhenOptions): DateTime {
  const { now, timezone } = options;
  const example = `${tomorrow(options).toFormat("yyyy-MM-dd")} 10:00`;
  const typed = bounded(text, example);
  const result = parseWhole(typed, options);
  if (!result) throw new UserError("when.unparseable", { text: typed, example });
  if (!result.start.isCertain("hour")) {
    throw new UserError("when.no_time", { text: typed, example: `${typed} 10:00` });
  }
  const when = startOf(result, timezone);
  if (when.toMillis() < now.getTime()) {
    throw new UserError("when.in_past", { text: typed, when: when.toFormat("yyyy-MM-dd HH:mm"), example });
  }
  return when;
}

/**
 * A calendar day, such as the end of a series ("bis 31.12.2026"): the last moment of that day in
 * `timezone`, so that a meeting on that day still takes place.
 */
export function parseDate(text: string, options: WhenOptions): DateTime {
  const { now, timezone } = options;
  const example = tomorrow(options).plus({ months: 3 }).toFormat("yyyy-MM-dd");
  const typed = bounded(text, example);
  const result = parseWhole(typed, options);
  if (!result) throw new UserError("when.date_unparseable", { text: typed, example });
  if (result.start.isCertain("hour")) throw new UserError("when.date_has_time", { text: typed, example });
  const day = DateTime.fromObject(calendarDay(result.start), { zone: timezone }).endOf("day");
  if (day.toMillis() < now.getTime()) {
    throw new UserError("when.date_in_past", { text: typed, date: day.toFormat("yyyy-MM-dd"), example });
  }
  return day;
}

/** The day of one occurrence of a series, e.g. to cancel it: "yyyy-MM-dd", today or later. */
export function parseOccurrenceDate(text: string, options: WhenOptions): string {
  return parseDate(text, options).toFormat("yyyy-MM-dd");
}

/** The typed text, trimmed, if it is short enough to parse. */
function bounded(text: string, example: string): string {
  const typed = text.trim();
  if (typed.length > MAX_WHEN_LENGTH) throw new UserError("when.too_long", { max: MAX_WHEN_LENGTH, example });
  return typed;
}

function tomorrow({ now, timezone }: WhenOptions): DateTime {
  return DateTime.fromJSDate(now, { zone: zone(timezone) }).plus({ days: 1 });
}

function zone(timezone: string): string {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown time zone: ${timezone}`);
  return timezone;
}

/**
 * Only a reading of the whole text counts: taking the part chrono understood would turn
 * "next week monday 10:00" into "next week" and schedule something nobody asked for.
 */
function parseWhole(typed: string, { now, timezone }: WhenOptions): chrono.ParsedResult | undefined {
  const text = typed.replace(LEADING_PREPOSITION, "");
  // chrono computes in a fixed offset; the one in force now makes "morgen" and "heute" the zone's days.
  const reference = { instant: now, timezone: DateTime.fromJSDate(now, { zone: zone(timezone) }).offset };
  for (const parser of PARSERS) {
    const [result] = parser.parse(text, reference, { forwardDate: true });
    if (
      result &&
      !result.end &&
      result.index === 0 &&
      IGNORABLE_REST.test(text.slice(result.text.length)) &&
      keepsYearFirstDate(text, result)
    ) {
      return result;
    }
  }
  return undefined;
}

/**
 * chrono's English parsers read an impossible "2027-13-01" as 13 January by swapping month and day;
 * a year-first date must come out as written or not at all.
 */
function keepsYearFirstDate(text: string, result: chrono.ParsedResult): boolean {
  const written = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (!written) return true;
  const { year, month, day } = calendarDay(result.start);
  return Number(written[1]) === year && Number(written[2]) === month && Number(written[3]) === day;
}

function startOf(result: chrono.ParsedResult, timezone: string): DateTime {
  const tags = result.tags();
  // "in 2 Stunden" and explicit offsets name an instant, not a wall-clock time.
  const isInstant =
    tags.has("result/relativeDateAndTime") ||
    (!tags.has("result/relativeDate") && result.start.isCertain("timezoneOffset"));
  if (isInstant) return DateTime.fromJSDate(result.start.date(), { zone: timezone }).startOf("minute");
  const { start } = result;
  return DateTime.fromObject(
    { ...calendarDay(start), hour: start.get("hour") ?? 0, minute: start.get("minute") ?? 0 },
    { zone: timezone },
  );
}

/** chrono always fills in the date, as known or implied values. */
function calendarDay(components: chrono.ParsedComponents): { year: number; month: number; day: number } {
  return { year: components.get("year")!, month: components.get("month")!, day: components.get("day")! };
}
