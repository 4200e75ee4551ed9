import { meetingAnnouncement } from "../../../core/meetings/announcement.js";
import { scheduleFromFields } from "../../../core/meetings/requests.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { parseScheduleArgs } from "./schedule-args.js";

export const schedule: CommandSpec<MeetCommandDeps> = {
  name: "schedule",
  summary: "command.meet.schedule",
  group: "planning",
  args: [{ name: '"title" when', description: "arg.title_when", rest: true }],
  permission: "creator",
  handler: async ({ origin, deps }, _args, rest) => {
    const parsed = parseScheduleArgs(rest);
    const zone = await zoneOf(deps, origin.sender);
    const { meeting, link } = await scheduleFromFields(deps.meetings, parsed, {
      userId: origin.sender,
      originRoomId: origin.roomId,
      zone,
      locale: origin.locale,
      answeredInOrigin: true,
    });
    // The answer is the announcement: one message in the room, carrying all the team needs.
    return meetingAnnouncement(meeting, link, origin.locale, zone);
  },
};
