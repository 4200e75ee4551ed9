import type { Translate } from "../shared/i18n.js";

const MINUTE = 60_000;
/** A weekday names the date unambiguously within the coming week; beyond that the date is spelled out. */
const WEEKDAY_DAYS = 6;

/** Whole calendar days from `now` to `at` in the viewer's zone (a DST day still counts as one). */
function calendarDays(now: Date, at: Date): number {
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((midnight(at) - midnight(now)) / 86_400_000);
}

/**
 * When the meeting starts, as people say it: "now", "in 12 minutes", "today at 14:00", "tomorrow at
 * 10:00", "on Friday at 10:00", "on 12 January at 10:00"; in the widget's language, with the dates
 * and times of `locale` (the user's regional variant) and the viewer's zone.
 */
export function startsWhen(start: Date, now: Date, locale: string, t: Translate): string {
  const left = start.getTime() - now.getTime();
  if (left <= 0) return t("call.started");
  if (left < MINUTE) return t("call.starts_now");
  if (left < 60 * MINUTE) {
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    return t("call.starts_relative", { when: relative.format(Math.round(left / MINUTE), "minute") });
  }
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(start);
  const days = calendarDays(now, start);
  if (days <= 1) {
    const day = new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(days, "day");
    return t("call.starts_day", { day, time });
  }
  const date = new Intl.DateTimeFormat(
    locale,
    days <= WEEKDAY_DAYS
      ? { weekday: "long" }
      : {
          day: "numeric",
          month: "long",
          ...(start.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
        },
  ).format(start);
  return t("call.starts_on", { date, time });
}
