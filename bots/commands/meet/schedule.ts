import { formatMeetingTime } from "../../../core/meetings/format.js";
import { scheduleFromFields } from "../../../core/meetings/requests.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { parseScheduleArgs } from "./schedule-args.js";

export const schedule: CommandSpec<MeetCommandDeps> = {
  name: "schedule",
  summary: "command.meet.schedule",
  args: [{ name: '"title" when', description: "arg.title_when", rest: true }],
  permission: "creator",
  handler: async ({ origin, deps, t }, _args, rest) => {
    const parsed = parseScheduleArgs(rest);
    const zone = await zoneOf(deps, origin.sender);
    const { meeting, link } = await scheduleFromFields(deps.meetings, parsed, {
      userId: origin.sender,
      originRoomId: origin.roomId,
      zone,
      locale: origin.locale,
    });
    const when = formatMeetingTime(meeting, origin.locale, zone);
    return { text: t("meeting.scheduled_reply", { title: meeting.title, id: meeting.id, when, link }) };
  },
};
