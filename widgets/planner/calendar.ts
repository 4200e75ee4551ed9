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
  const spoken = new Intl.DateTimeFormat(locale, { dateStyle: "full" });
  const heading = new Intl.DateTimeFormat(
    locale,
    mode === "month"
      ? { month: "long", year: "numeric" }
      : { day: "numeric", month: "long", year: "numeric" },
  );
  const today = localParts(new Date()).date;
  const cells = days.map((day) => {
    const key = localParts(day).date;
    const entries = (byDay.get(key) ?? []).sort((a, b) => a.start.localeCompare(b.start));
    const classes = ["day"];
    if (mode === "month" && day.getMonth() !== anchor.getMonth()) classes.push("other");
    if (key === today) classes.push("today");
    return h(
      "div",
      { class: classes.join(" "), role: "gridcell", tabindex: -1, "data-date": key },
      h("span", { class: "date", "aria-hidden": "true" }, String(day.getDate())),
      h("span", { class: "visually-hidden" }, spoken.format(day)),
      entries.map((e) => h("span", { class: "entry" }, `${formatTime(e.start, locale)} ${e.title}`)),
    );
  });
  const grid = h(
    "div",
    { class: "calendar", role: "grid", "aria-label": heading.format(anchor) },
    h(
      "div",
      { role: "row" },
      days
        .slice(0, 7)
        .map((day) => h("div", { class: "day-head", role: "columnheader" }, weekday.format(day))),
    ),
    Array.from({ length: cells.length / 7 }, (_, week) =>
      h("div", { role: "row" }, cells.slice(week * 7, week * 7 + 7)),
    ),
  );
  gridKeyboard(
    grid,
    cells,
    Math.max(
      0,
      cells.findIndex((cell) => cell.dataset.date === today),
    ),
  );
  return h(
    "section",
    { "aria-label": heading.format(anchor) },
    h("h2", {}, heading.format(anchor)),
    grid,
    occurrences.length === 0 ? h("p", { class: "meta" }, t("calendar.empty")) : null,
  );
}

/** Keys that move through the days: a step, a week, the start or end of a week. */
const MOVES: Record<string, (index: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowUp: (i) => i - 7,
  ArrowDown: (i) => i + 7,
  Home: (i) => i - (i % 7),
  End: (i) => i - (i % 7) + 6,
};

/** One day is in the tab order (today, else the first); the arrow keys move it, as in a date picker. */
function gridKeyboard(grid: HTMLElement, cells: HTMLElement[], start: number): void {
  let current = start;
  cells[current]!.tabIndex = 0;
  grid.addEventListener("keydown", (event: KeyboardEvent) => {
    const move = MOVES[event.key];
    if (!move) return;
    const next = Math.min(cells.length - 1, Math.max(0, move(current)));
    event.preventDefault();
    cells[current]!.tabIndex = -1;
    current = next;
    cells[current]!.tabIndex = 0;
    cells[current]!.focus();
  });
}
