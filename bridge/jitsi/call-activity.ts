/**
 * What Plenum does with the event-sync webhooks once they are authenticated, parsed and mapped to a
 * Matrix room: it records who attended, and tells the meeting room when a call starts and ends.
 *
 * Prosody retries a webhook it got no answer to, so everything here may run twice for one event:
 * rows are keyed like Prosody keys occupants and notices carry transaction ids derived from the call.
 */
import { translate } from "../../core/i18n/translate.js";
import { isUserId } from "../../core/matrix/ids.js";
import type { MessageSender } from "../../core/matrix/capabilities.js";
import { personKey } from "../../core/meetings/attendance.js";
import type { Meeting } from "../../core/meetings/model.js";
import { roomLocale, type RoomLanguageDeps } from "../../core/meetings/room-language.js";
import type { AttendanceRecord, AttendanceRepository, Call } from "../../core/storage/attendance.js";
import type { EventSyncEvent, EventSyncOccupant, EventSyncRoom } from "./event-sync.js";

/** The room's language (`roomLocale`), the notices it sends, and the attendance it records. */
export interface CallActivityDeps extends RoomLanguageDeps {
  gateway: MessageSender;
  attendance: AttendanceRepository;
}

/** The Matrix room a conference belongs to, and its meeting if Plenum scheduled one there. */
export interface CallTarget {
  roomId: string;
  conference: string;
  meeting: Meeting | undefined;
}

/**
 * Recorders, transcribers and the like join as occupants too: Jibri logs in on a `recorder.` domain,
 * others on Jitsi's `hidden.` one. Occupants without a token identity (a phone caller through Jigasi,
 * an anonymous guest) are people and count, listed by what little is known of them.
 */
export function isHiddenOccupant(occupant: EventSyncOccupant): boolean {
  const domain = jidDomain(occupant);
  return domain.startsWith("recorder.") || domain.startsWith("hidden.");
}

/**
 * Jibri logs in on the `recorder.` domain, for a recording as for a live stream. Its arrival is the
 * only sign of a recording that event-sync gives, so it is what tells the room (GDPR: everyone in
 * the call must know they are being recorded).
 */
export function isRecorder(occupant: EventSyncOccupant): boolean {
  return jidDomain(occupant).startsWith("recorder.");
}

function jidDomain(occupant: EventSyncOccupant): string {
  return occupant.jid.split("@")[1]?.split("/")[0] ?? "";
}

export async function handleCallEvent(
  deps: CallActivityDeps,
  target: CallTarget,
  event: EventSyncEvent,
): Promise<void> {
  switch (event.kind) {
    case "room/created":
      // A breakout room belongs to the main room's call.
      if (event.room.breakoutRoomId === null) await deps.attendance.startCall(target.roomId, event.createdAt);
      return;
    case "occupant/joined":
      return occupantJoined(deps, target, event.room, event.occupant);
    case "occupant/left":
      if (isHiddenOccupant(event.occupant)) return;
      return deps.attendance.recordLeave(
        target.roomId,
        event.occupant.jid,
        event.occupant.joinedAt,
        event.occupant.leftAt,
      );
    case "room/destroyed":
      if (event.room.breakoutRoomId !== null) return;
      return callEnded(deps, target, event);
  }
}

function recordOf(target: CallTarget, room: EventSyncRoom, occupant: EventSyncOccupant): AttendanceRecord {
  const userId = occupant.id !== undefined && isUserId(occupant.id) ? occupant.id : null;
  return {
    meetingId: target.meeting?.id ?? null,
    roomId: target.roomId,
    conference: target.conference,
    breakoutRoomId: room.breakoutRoomId,
    occupantJid: occupant.jid,
    userId,
    name: occupant.name || null,
    isGuest: userId === null,
    joinedAt: occupant.joinedAt,
    leftAt: occupant.leftAt ?? null,
  };
}

