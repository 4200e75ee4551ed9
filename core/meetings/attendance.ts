import { configuredLinkSigner, publicUrl } from "../http/signed-links.js";
import type { Config } from "../config/schema.js";
import { durationMs } from "../time/duration-text.js";
import type { AttendanceRecord, AttendanceRepository, Call } from "../storage/attendance.js";

export interface CallAttendance {
  call: Call;
  stays: AttendanceRecord[];
}

/**
 * The room's latest calls, newest first, each with who was in it. A call whose end was never
 * reported lasts at most until the next one began.
 */
export async function attendanceByCall(
  attendance: AttendanceRepository,
  roomId: string,
  limit: number,
): Promise<CallAttendance[]> {
  const calls = await attendance.recentCalls(roomId, limit);
  const result: CallAttendance[] = [];
  let nextStart: number | undefined;
  for (const call of calls) {
    const until = call.endedAt ?? (nextStart === undefined ? Number.MAX_SAFE_INTEGER : nextStart - 1);
    result.push({ call, stays: await attendance.between(call.roomId, call.startedAt, until) });
    nextStart = call.startedAt;
  }
  return result;
}

/** One person across rejoins: their Matrix id, or else their login (the JID without its resource). */
export function personKey(record: Pick<AttendanceRecord, "userId" | "occupantJid">): string {
  return record.userId ?? record.occupantJid.split("/")[0]!;
}

export function attendanceCsvPath(meetingId: string): string {
  return `/api/v1/meetings/${encodeURIComponent(meetingId)}/attendance.csv`;
}

/**
 * A link to the meeting's attendance CSV made for one editor (`holder`): it names them, works only
 * while they may still read the attendance (checked on every use), and only for
 * `http.attendance_link_lifetime`. It goes into their direct chat, not into a room.
 */
export function attendanceCsvLink(
  config: Config,
  meetingId: string,
  holder: string,
  now: number,
): { url: string; expiresAt: number } {
  const expiresAt = now + durationMs(config.http.attendance_link_lifetime);
  const signed = configuredLinkSigner(config).sign(attendanceCsvPath(meetingId), expiresAt, holder);
  return { url: publicUrl(config, signed), expiresAt };
}
