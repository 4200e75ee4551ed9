import { formatMeetingTime } from "../../../core/meetings/format.js";
import {
  cancelTyped,
  inviteNamed,
  moveTo,
  parseParticipants,
  uninviteNamed,
  type Actor,
} from "../../../core/meetings/requests.js";
import type { CommandContext, CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";

const meetingId = { name: "id", description: "arg.meeting_id", optional: true } as const;

async function actorOf({ origin, deps }: CommandContext<MeetCommandDeps>): Promise<Actor> {
  return { userId: origin.sender, zone: await zoneOf(deps, origin.sender), locale: origin.locale };
}

export const cancel: CommandSpec<MeetCommandDeps> = {
  name: "cancel",
  summary: "command.meet.cancel",
  args: [meetingId, { name: "date", description: "arg.date", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [date]) => {
    const { origin, deps, t, meeting } = context;
    const done = await cancelTyped(deps.meetings, meeting!, date, await actorOf(context));
    if (done.day === undefined)
      return { text: t("meeting.cancelled_notice", { title: done.meeting.title, user: origin.sender }) };
    return {
      text: t("meeting.occurrence_cancelled_notice", {
        title: meeting!.title,
        date: done.day,
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
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const actor = await actorOf(context);
    const moved = await moveTo(deps.meetings, meeting!, rest, actor);
    return {
      text: t("meeting.moved_notice", {
        title: moved.title,
        when: formatMeetingTime(moved, origin.locale, actor.zone),
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
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const added = await inviteNamed(deps.meetings, meeting!, parseParticipants(rest), await actorOf(context));
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
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const users = parseParticipants(rest);
    const removed = await uninviteNamed(deps.meetings, meeting!, users, await actorOf(context));
    return {
      text: t("meeting.uninvited_notice", {
        user: origin.sender,
        users: removed.join(", "),
        title: meeting!.title,
      }),
    };
  },
};
