import { UserError } from "../../../core/errors/user-error.js";
import { parseDuration } from "../../../core/meetings/duration.js";
import { formatMeetingTime } from "../../../core/meetings/format.js";
import { ruleFromKeyword, withUntil } from "../../../core/meetings/recurrence.js";
import { scheduleMeeting } from "../../../core/meetings/schedule.js";
import { parseDate, parseWhen } from "../../../core/meetings/when.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { parseScheduleArgs } from "./schedule-args.js";

export const schedule: CommandSpec<MeetCommandDeps> = {
  name: "schedule",
  summary: "command.meet.schedule",
  args: [{ name: '"title" when', description: "arg.title_when", rest: true }],
  permission: "anyone",
  handler: async ({ origin, deps, t }, _args, rest) => {
    const parsed = parseScheduleArgs(rest);
    const zone = await zoneOf(deps, origin.sender);
    const now = new Date(deps.meetings.clock.now());
    const start = parseWhen(parsed.when, { now, timezone: zone });
    const durationMinutes = parsed.duration
      ? parseDuration(parsed.duration)
      : deps.meetings.config.meetings.default_duration;
    let rrule = parsed.rule ? ruleFromKeyword(parsed.rule) : null;
    if (parsed.until) {
      const until = parseDate(parsed.until, { now, timezone: zone });
      if (until.toMillis() < start.toMillis())
        throw new UserError("meeting.until_before_start", { until: parsed.until });
      if (!rrule) throw new UserError("meeting.until_without_repeat");
      rrule = withUntil(rrule, until);
    }
    const named = parsed.participants;
    const { meeting, link } = await scheduleMeeting(deps.meetings, {
      organizer: origin.sender,
      originRoomId: origin.roomId,
      title: parsed.title,
      start,
      durationMinutes,
      rrule,
      ...(named.length > 0
        ? {
            participants: {
              users: named.filter((p) => p.startsWith("@")),
              rooms: named.filter((p) => !p.startsWith("@")),
            },
          }
        : {}),
      locale: origin.locale,
    });
    const when = formatMeetingTime(meeting, origin.locale, zone);
    return { text: t("meeting.scheduled_reply", { title: meeting.title, id: meeting.id, when, link }) };
  },
};
