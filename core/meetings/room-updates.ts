import type { MessageSender, RoomStateReader, RoomStateWriter } from "../matrix/capabilities.js";
import type { Meeting } from "./model.js";
import { MEETING_STATE, meetingStateContent } from "./room-state.js";

export interface MeetingStateDeps {
  gateway: RoomStateWriter;
}

export interface NoticeDeps {
  gateway: MessageSender;
}

export interface PinnedNoticeDeps {
  gateway: MessageSender & RoomStateReader & RoomStateWriter;
}

/** Writes the meeting's current details into its room's `org.plenum.meeting` state. */
export async function publishMeetingState(deps: MeetingStateDeps, meeting: Meeting): Promise<void> {
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
  deps: NoticeDeps,
  roomId: string,
  text: string,
  txnId: string,
  html?: string,
): Promise<string> {
  const content: Record<string, unknown> = { msgtype: "m.notice", body: text };
  if (html) Object.assign(content, { format: "org.matrix.custom.html", formatted_body: html });
  return deps.gateway.sendEvent(roomId, "m.room.message", content, txnId);
}

async function pin(deps: PinnedNoticeDeps, roomId: string, eventId: string): Promise<void> {
  const pinned = (await deps.gateway.getState(roomId, "m.room.pinned_events", ""))?.pinned;
  const ids = Array.isArray(pinned) ? pinned.filter((id): id is string => typeof id === "string") : [];
  if (ids.includes(eventId)) return;
  await deps.gateway.sendState(roomId, "m.room.pinned_events", "", { pinned: [...ids, eventId] });
}

/**
 * A notice that stays current without flooding the room: posted and pinned the first time
 * (`messageId` null), then edited in place (`m.replace` with `m.new_content`). Returns its event id.
 */
export async function upsertPinnedNotice(
  deps: PinnedNoticeDeps,
  roomId: string,
  text: string,
  messageId: string | null,
  txnId: string,
): Promise<string> {
  if (messageId === null) {
    const posted = await postNotice(deps, roomId, text, txnId);
    await pin(deps, roomId, posted);
    return posted;
  }
  await deps.gateway.sendEvent(
    roomId,
    "m.room.message",
    {
      msgtype: "m.notice",
      body: `* ${text}`,
      "m.new_content": { msgtype: "m.notice", body: text },
      "m.relates_to": { rel_type: "m.replace", event_id: messageId },
    },
    `${txnId}.edit`,
  );
  return messageId;
}
