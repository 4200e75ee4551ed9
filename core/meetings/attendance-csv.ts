/**
 * Attendance as CSV (RFC 4180: comma-separated, quoted where needed, CRLF line ends), with a BOM so
 * spreadsheet programs read umlauts right. Names come from Jitsi, where anyone may type anything, so
 * a cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
 * is prefixed with an apostrophe (OWASP's advice against CSV injection).
 */
import { DateTime } from "luxon";
import { isConformingUserId } from "../matrix/ids.js";
import type { CallAttendance } from "./attendance.js";

type Cell = string | number | boolean | null;

const HEADER = [
  "call_started",
  "call_ended",
  "name",
  "matrix_user_id",
  "guest",
  "breakout_room",
  "joined",
  "left",
  "minutes",
];

export function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = String(value);
  // A user id in today's grammar starts with @ but has no parentheses, quotes, pipes or bangs, so no
  // spreadsheet can run it; it stays as it is, so the column can be matched against ids. Historical
  // ids may hold those characters and are quoted like any other text.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !isConformingUserId(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** Calls oldest first; times as ISO 8601 with offset in the meeting's zone. */
export function attendanceCsv(calls: CallAttendance[], zone: string): string {
  const time = (ms: number | null) =>
    ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
  let csv = `\ufeff${csvLine(HEADER)}`;
  for (const { call, stays } of [...calls].sort((a, b) => a.call.startedAt - b.call.startedAt)) {
    for (const stay of stays) {
      csv += csvLine([
        time(call.startedAt),
        time(call.endedAt),
        stay.name ?? stay.userId ?? stay.occupantJid,
        stay.userId,
        stay.isGuest,
        stay.breakoutRoomId,
        time(stay.joinedAt),
        time(stay.leftAt),
        stay.leftAt === null ? null : Math.round((stay.leftAt - stay.joinedAt) / 60_000),
      ]);
    }
  }
  return csv;
}
