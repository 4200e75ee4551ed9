import {
  cancelMeeting,
  cancelOccurrence,
  inviteToMeeting,
  moveMeeting,
  uninviteFromMeeting,
} from "../../../core/meetings/changes.js";
import { formatMeetingTime } from "../../../core/meetings/format.js";
import { parseOccurrenceDate, parseWhen } from "../../../core/meetings/when.js";
import { parseParticipants } from "./schedule-args.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { UserError } from "../../../core/errors/user-error.js";

const meetingId = { name: "id", description: "arg.meeting_id", optional: true } as const;

export const cancel: CommandSpec<MeetCommandDeps> = {
  name: "cancel",
  summary: "command.meet.cancel",
  args: [meetingId, { name: "date", description: "arg.date", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, [date]) => {
    if (date === undefined) {
      const cancelled = await cancelMeeting(deps.meetings, meeting!, origin.sender);
      return { text: t("meeting.cancelled_notice", { title: cancelled.title, user: origin.sender }) };
    }
    const zone = await zoneOf(deps, origin.sender);
    const day = parseOccurrenceDate(date, { now: new Date(deps.meetings.clock.now()), timezone: zone });
    await cancelOccurrence(deps.meetings, meeting!, day, origin.sender);
    return {
      text: t("meeting.occurrence_cancelled_notice", {
        title: meeting!.title,
        date: day,
        user: origin.sender,
      }),
    };
  },
};

export const move: CommandSpec<MeetCommandDeps> = {
  name: "move",
  summary: "command.meet.move",
  args: [meetingId, { name: "when", description: "arg.when", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, _args, rest) => {
    const zone = await zoneOf(deps, origin.sender);
    const start = parseWhen(rest, { now: new Date(deps.meetings.clock.now()), timezone: zone }).setZone(
      meeting!.timezone,
    );
    const moved = await moveMeeting(deps.meetings, meeting!, start, origin.sender);
    return {
      text: t("meeting.moved_notice", {
        title: moved.title,
        when: formatMeetingTime(moved, origin.locale, zone),
        user: origin.sender,
      }),
    };
  },
};

export const invite: CommandSpec<MeetCommandDeps> = {
  name: "invite",
  summary: "command.meet.invite",
  args: [meetingId, { name: "participants", description: "arg.participants", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, _args, rest) => {
    const named = parseParticipants(rest);
    const spec = {
      users: named.filter((p) => p.startsWith("@")),
      rooms: named.filter((p) => !p.startsWith("@")),
    };
    const added = await inviteToMeeting(deps.meetings, meeting!, spec, origin.sender);
    return {
      text: t("meeting.invited_notice", {
        user: origin.sender,
        users: added.join(", "),
        title: meeting!.title,
      }),
    };
  },
};

export const uninvite: CommandSpec<MeetCommandDeps> = {
  name: "uninvite",
  summary: "command.meet.uninvite",
  args: [meetingId, { name: "users", description: "arg.users", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, _args, rest) => {
    const users = parseParticipants(rest);
    const notUsers = users.find((u) => !u.startsWith("@"));
    if (notUsers)
      throw new UserError("schedule.bad_participant", { value: notUsers, example: "@jane:example.org" });
    const removed = await uninviteFromMeeting(deps.meetings, meeting!, users, origin.sender);
    return {
      text: t("meeting.uninvited_notice", {
        user: origin.sender,
        users: removed.join(", "),
        title: meeting!.title,
      }),
    };
  },
};
