import { DateTime } from "luxon";
import {
  attendanceByCall,
  attendanceCsvLink,
  type CallAttendance,
} from "../../../core/meetings/attendance.js";
import type { AttendanceRecord } from "../../../core/storage/attendance.js";
import { escapeHtml } from "../../../core/text/html.js";
import { shownName } from "../../../core/text/shown-name.js";
import { listReply, plainLine, richLine, strong, type ListBlock } from "../rich.js";
import type { CommandContext, CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";
import { replyPrivately } from "./private-reply.js";

/** Enough to see who came to the recent sessions of a series without flooding the room. */
const CALLS_SHOWN = 5;

function personLine(stay: AttendanceRecord, time: (ms: number) => string, context: CommandContext<unknown>) {
  const { t } = context;
  // A guest names themselves in the lobby: anyone's choice, so it is bounded like a display name.
  const line = t("call.attendance_person", {
    who: shownName(stay.name ?? stay.userId ?? stay.occupantJid),
    from: time(stay.joinedAt),
    until: stay.leftAt === null ? t("call.attendance_ongoing") : time(stay.leftAt),
  });
  const marks = [
    ...(stay.isGuest ? [t("call.attendance_guest")] : []),
    ...(stay.breakoutRoomId !== null ? [t("call.attendance_breakout")] : []),
  ];
  return plainLine([line, ...marks].join(" "));
}

export const attendance: CommandSpec<MeetCommandDeps> = {
  name: "attendance",
  summary: "command.meet.attendance",
  group: "meeting",
  args: [{ name: "id", description: "arg.meeting_id", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context) => {
    const { deps, t, origin } = context;
    const { locale } = origin;
    const meeting = context.meeting;
    // Times read in the meeting's own zone, where the call was scheduled.
    const zone = meeting.timezone;
    const at = (ms: number) => DateTime.fromMillis(ms, { zone }).setLocale(locale);
    const time = (ms: number) => at(ms).toFormat("HH:mm");
    const callBlocks = (calls: CallAttendance[]): ListBlock[] =>
      calls.map(({ call, stays }) => ({
        heading: richLine(locale, "call.attendance_call", {
          date: at(call.startedAt).toLocaleString({ day: "numeric", month: "short", year: "numeric" }),
          start: time(call.startedAt),
          end: call.endedAt === null ? t("call.attendance_ongoing") : time(call.endedAt),
        }),
        items: stays.map((stay) => personLine(stay, time, context)),
      }));
    const calls = meeting.roomId ? await attendanceByCall(deps.attendance, meeting.roomId, CALLS_SHOWN) : [];
    const blocks = callBlocks(calls);
    // Each breakout room has its own call, listed as its own entry under the breakout's name.
    for (const breakout of await deps.meetings.breakouts.ofMeeting(meeting.id)) {
      const breakoutCalls = await attendanceByCall(deps.attendance, breakout.roomId, CALLS_SHOWN);
      if (breakoutCalls.length === 0) continue;
      blocks.push(
        {
          heading: richLine(
            locale,
            "call.attendance_breakout_title",
            { name: breakout.name },
            { name: strong(breakout.name) },
          ),
          items: [],
        },
        ...callBlocks(breakoutCalls),
      );
    }
    if (blocks.length === 0) return { text: t("call.attendance_empty", { title: meeting.title }) };
    // Only meeting editors may ask (the command's permission). The CSV link is made for the one who
    // asked and goes only to them: whoever else holds it cannot use it once they may no longer.
    const { config, clock } = deps.meetings;
    const link = attendanceCsvLink(config, meeting.id, origin.sender, clock.now());
    const until = at(link.expiresAt).toFormat("HH:mm");
    const csv = t("call.attendance_csv", { link: link.url, until });
    const where = await replyPrivately(deps, origin, csv, "attendance");
    return listReply(richLine(locale, "call.attendance_title", { title: meeting.title, zone }), blocks, [
      where === "here"
        ? richLine(
            locale,
            "call.attendance_csv",
            { link: link.url, until },
            { link: `<a href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a>` },
          )
        : richLine(locale, "call.attendance_csv_sent"),
    ]);
  },
};