async function occupantJoined(
  deps: CallActivityDeps,
  target: CallTarget,
  room: EventSyncRoom,
  occupant: EventSyncOccupant,
): Promise<void> {
  if (isRecorder(occupant) && room.breakoutRoomId === null) return announceRecorder(deps, target, occupant);
  if (isHiddenOccupant(occupant)) return;
  const record = recordOf(target, room, occupant);
  await deps.attendance.recordJoin(record);
  // Without the "room created" webhook (lost, or Plenum was down), the first join opens the call.
  const call =
    (await deps.attendance.openCall(target.roomId)) ??
    (await deps.attendance.startCall(target.roomId, occupant.joinedAt));
  const stays = await deps.attendance.between(target.roomId, call.startedAt, Number.MAX_SAFE_INTEGER);
  const present = stays.filter((stay) => stay.leftAt === null);
  await deps.attendance.raiseMaxParticipants(call.id, new Set(present.map(personKey)).size);
  // Only the call's first main-room arrival announces it, decided from stored rows rather than a flag,
  // so a retry of that very webhook posts again under the same transaction id and the homeserver
  // drops the duplicate.
  const first = stays.find((stay) => stay.breakoutRoomId === null);
  const isFirst = first?.occupantJid === record.occupantJid && first.joinedAt === record.joinedAt;
  if (room.breakoutRoomId !== null || !isFirst) return;
  await announceStart(deps, target, call, record, present);
}

async function announceStart(
  deps: CallActivityDeps,
  target: CallTarget,
  call: Call,
  joined: AttendanceRecord,
  present: AttendanceRecord[],
): Promise<void> {
  const locale = await roomLocale(deps, target.roomId);
  const inCall = new Set(present.map((stay) => stay.userId));
  const invited = target.meeting ? [target.meeting.organizer, ...target.meeting.participants] : [];
  const missing = [...new Set(invited)].filter((userId) => !inCall.has(userId));
  const lines = [
    translate(locale, "call.started", { name: joined.name ?? joined.userId ?? joined.occupantJid }),
  ];
  if (missing.length > 0)
    lines.push(translate(locale, "call.started_missing", { users: missing.join(", ") }));
  await deps.gateway.sendEvent(
    target.roomId,
    "m.room.message",
    { msgtype: "m.notice", body: lines.join("\n"), "m.mentions": { user_ids: missing } },
    `plenum.call.started.${target.roomId}.${call.startedAt}`,
  );
}

async function announceRecorder(
  deps: CallActivityDeps,
  target: CallTarget,
  recorder: EventSyncOccupant,
): Promise<void> {
  await deps.gateway.sendEvent(
    target.roomId,
    "m.room.message",
    { msgtype: "m.notice", body: translate(await roomLocale(deps, target.roomId), "recording.started") },
    `plenum.recording.started.${target.roomId}.${recorder.jid}.${recorder.joinedAt}`,
  );
}

async function callEnded(
  deps: CallActivityDeps,
  target: CallTarget,
  event: Extract<EventSyncEvent, { kind: "room/destroyed" }>,
): Promise<void> {
  const { attendance } = deps;
  // The final occupant list fills in joins and leaves whose own webhooks were lost.
  for (const occupant of event.occupants) {
    if (isHiddenOccupant(occupant)) continue;
    const record = recordOf(target, event.room, occupant);
    await attendance.recordJoin(record);
    if (record.leftAt !== null)
      await attendance.recordLeave(target.roomId, record.occupantJid, record.joinedAt, record.leftAt);
  }
  const call =
    (await attendance.callAt(target.roomId, event.createdAt)) ??
    (await attendance.openCall(target.roomId)) ??
    (await attendance.startCall(target.roomId, event.createdAt));
  await attendance.endCall(call.id, event.destroyedAt);
  await attendance.closeOpen(target.roomId, call.startedAt, event.destroyedAt);
  const people = new Set(
    (await attendance.between(target.roomId, call.startedAt, event.destroyedAt)).map(personKey),
  );
  // Nobody but a recorder came: there was no call to speak of, and none was announced.
  if (people.size === 0) return;
  const minutes = Math.max(1, Math.round((event.destroyedAt - call.startedAt) / 60_000));
  await deps.gateway.sendEvent(
    target.roomId,
    "m.room.message",
    {
      msgtype: "m.notice",
      body: translate(await roomLocale(deps, target.roomId), "call.ended", { minutes, count: people.size }),
    },
    `plenum.call.ended.${target.roomId}.${call.startedAt}`,
  );
}
