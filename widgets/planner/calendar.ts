import type { MyMeetingsResponse, OccurrenceView } from "../../core/widgets/api-types.js";
import type { PlenumApi } from "../shared/client.js";
import { h } from "../shared/dom.js";
import type { Translate } from "../shared/i18n.js";
import { formatTime, localParts } from "./format.js";

export type CalendarMode = "month" | "week";

/** The days shown: whole weeks from Monday, covering the month of `anchor` or the week of it. */
export function visibleDays(mode: CalendarMode, anchor: Date): Date[] {
  const start = mode === "month" ? new Date(anchor.getFullYear(), anchor.getMonth(), 1) : new Date(anchor);
  const monday = new Date(
    start.getFullYear(),
    start.getMonth(),
    start.getDate() - ((start.getDay() + 6) % 7),
  );
  const last = mode === "month" ? new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0) : monday;
  const days: Date[] = [];
  for (let i = 0; days.length === 0 || days[days.length - 1]! < last || days.length % 7 !== 0; i++)
    days.push(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i));
  return days;
}

export function shift(mode: CalendarMode, anchor: Date, step: number): Date {
  return mode === "month"
    ? new Date(anchor.getFullYear(), anchor.getMonth() + step, 1)
    : new Date(anchor.getFullYear(), anchor.getMonth(), anchor.getDate() + 7 * step);
}

export interface CalendarContext {
  api: PlenumApi;
  t: Translate;
  locale: string;
}

/** The caller's meetings across all rooms, as a month or week grid in the viewer's zone. */
export async function calendarView(
  context: CalendarContext,
  mode: CalendarMode,
  anchor: Date,
): Promise<HTMLElement> {
  const { t, locale } = context;
  const days = visibleDays(mode, anchor);
  const from = days[0]!;
  const to = new Date(days[days.length - 1]!.getTime() + 86_400_000);
  const { occurrences } = await context.api.request<MyMeetingsResponse>(
    "GET",
    `/api/v1/meetings?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
  );
  const byDay = new Map<string, OccurrenceView[]>();
  for (const occurrence of occurrences) {
    const key = localParts(new Date(occurrence.start)).date;
    byDay.set(key, [...(byDay.get(key) ?? []), occurrence]);
  }
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short" });
  const heading = new Intl.DateTimeFormat(
    locale,
    mode === "month"
      ? { month: "long", year: "numeric" }
      : { day: "numeric", month: "long", year: "numeric" },
  );
  const cells = days.map((day) => {
    const key = localParts(day).date;
    const entries = (byDay.get(key) ?? []).sort((a, b) => a.start.localeCompare(b.start));
    return h(
      "div",
      {
        class: `day${mode === "month" && day.getMonth() !== anchor.getMonth() ? " other" : ""}`,
        "data-date": key,
      },
      h("div", { class: "meta" }, String(day.getDate())),
      entries.map((e) => h("span", { class: "entry" }, `${formatTime(e.start, locale)} ${e.title}`)),
    );
  });
  return h(
    "section",
    { "aria-label": heading.format(anchor) },
    h("h2", {}, heading.format(anchor)),
    h(
      "div",
      { class: "calendar", role: "grid" },
      days.slice(0, 7).map((day) => h("div", { class: "day-head" }, weekday.format(day))),
      cells,
    ),
    occurrences.length === 0 ? h("p", { class: "meta" }, t("calendar.empty")) : null,
  );
}
