import type { Database } from "./database.js";

export interface PublicSession {
  meetingId: string;
  audienceRoomId: string;
  /** An HLS or player page the audience room links to while the session is live. */
  streamUrl: string | null;
  statusMessageId: string | null;
  /** False after `!meet public off`; the audience room stays, closed to newcomers. */
  isPublic: boolean;
}

function toSession(row: Record<string, unknown>): PublicSession {
  return {
    meetingId: String(row.meeting_id),
    audienceRoomId: String(row.audience_room_id),
    streamUrl: row.stream_url === null ? null : String(row.stream_url),
    statusMessageId: row.status_message_id === null ? null : String(row.status_message_id),
    isPublic: Boolean(row.public),
  };
}

/** Public sessions and their audience rooms. */
export function publicSessionsRepository(db: Database) {
  return {
    async get(meetingId: string): Promise<PublicSession | undefined> {
      const row = await db("public_sessions").where({ meeting_id: meetingId }).first();
      return row ? toSession(row) : undefined;
    },
    async byAudienceRoom(roomId: string): Promise<PublicSession | undefined> {
      const row = await db("public_sessions").where({ audience_room_id: roomId }).first();
      return row ? toSession(row) : undefined;
    },
    async save(session: PublicSession, now: number): Promise<void> {
      const row = {
        audience_room_id: session.audienceRoomId,
        stream_url: session.streamUrl,
        status_message_id: session.statusMessageId,
        public: session.isPublic,
        changed_at: now,
      };
      await db("public_sessions")
        .insert({ meeting_id: session.meetingId, ...row })
        .onConflict("meeting_id")
        .merge(row);
    },
  };
}

export type PublicSessionsRepository = ReturnType<typeof publicSessionsRepository>;
