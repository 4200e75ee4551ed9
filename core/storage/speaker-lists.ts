import { EMPTY_LIST, type SpeakerList, type Turn } from "../council/speaker-list.js";
import type { Database } from "./database.js";

export interface StoredSpeakerList {
  list: SpeakerList;
  /** The pinned message showing the list; null until it is first posted. */
  messageId: string | null;
}

/** Lists of speakers per meeting room, and the turns given, which stay as the meeting's record. */
export function speakerListsRepository(db: Database) {
  return {
    async get(roomId: string): Promise<StoredSpeakerList> {
      const row = await db("speaker_lists").where({ room_id: roomId }).first();
      if (!row) return { list: EMPTY_LIST, messageId: null };
      return {
        list: JSON.parse(String(row.list)) as SpeakerList,
        messageId: row.message_id === null ? null : String(row.message_id),
      };
    },

    async save(meetingId: string, roomId: string, stored: StoredSpeakerList, now: number): Promise<void> {
      const row = {
        meeting_id: meetingId,
        list: JSON.stringify(stored.list),
        message_id: stored.messageId,
        updated_at: now,
      };
      await db("speaker_lists")
        .insert({ room_id: roomId, ...row })
        .onConflict("room_id")
        .merge(row);
    },

    async recordTurn(meetingId: string, roomId: string, turn: Turn): Promise<void> {
      await db("speaker_turns").insert({
        meeting_id: meetingId,
        room_id: roomId,
        user_id: turn.userId,
        topic: turn.topic,
        started_at: turn.since,
      });
    },

    async turns(roomId: string): Promise<{ userId: string; topic: string | null; startedAt: number }[]> {
      const rows = await db("speaker_turns").where({ room_id: roomId }).orderBy("started_at");
      return rows.map((r) => ({
        userId: String(r.user_id),
        topic: r.topic === null ? null : String(r.topic),
        startedAt: Number(r.started_at),
      }));
    },
  };
}

export type SpeakerListsRepository = ReturnType<typeof speakerListsRepository>;
