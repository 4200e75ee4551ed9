import { UserError } from "../../../core/errors/user-error.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { changeSpeakerList } from "../../../core/council/speaker-board.js";
import { lowerHand, raiseHand } from "../../../core/council/hands.js";
import { nextSpeaker, parseSpeakingTime, renderSpeakerList } from "../../../core/council/speaker-list.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

/** The meeting of the room the command was typed in: speakers ask in the room they speak in. */
async function meetingHere(deps: MeetCommandDeps, roomId: string): Promise<Meeting> {
  const meeting = await deps.meetings.meetings.byRoomId(roomId);
  if (!meeting) throw new UserError("speakers.not_meeting_room");
  return meeting;
}

function requireLive(meeting: Meeting): void {
  if (meeting.status !== "live") throw new UserError("speakers.not_live");
}

export const speak: CommandSpec<MeetCommandDeps> = {
  name: "speak",
  summary: "command.meet.speak",
  group: "council",
  args: [{ name: "topic", description: "arg.meet.topic", optional: true, rest: true }],
  permission: "anyone",
  handler: async ({ origin, deps, t }, _args, topic) => {
    const meeting = await meetingHere(deps, origin.roomId);
    const list = await raiseHand(deps.meetings, meeting, {
      userId: origin.sender,
      topic,
      txnId: origin.eventId,
    });
    const position = list.waiting.findIndex((r) => r.userId === origin.sender) + 1;
    return { text: t("speakers.added", { position }) };
  },
};

export const withdraw: CommandSpec<MeetCommandDeps> = {
  name: "withdraw",
  summary: "command.meet.withdraw",
  group: "council",
  args: [],
  permission: "anyone",
  handler: async ({ origin, deps, t }) => {
    const meeting = await meetingHere(deps, origin.roomId);
    const wasSpeaking =
      (await deps.meetings.speakers.get(origin.roomId)).list.current?.userId === origin.sender;
    await lowerHand(deps.meetings, meeting, { userId: origin.sender, txnId: origin.eventId });
    return { text: t(wasSpeaking ? "speakers.gave_up_floor" : "speakers.withdrawn") };
  },
};

export const next: CommandSpec<MeetCommandDeps> = {
  name: "next",
  summary: "command.meet.next",
  group: "council",
  args: [meetingIdArg, { name: "time", description: "arg.meet.speaking_time", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, [time]) => {
    requireLive(meeting);
    const seconds = time === undefined ? undefined : parseSpeakingTime(time);
    const now = deps.meetings.clock.now();
    const list = await changeSpeakerList(
      deps.meetings,
      meeting,
      (current) => nextSpeaker(current, now, seconds),
      origin.eventId,
    );
    if (!list.current) return { text: t("speakers.next_empty") };
    return {
      text:
        time === undefined
          ? t("speakers.next", { user: list.current.userId })
          : t("speakers.next_timed", { user: list.current.userId, time }),
    };
  },
};

export const queue: CommandSpec<MeetCommandDeps> = {
  name: "queue",
  summary: "command.meet.queue",
  group: "council",
  args: [meetingIdArg],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, meeting }) => {
    const { list } = await deps.meetings.speakers.get(meeting.roomId!);
    return {
      text: renderSpeakerList(list, {
        title: meeting.title,
        locale: origin.locale,
        zone: meeting.timezone,
      }),
    };
  },
};

export const clear: CommandSpec<MeetCommandDeps> = {
  name: "clear",
  summary: "command.meet.clear",
  group: "council",
  args: [meetingIdArg],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }) => {
    await changeSpeakerList(deps.meetings, meeting, () => ({ current: null, waiting: [] }), origin.eventId);
    return { text: t("speakers.cleared") };
  },
};
