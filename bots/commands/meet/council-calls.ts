import { changePodium, type PodiumChange } from "../../../core/council/podium.js";
import { defineWhisperGroup, removeWhisperGroup } from "../../../core/council/whisper-groups.js";
import { UserError } from "../../../core/errors/user-error.js";
import { isUserId } from "../../../core/matrix/ids.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { tokenizeQuoted } from "../parser.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/** Podium and whisper groups belong to the meeting whose room the command is typed in. */
async function meetingHere(deps: MeetCommandDeps, roomId: string): Promise<Meeting> {
  const meeting = await deps.meetings.meetings.byRoomId(roomId);
  if (!meeting) throw new UserError("council.not_meeting_room");
  return meeting;
}

function userIds(words: readonly string[]): string[] {
  const wrong = words.find((w) => !isUserId(w));
  if (wrong !== undefined) throw new UserError("council.not_a_user", { text: wrong.slice(0, 80) });
  return [...words];
}

const list = (members: readonly string[], t: (key: "council.nobody") => string) =>
  members.length > 0 ? members.join(", ") : t("council.nobody");

function podiumChange(action: string, users: string[]): PodiumChange {
  switch (action.toLowerCase()) {
    case "on":
    case "off":
      if (users.length > 0) throw new UserError("podium.usage");
      return { enabled: action.toLowerCase() === "on" };
    case "add":
    case "remove":
      if (users.length === 0) throw new UserError("podium.usage");
      return { [action.toLowerCase()]: userIds(users) };
    default:
      throw new UserError("podium.usage");
  }
}

export const podium: CommandSpec<MeetCommandDeps> = {
  name: "podium",
  summary: "command.meet.podium",
  group: "council",
  args: [
    { name: "on|off|add|remove", description: "arg.meet.podium_action" },
    { name: "@user", description: "arg.meet.podium_users", optional: true, rest: true },
  ],
  permission: "room-moderator",
  handler: async ({ origin, deps, t }, [action = "", ...users]) => {
    const meeting = await meetingHere(deps, origin.roomId);
    const change = podiumChange(action, users);
    const { roomState, gateway, clock, council } = deps.meetings;
    const now = await changePodium({ roomState, gateway, clock, council }, meeting, change, origin.sender);
    const members = list(now.members, t);
    if (change.enabled === false) return { text: t("podium.off") };
    return { text: t(now.enabled ? "podium.on" : "podium.members_while_off", { members }) };
  },
};

export const whisperGroup: CommandSpec<MeetCommandDeps> = {
  name: "whisper-group",
  summary: "command.meet.whisper_group",
  group: "council",
  args: [
    { name: '"name"', description: "arg.meet.whisper_name" },
    { name: "@user … | remove", description: "arg.meet.whisper_members", rest: true },
  ],
  permission: "room-moderator",
  handler: async ({ origin, deps, t }, _args, rest) => {
    const meeting = await meetingHere(deps, origin.roomId);
    const [name, ...words] = tokenizeQuoted(rest, WHISPER_EXAMPLE);
    if (!name || words.length === 0 || words.some((w) => w.quoted))
      throw new UserError("whisper.usage", { example: WHISPER_EXAMPLE });
    if (words.length === 1 && words[0]!.text.toLowerCase() === "remove") {
      const removed = await removeWhisperGroup(deps.meetings, meeting, name.text);
      return { text: t("whisper.removed", { name: removed }) };
    }
    const members = userIds(words.map((w) => w.text));
    const { group, replaced } = await defineWhisperGroup(deps.meetings, meeting, {
      name: name.text,
      members,
      by: origin.sender,
    });
    return {
      text: t(replaced ? "whisper.replaced" : "whisper.created", {
        name: group.name,
        members: group.members.join(", "),
      }),
    };
  },
};

export const WHISPER_EXAMPLE = '!meet whisper-group "Fraktion A" @a:example.org @b:example.org';

export const whisperGroups: CommandSpec<MeetCommandDeps> = {
  name: "whisper-groups",
  summary: "command.meet.whisper_groups",
  group: "council",
  args: [],
  permission: "anyone",
  handler: async ({ origin, deps, t }) => {
    const meeting = await meetingHere(deps, origin.roomId);
    const groups = await deps.meetings.council.whisperGroups(meeting.id);
    if (groups.length === 0) return { text: t("whisper.none") };
    return {
      text: [
        t("whisper.list_title"),
        ...groups.map((g) => t("whisper.list_item", { name: g.name, members: g.members.join(", ") })),
      ].join("\n"),
    };
  },
};
