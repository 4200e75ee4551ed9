import type { Database } from "./database.js";

type Row = Record<string, unknown>;

/** Where a recording's bytes live: the homeserver's media repository, or Plenum's recordings_dir. */
export type RecordingStorage = "media" | "local";

/** A recording published into a meeting room; times in epoch milliseconds. */
export interface Recording {
  id: string;
  /** sha256 of the file: the same recording uploaded again has the same key. */
  uploadKey: string;
  roomId: string;
  meetingId: string | null;
  sessionId: string | null;
  fileName: string;
  mimetype: string;
  size: number;
  durationMs: number | null;
  storage: RecordingStorage;
  mediaUri: string | null;
  thumbnailUri: string | null;
  localPath: string | null;
  videoEventId: string;
  noticeEventId: string | null;
  createdAt: number;
  expiresAt: number;
  deletedAt: number | null;
  deletedBy: string | null;
}

function toRecording(row: Row): Recording {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    id: String(row.id),
    uploadKey: String(row.upload_key),
    roomId: String(row.room_id),
    meetingId: text(row.meeting_id),
    sessionId: text(row.session_id),
    fileName: String(row.file_name),
    mimetype: String(row.mimetype),
    size: Number(row.size),
    durationMs: number(row.duration_ms),
    storage: String(row.storage) as RecordingStorage,
    mediaUri: text(row.media_uri),
    thumbnailUri: text(row.thumbnail_uri),
    localPath: text(row.local_path),
    videoEventId: String(row.video_event_id),
    noticeEventId: text(row.notice_event_id),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    deletedAt: number(row.deleted_at),
    deletedBy: text(row.deleted_by),
  };
}

/** Recordings and their fate. */
export interface RecordingCopy {
  roomId: string;
  eventId: string;
}

export function recordingsRepository(db: Database) {
  return {
    /** Stores a published recording; false if one with the same upload key was stored first. */
    async insert(recording: Recording): Promise<boolean> {
      const inserted = await db("recordings")
        .insert({
          id: recording.id,
          upload_key: recording.uploadKey,
          room_id: recording.roomId,
          meeting_id: recording.meetingId,
          session_id: recording.sessionId,
          file_name: recording.fileName,
          mimetype: recording.mimetype,
          size: recording.size,
          duration_ms: recording.durationMs,
          storage: recording.storage,
          media_uri: recording.mediaUri,
          thumbnail_uri: recording.thumbnailUri,
          local_path: recording.localPath,
          video_event_id: recording.videoEventId,
          notice_event_id: recording.noticeEventId,
          created_at: recording.createdAt,
          expires_at: recording.expiresAt,
          deleted_at: recording.deletedAt,
          deleted_by: recording.deletedBy,
        })
        .onConflict("upload_key")
        .ignore()
        .returning("id");
      return inserted.length > 0;
    },

    async get(id: string): Promise<Recording | undefined> {
      const row = await db("recordings").where({ id }).first();
      return row ? toRecording(row) : undefined;
    },

    async byUploadKey(uploadKey: string): Promise<Recording | undefined> {
      const row = await db("recordings").where({ upload_key: uploadKey }).first();
      return row ? toRecording(row) : undefined;
    },

    /** Newest first; deleted ones only when asked for. */
    async list(filter: { roomId?: string; includeDeleted?: boolean; limit: number }): Promise<Recording[]> {
      let query = db("recordings").orderBy("created_at", "desc").limit(filter.limit);
      if (filter.roomId) query = query.where({ room_id: filter.roomId });
      if (!filter.includeDeleted) query = query.whereNull("deleted_at");
      return ((await query) as Row[]).map(toRecording);
    },

    /** Recordings not deleted that were posted into `roomId`, itself or as a copy; newest first. */
    async postedIn(roomId: string, limit: number): Promise<Recording[]> {
      const copied = db("recording_copies").select("recording_id").where({ room_id: roomId });
      const rows = (await db("recordings")
        .whereNull("deleted_at")
        .andWhere((where) => where.where({ room_id: roomId }).orWhereIn("id", copied))
        .orderBy([
          { column: "created_at", order: "desc" },
          { column: "id", order: "desc" },
        ])
        .limit(limit)) as Row[];
      return rows.map(toRecording);
    },

    /** Events that carry the recording in other rooms (a public session's audience room). */
    async recordCopies(id: string, copies: RecordingCopy[]): Promise<void> {
      if (copies.length === 0) return;
      await db("recording_copies")
        .insert(copies.map((c) => ({ recording_id: id, room_id: c.roomId, event_id: c.eventId })))
        .onConflict(["recording_id", "event_id"])
        .ignore();
    },

    async copiesOf(id: string): Promise<RecordingCopy[]> {
      const rows = await db("recording_copies").where({ recording_id: id }).orderBy("event_id");
      return rows.map((row) => ({ roomId: String(row.room_id), eventId: String(row.event_id) }));
    },

    async markDeleted(id: string, at: number, by: string): Promise<void> {
      await db("recordings").where({ id }).whereNull("deleted_at").update({ deleted_at: at, deleted_by: by });
    },
  };
}

export type RecordingsRepository = ReturnType<typeof recordingsRepository>;
