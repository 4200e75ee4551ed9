import { UserError } from "../../../core/errors/user-error.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

/**
 * `!meet recording [<id>] on|off`: a moderator tells the meeting room that the call is being recorded
 * (or no longer is). Needed where no recorder joins as an occupant Plenum could see, e.g. Jitsi's local
 * recording or a recording made outside Jitsi, so that participants are informed either way (GDPR).
 */
export const recording: CommandSpec<MeetCommandDeps> = {
  name: "recording",
  summary: "command.meet.recording",
  group: "meeting",
  args: [meetingIdArg, { name: "on|off", description: "arg.meet.recording_state" }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, [state]) => {
    if (state !== "on" && state !== "off") throw new UserError("recording.state_expected");
    const { gateway } = deps.meetings;
    if (!meeting.roomId || meeting.status === "cancelled" || meeting.status === "ended")
      throw new UserError("recording.no_call", { id: meeting.id });
    const notice = t(state === "on" ? "recording.announced_on" : "recording.announced_off", {
      user: origin.sender,
    });
    if (meeting.roomId === origin.roomId) return { text: notice };
    await gateway.sendEvent(
      meeting.roomId,
      "m.room.message",
      { msgtype: "m.notice", body: notice },
      `plenum.recording.${state}.${origin.eventId}`,
    );
    return { text: t("recording.room_told", { title: meeting.title }) };
  },
};
