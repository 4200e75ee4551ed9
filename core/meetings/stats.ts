/**
 * Usage figures for a period (for `!admin stats`), from the meetings table and the attendance that
 * Jitsi's event-sync webhooks recorded. Calls in rooms without a scheduled meeting count as calls,
 * not as held meetings. A stay still open counts until `now` (or the period's end, if earlier).
 */
import type { AttendanceRepository } from "../storage/attendance.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import { personKey } from "./attendance.js";
import { occurrences } from "./recurrence.js";

export interface StatsPeriod {
  from: number;
  until: number;
}

export interface MeetingStats {
  /** Occurrences of meetings (not cancelled) that start in the period. */
  meetingsScheduled: number;
  /** Meeting rooms in which a call with at least one person started in the period. */
  meetingsHeld: number;
  /** Calls with at least one person that started in the period, in any room. */
  calls: number;
  /** Different people in calls during the period: Matrix users, and guests by their login. */
  participants: number;
  guests: number;
  /** Minutes people spent in calls during the period, added up over people. */
  personMinutes: number;
  /** Minutes during which calls were running, added up over calls. */
  callMinutes: number;
}

export interface StatsDeps {
  meetings: MeetingsRepository;
  attendance: AttendanceRepository;
}

export async function meetingStats(deps: StatsDeps, period: StatsPeriod, now: number): Promise<MeetingStats> {
  const { from, until } = period;
  const end = Math.min(until, now);
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const clip = (start: number, stop: number | null) =>
    Math.max(0, Math.min(stop ?? end, end) - Math.max(start, from));

  let meetingsScheduled = 0;
  const meetingRooms = new Set<string>();
  for (const meeting of await deps.meetings.notCancelledStartingBefore(until)) {
    if (meeting.roomId) meetingRooms.add(meeting.roomId);
    meetingsScheduled += occurrences(meeting, { from: new Date(from), to: new Date(until) }).filter(
      (occurrence) => occurrence.start.getTime() >= from && occurrence.start.getTime() < until,
    ).length;
  }

  const stays = await deps.attendance.staysOverlapping(from, until);
  const calls = (await deps.attendance.callsStartedBetween(from, until)).flatMap((call) => {
    const inCall = stays.filter(
      (stay) =>
        stay.roomId === call.roomId &&
        stay.joinedAt >= call.startedAt &&
        (call.endedAt === null || stay.joinedAt <= call.endedAt),
    );
    if (inCall.length === 0) return [];
    // A call whose end was never reported ran until its last person left (or still runs).
    const endedAt =
      call.endedAt ??
      (inCall.some((stay) => stay.leftAt === null) ? null : Math.max(...inCall.map((stay) => stay.leftAt!)));
    return [{ ...call, endedAt }];
  });
  const people = new Set(stays.map(personKey));
  const guests = new Set(stays.filter((stay) => stay.isGuest).map(personKey));
  return {
    meetingsScheduled,
    meetingsHeld: new Set(calls.filter((call) => meetingRooms.has(call.roomId)).map((call) => call.roomId))
      .size,
    calls: calls.length,
    participants: people.size,
    guests: guests.size,
    personMinutes: minutes(stays.reduce((sum, stay) => sum + clip(stay.joinedAt, stay.leftAt), 0)),
    callMinutes: minutes(calls.reduce((sum, call) => sum + clip(call.startedAt, call.endedAt), 0)),
  };
}
