import { DateTime } from "luxon";
import type { Locale } from "../i18n/translate.js";
import type { Meeting } from "./model.js";

/** "Tue, 1 Dec 2026, 10:00–11:00 (Europe/Berlin)" in the reader's language and zone. */
export function formatRange(startIso: string, durationMinutes: number, zone: string, locale: Locale): string {
  const start = DateTime.fromISO(startIso, { setZone: true }).setZone(zone).setLocale(locale);
  const end = start.plus({ minutes: durationMinutes });
  const sameDay = start.hasSame(end, "day");
  const day = start.toLocaleString({ weekday: "short", day: "numeric", month: "short", year: "numeric" });
  const time = (d: DateTime) => d.toLocaleString({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const endText = sameDay
    ? time(end)
    : `${end.toLocaleString({ weekday: "short", day: "numeric", month: "short" })}, ${time(end)}`;
  return `${day}, ${time(start)}–${endText} (${zone})`;
}

export function formatMeetingTime(meeting: Meeting, locale: Locale, zone = meeting.timezone): string {
  return formatRange(meeting.start, meeting.durationMinutes, zone, locale);
}

export function roomLink(roomId: string, serverName: string): string {
  return `https://matrix.to/#/${encodeURIComponent(roomId)}?via=${encodeURIComponent(serverName)}`;
}

/** The private calendar feed URL a user subscribes to. */
export function calendarFeedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/calendar/${token}.ics`;
}
