import type { MeetingView } from "../../core/widgets/api-types.js";

/** The viewer's own zone: times are shown where the viewer is, whatever zone the meeting lives in. */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function formatWhen(iso: string, minutes: number, locale: string): string {
  const start = new Date(iso);
  const end = new Date(start.getTime() + minutes * 60_000);
  const day = new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
}

export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(new Date(iso));
}

/** When the meeting next happens (or first happened), for lists. */
export function upcomingStart(meeting: MeetingView): string {
  return meeting.next_start ?? meeting.start;
}

/** yyyy-MM-dd and HH:mm of an instant in the viewer's zone, for date and time inputs. */
export function localParts(date: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}
