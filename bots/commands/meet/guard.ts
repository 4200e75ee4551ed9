import { UserError } from "../../../core/errors/user-error.js";
import { meetingFacts, settingsFacts, widgetFacts } from "../../../core/access/facts.js";
import type { MeetingDeps } from "../../../core/meetings/deps.js";
import { normalizeMeetingId } from "../../../core/meetings/meeting-id.js";
import { WIDGET_LAYOUT, WIDGET_STATE } from "../../../core/meetings/room-state.js";
import type { CommandGuard } from "../dispatcher.js";

/** Finds the meeting a command is about, and reads the facts the dispatcher's permission rules need. */
export function meetingGuard(deps: MeetingDeps): CommandGuard {
  return {
    async resolveMeeting(firstArg, roomId) {
      const id = firstArg === undefined ? undefined : normalizeMeetingId(firstArg);
      if (id) {
        const meeting = await deps.meetings.get(id);
        if (!meeting) throw new UserError("meeting.not_found", { id });
        return { meeting, consumed: true };
      }
      const here = await deps.meetings.byRoomId(roomId);
      if (!here)
        throw new UserError(
          firstArg && /^[A-Za-z0-9]{3}-?[A-Za-z0-9]{3}$/.test(firstArg)
            ? "meeting.not_found"
            : "meeting.id_needed",
          { id: firstArg ?? "" },
        );
      return { meeting: here, consumed: false };
    },
    meetingFacts: (meeting, userId) => meetingFacts(deps, meeting, userId),
    creatorFacts: (userId) => deps.policy.creatorFacts(userId),
    // `!meet now` writes both, `!meet widget` the first; the one permission asks for the power to write both.
    widgetFacts: (roomId, userId) =>
      widgetFacts(deps.roomState, roomId, userId, [WIDGET_STATE, WIDGET_LAYOUT]),
    settingsFacts: (roomId, userId) => settingsFacts(deps.roomState, roomId, userId),
  };
}

/** The optional meeting id that commands with `target: "meeting"` take first; the guard resolves it. */
export const meetingIdArg = { name: "id", description: "arg.meeting_id", optional: true } as const;
