import { configuredLinkSigner, publicUrl } from "../http/signed-links.js";
import type { Config } from "../config/schema.js";
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

/** How long a signed CSV link works: long enough to open it, short enough not to linger in the chat. */
export const ATTENDANCE_LINK_LIFETIME_MS = 24 * 3_600_000;

export function attendanceCsvPath(meetingId: string): string {
  return `/api/v1/meetings/${encodeURIComponent(meetingId)}/attendance.csv`;
}

/** A link to the meeting's attendance CSV, for the meeting's editors only. */
export function attendanceCsvLink(config: Config, meetingId: string, now: number): string {
  return publicUrl(
    config,
    configuredLinkSigner(config).sign(attendanceCsvPath(meetingId), now + ATTENDANCE_LINK_LIFETIME_MS),
  );
}
