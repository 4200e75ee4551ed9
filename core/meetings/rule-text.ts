import { DateTime, Info } from "luxon";
import { translate, type Locale, type MessageKey } from "../i18n/translate.js";

/** The series of a meeting as people say it: "every week on Monday until 31 March 2027". */
export interface SeriesInWords {
  /** RFC 5545 RRULE value without DTSTART, as a meeting keeps it. */
  rrule: string;
  /** First occurrence (ISO 8601 with offset): a rule without BYDAY or BYMONTHDAY repeats its day. */
  start: string;
  /** The meeting's zone, in which its days and the end of the series are counted. */
  timezone: string;
}

const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const WORKING_DAYS = "MO,TU,WE,TH,FR";
/** Parts a sentence here cannot carry; a rule with any of them is called a custom rule, never shown raw. */
const UNSAID_PARTS = ["BYMONTH", "BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND"];

type Frequency = "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";

/** The rule in the reader's language, with its days and its end in the meeting's zone. */
export function describeSeries(series: SeriesInWords, locale: Locale): string {
  const parts = new Map(
    series.rrule.split(";").map((part) => {
      const [name = "", value = ""] = part.split("=");
      return [name.toUpperCase(), value.toUpperCase()] as const;
    }),
  );
  const start = DateTime.fromISO(series.start, { setZone: true }).setZone(series.timezone).setLocale(locale);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  let text = repetition(parts, start, locale) ?? t("series.custom");
  const count = Number(parts.get("COUNT"));
  const until = parts.get("UNTIL");
  if (count === 1) text = t("series.count_once", { rule: text });
  else if (count > 1) text = t("series.count", { rule: text, count });
  else if (until) {
    const end = untilIn(until, series.timezone);
    if (end)
      text = t("series.until", { rule: text, date: end.setLocale(locale).toFormat(t("series.date_format")) });
  }
  return text;
}

function repetition(parts: Map<string, string>, start: DateTime, locale: Locale): string | undefined {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const frequency = parts.get("FREQ") as Frequency | undefined;
  if (!frequency || UNSAID_PARTS.some((name) => parts.has(name))) return undefined;
  const interval = Number(parts.get("INTERVAL") ?? "1");
  const every = (key: "daily" | "weekly" | "monthly" | "yearly", params: Record<string, string> = {}) =>
    interval === 1 ? t(`series.${key}`, params) : t(`series.${key}_n`, { ...params, n: interval });
  const byDay = parts.get("BYDAY");
  const setPosition = parts.get("BYSETPOS");
  switch (frequency) {
    case "DAILY":
    case "WEEKLY": {
      if (setPosition || parts.has("BYMONTHDAY")) return undefined;
      if (frequency === "DAILY" && !byDay) return every("daily");
      const codes = byDay ? byDay.split(",") : [WEEKDAY_CODES[start.weekday - 1]!];
      if (codes.some((code) => !WEEKDAY_CODES.includes(code))) return undefined;
      if (interval === 1 && sortedDays(codes).join(",") === WORKING_DAYS) return t("series.weekdays");
      // A daily rule limited to some days repeats weekly on them, and only so if it is every day.
      if (frequency === "DAILY" && interval !== 1) return undefined;
      const days = sortedDays(codes).map((code) => weekdayName(code, locale));
      return frequency === "DAILY"
        ? t("series.weekly", { days: joined(days, locale) })
        : every("weekly", { days: joined(days, locale) });
    }
    case "MONTHLY": {
      const day = monthlyDay(parts, start, locale);
      return day === undefined ? undefined : every("monthly", { day });
    }
    case "YEARLY":
      if (byDay || setPosition || parts.has("BYMONTHDAY")) return undefined;
      return every("yearly", { day: start.toFormat(t("series.day_format")) });
    default:
      return undefined;
  }
}

/** "the 15th", "the last day", "the second Tuesday" (German: "15.", "letzten Tag", "zweiten Dienstag"). */
function monthlyDay(parts: Map<string, string>, start: DateTime, locale: Locale): string | undefined {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const byDay = parts.get("BYDAY");
  const byMonthDay = parts.get("BYMONTHDAY");
  const setPosition = parts.get("BYSETPOS");
  if (byDay && byMonthDay) return undefined;
  if (byDay) {
    const match = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
    const position = match?.[1] ?? (byDay.includes(",") ? undefined : setPosition);
    if (!match || position === undefined || (match[1] && setPosition)) return undefined;
    const nth = nthWord(Number(position));
    return nth && t("series.nth_weekday", { nth: t(nth), weekday: weekdayName(match[2]!, locale) });
  }
  if (setPosition) return undefined;
  const days = (byMonthDay ?? String(start.day)).split(",").map(Number);
  if (days.some((day) => day < 1 && day !== -1)) return undefined;
  const ordinal = (day: number) => {
    const category = new Intl.PluralRules(locale, { type: "ordinal" }).select(day);
    const form = category === "one" || category === "two" || category === "few" ? category : "other";
    return t(`series.ordinal.${form}`, { n: day });
  };
  // "the 1st and 15th"; with the last day each keeps its own article: "the 1st and the last day".
  if (!days.includes(-1)) return t("series.month_day", { day: joined(days.map(ordinal), locale) });
  const phrases = days.map((day) =>
    day === -1 ? t("series.last_day") : t("series.month_day", { day: ordinal(day) }),
  );
  return joined(phrases, locale);
}

function nthWord(position: number): MessageKey | undefined {
  const key = `series.nth.${position}`;
  return NTH_KEYS.has(key) ? (key as MessageKey) : undefined;
}

const NTH_KEYS = new Set(["1", "2", "3", "4", "5", "-1", "-2"].map((n) => `series.nth.${n}`));

function sortedDays(codes: string[]): string[] {
  return [...new Set(codes)].sort((a, b) => WEEKDAY_CODES.indexOf(a) - WEEKDAY_CODES.indexOf(b));
}

function weekdayName(code: string, locale: Locale): string {
  return Info.weekdays("long", { locale })[WEEKDAY_CODES.indexOf(code)]!;
}

/** "Monday", "Monday and Friday", "Monday, Wednesday and Friday". */
function joined(items: string[], locale: Locale): string {
  if (items.length === 1) return items[0]!;
  return translate(locale, "series.and", { list: items.slice(0, -1).join(", "), last: items.at(-1)! });
}

/**
 * The last day of the series in the meeting's zone. UNTIL is a UTC instant ("…Z"), a floating time
 * in the meeting's zone, or a date.
 */
function untilIn(until: string, zone: string): DateTime | undefined {
  const utc = /Z$/.test(until);
  const time = DateTime.fromFormat(
    until.replace(/Z$/, ""),
    until.includes("T") ? "yyyyMMdd'T'HHmmss" : "yyyyMMdd",
    { zone: utc ? "UTC" : zone },
  );
  return time.isValid ? time.setZone(zone) : undefined;
}

/** A meeting's series in words, or undefined for a one-off meeting. */
export function seriesOf(
  meeting: { rrule: string | null; start: string; timezone: string },
  locale: Locale,
): string | undefined {
  return meeting.rrule === null
    ? undefined
    : describeSeries({ rrule: meeting.rrule, start: meeting.start, timezone: meeting.timezone }, locale);
}

/** "Mon, 7 Dec 2026, 10:00–11:00 (Europe/Berlin), every week on Monday"; the time alone for a one-off. */
export function withSeries(
  meeting: { rrule: string | null; start: string; timezone: string },
  when: string,
  locale: Locale,
): string {
  const series = seriesOf(meeting, locale);
  return series ? `${when}, ${series}` : when;
}
