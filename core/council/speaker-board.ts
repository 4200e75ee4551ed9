import type { ConfigSlice } from "../config/slice.js";
import { translate } from "../i18n/translate.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { Meeting } from "../meetings/model.js";
import { upsertPinnedNotice, type NoticeDeps, type PinnedNoticeDeps } from "../meetings/room-updates.js";
import type { JobHandler } from "../scheduling/scheduler.js";
import type { JobsRepository } from "../storage/jobs.js";
import type { SpeakerListsRepository } from "../storage/speaker-lists.js";
import { renderSpeakerList, type SpeakerList, type Turn } from "./speaker-list.js";

export const SPEAKING_TIME_UP = "meeting.speaking_time_up";

function turnKey(roomId: string, turn: Turn): string {
  return `speaker|${roomId}|${turn.since}`;
}

function sameTurn(a: Turn | null, b: Turn | null): boolean {
  return a?.userId === b?.userId && a?.since === b?.since;
}

export type SpeakerBoardDeps = PinnedNoticeDeps &
  Pick<MeetingDeps, "clock" | "wakeScheduler"> & {
    speakers: Pick<SpeakerListsRepository, "get" | "recordTurn" | "save">;
    jobs: Pick<JobsRepository, "schedule" | "cancel">;
    config: ConfigSlice<{ i18n: "locale" }>;
  };

export type SpeakerJobDeps = NoticeDeps & {
  speakers: Pick<SpeakerListsRepository, "get">;
  config: ConfigSlice<{ i18n: "locale" }>;
};

/**
 * Applies `change` to the meeting room's list of speakers: a refused change (a UserError) leaves
 * everything as it was. The pinned message is updated before the list is stored, so a failed send
 * changes nothing either; a new turn is recorded and its speaking time planned as a durable job.
 */
export async function changeSpeakerList(
  deps: SpeakerBoardDeps,
  meeting: Meeting,
  change: (list: SpeakerList) => SpeakerList,
  txnId: string,
): Promise<SpeakerList> {
  const roomId = meeting.roomId!;
  const stored = await deps.speakers.get(roomId);
  const list = change(stored.list);
  const text = renderSpeakerList(list, {
    title: meeting.title,
    locale: deps.config.i18n.locale,
    zone: meeting.timezone,
  });
  const messageId = await upsertPinnedNotice(
    deps,
    roomId,
    text,
    stored.messageId,
    `plenum.speakers.${txnId}`,
  );
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
export function speakerJobHandlers(deps: SpeakerJobDeps): Record<string, JobHandler> {
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
