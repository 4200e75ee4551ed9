import type { MeetingDeps } from "./deps.js";
import type { Meeting } from "./model.js";
import { MEETING_STATE, meetingStateContent } from "./room-state.js";

/** Writes the meeting's current details into its room's `org.plenum.meeting` state. */
export async function publishMeetingState(deps: MeetingDeps, meeting: Meeting): Promise<void> {
  if (!meeting.roomId) return;
  await deps.gateway.sendState(
    meeting.roomId,
    MEETING_STATE,
    "",
    meetingStateContent(meeting) as unknown as Record<string, unknown>,
  );
}

/** Posts a notice into a room, idempotent per `txnId`. */
export async function postNotice(
  deps: MeetingDeps,
  roomId: string,
  text: string,
  txnId: string,
  html?: string,
): Promise<string> {
  const content: Record<string, unknown> = { msgtype: "m.notice", body: text };
  if (html) Object.assign(content, { format: "org.matrix.custom.html", formatted_body: html });
  return deps.gateway.sendEvent(roomId, "m.room.message", content, txnId);
}
