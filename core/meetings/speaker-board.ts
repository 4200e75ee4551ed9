import type { JobHandler } from "../scheduling/scheduler.js";
import { translate } from "../i18n/translate.js";
import type { MeetingDeps } from "./deps.js";
import type { Meeting } from "./model.js";
import { postNotice } from "./room-updates.js";
import { renderSpeakerList, type SpeakerList, type Turn } from "./speaker-list.js";

export const SPEAKING_TIME_UP = "meeting.speaking_time_up";

function turnKey(roomId: string, turn: Turn): string {
  return `speaker|${roomId}|${turn.since}`;
}

function sameTurn(a: Turn | null, b: Turn | null): boolean {
  return a?.userId === b?.userId && a?.since === b?.since;
}

async function pin(deps: MeetingDeps, roomId: string, eventId: string): Promise<void> {
  const pinned = (await deps.gateway.getState(roomId, "m.room.pinned_events", ""))?.pinned;
  const ids = Array.isArray(pinned) ? pinned.filter((id): id is string => typeof id === "string") : [];
  if (ids.includes(eventId)) return;
  await deps.gateway.sendState(roomId, "m.room.pinned_events", "", { pinned: [...ids, eventId] });
}

/** Posts the list once and pins it; every later change edits that same message (`m.replace`). */
async function showList(
  deps: MeetingDeps,
  meeting: Meeting,
  list: SpeakerList,
  messageId: string | null,
  txnId: string,
): Promise<string> {
  const roomId = meeting.roomId!;
  const text = renderSpeakerList(list, {
    title: meeting.title,
    locale: deps.config.i18n.locale,
    zone: meeting.timezone,
  });
  if (messageId === null) {
    const posted = await postNotice(deps, roomId, text, `plenum.speakers.${txnId}`);
    await pin(deps, roomId, posted);
    return posted;
  }
  const content = { msgtype: "m.notice", body: text };
  await deps.gateway.sendEvent(
    roomId,
    "m.room.message",
    {
      msgtype: "m.notice",
      body: `* ${text}`,
      "m.new_content": content,
      "m.relates_to": { rel_type: "m.replace", event_id: messageId },
    },
    `plenum.speakers.edit.${txnId}`,
  );
  return messageId;
}

/**
 * Applies `change` to the meeting room's list of speakers: a refused change (a UserError) leaves
 * everything as it was. The pinned message is updated before the list is stored, so a failed send
 * changes nothing either; a new turn is recorded and its speaking time planned as a durable job.
 */
export async function changeSpeakerList(
  deps: MeetingDeps,
  meeting: Meeting,
  change: (list: SpeakerList) => SpeakerList,
  txnId: string,
): Promise<SpeakerList> {
  const roomId = meeting.roomId!;
  const stored = await deps.speakers.get(roomId);
  const list = change(stored.list);
  const messageId = await showList(deps, meeting, list, stored.messageId, txnId);
  const previous = stored.list.current;
  if (!sameTurn(previous, list.current)) {
    if (previous) await deps.jobs.cancel(SPEAKING_TIME_UP, turnKey(roomId, previous));
    if (list.current) {
      await deps.speakers.recordTurn(meeting.id, roomId, list.current);
      if (list.current.until !== null) {
        await deps.jobs.schedule({
          kind: SPEAKING_TIME_UP,
          key: turnKey(roomId, list.current),
          payload: { meetingId: meeting.id, roomId, userId: list.current.userId, since: list.current.since },
          dueAt: list.current.until,
        });
        deps.wakeScheduler();
      }
    }
  }
  await deps.speakers.save(meeting.id, roomId, { list, messageId }, deps.clock.now());
  return list;
}

/** The notice when a speaking time runs out, if that turn is still going on. */
export function speakerJobHandlers(deps: MeetingDeps): Record<string, JobHandler> {
  const timeUp: JobHandler = async (job) => {
    const { roomId, userId, since } = job.payload as { roomId: string; userId: string; since: number };
    const { current } = (await deps.speakers.get(roomId)).list;
    if (current?.userId !== userId || current.since !== since) return;
    await deps.gateway.sendEvent(
      roomId,
      "m.room.message",
      {
        msgtype: "m.notice",
        body: translate(deps.config.i18n.locale, "speakers.time_up", { user: userId }),
        "m.mentions": { user_ids: [userId] },
      },
      `plenum.job.${job.kind}.${job.key}`,
    );
  };
  return { [SPEAKING_TIME_UP]: timeUp };
}
