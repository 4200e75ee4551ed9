/**
 * Listing and deleting recordings: by the retention job when a recording expires, and by admins
 * (`!admin recordings`, `!admin recording delete <id>`) before that. Deleting redacts the posted
 * events, removes the stored file, marks the row and writes an audit entry. Media in the homeserver's
 * repository can only be removed with `homeserver.admin_token`; without it the room, the log and the
 * audit entry say that the file stays on the homeserver.
 */
import { rm } from "node:fs/promises";
import { UserError } from "../errors/user-error.js";
import { translate } from "../i18n/translate.js";
import type { JobHandler } from "../scheduling/scheduler.js";
import type { Recording } from "../storage/recordings.js";
import type { RecordingDeps } from "./deps.js";
import { RECORDING_EXPIRE } from "./publish.js";

export interface ListRecordingsOptions {
  roomId?: string;
  includeDeleted?: boolean;
  limit?: number;
}

export function listRecordings(
  deps: RecordingDeps,
  options: ListRecordingsOptions = {},
): Promise<Recording[]> {
  return deps.recordings.list({
    limit: options.limit ?? 50,
    ...(options.roomId ? { roomId: options.roomId } : {}),
    ...(options.includeDeleted ? { includeDeleted: true } : {}),
  });
}

export interface DeletionOutcome {
  recording: Recording;
  /** False when the file stays in the homeserver's media repository (no admin token). */
  fileDeleted: boolean;
}

/**
 * Deletes a recording now. `actor` is the admin's user id, or the bot's for retention. Throws a
 * UserError for an unknown or already deleted id. Safe to run again after a crash half-way.
 */
export async function deleteRecording(
  deps: RecordingDeps,
  id: string,
  actor: string,
  why: "retention" | "admin" = "admin",
): Promise<DeletionOutcome> {
  const recording = await deps.recordings.get(id.trim().toUpperCase());
  if (!recording) throw new UserError("recording.not_found", { id });
  if (recording.deletedAt !== null) throw new UserError("recording.deleted_already", { id: recording.id });
  const locale = deps.config.i18n.locale;
  const log = deps.logger.child({
    module: "recordings",
    room_id: recording.roomId,
    recording_id: recording.id,
  });
  const reason = translate(
    locale,
    why === "retention" ? "recording.redact_retention" : "recording.redact_admin",
  );
  const posts = [recording.videoEventId, recording.noticeEventId]
    .filter((eventId): eventId is string => eventId !== null)
    .map((eventId) => ({ roomId: recording.roomId, eventId }));
  for (const { roomId, eventId } of [...posts, ...(await deps.recordings.copiesOf(recording.id))])
    await deps.gateway.redactEvent(roomId, eventId, reason, `plenum.redact.${recording.id}.${eventId}`);
  const fileDeleted = await deleteStoredFile(deps, recording);
  if (!fileDeleted) {
    log.warn(
      { media_uri: recording.mediaUri },
      "recording redacted, but its media stays: no homeserver admin token",
    );
    await deps.gateway.sendEvent(
      recording.roomId,
      "m.room.message",
      { msgtype: "m.notice", body: translate(locale, "recording.media_kept", { id: recording.id }) },
      `plenum.recording.media_kept.${recording.id}`,
    );
  }
  const now = deps.clock.now();
  await deps.recordings.markDeleted(recording.id, now, actor);
  await deps.jobs.cancel(RECORDING_EXPIRE, recording.id);
  await deps.audit.record({
    at: now,
    actor,
    action: "recording.delete",
    roomId: recording.roomId,
    target: recording.id,
    reason: `${why}; ${fileDeleted ? "file deleted" : "media kept on the homeserver (no admin token)"}`,
  });
  log.info({ actor, why, file_deleted: fileDeleted }, "recording deleted");
  return { recording: { ...recording, deletedAt: now, deletedBy: actor }, fileDeleted };
}

async function deleteStoredFile(deps: RecordingDeps, recording: Recording): Promise<boolean> {
  if (recording.storage === "local") {
    if (recording.localPath) await rm(recording.localPath, { force: true });
    if (recording.thumbnailUri) await deps.gateway.deleteMedia(recording.thumbnailUri);
    return true;
  }
  let deleted = true;
  for (const uri of [recording.mediaUri, recording.thumbnailUri]) {
    if (uri && !(await deps.gateway.deleteMedia(uri))) deleted = false;
  }
  return deleted;
}

export function recordingJobHandlers(deps: RecordingDeps): Record<string, JobHandler> {
  return {
    [RECORDING_EXPIRE]: async (job) => {
      const recording = await deps.recordings.get(String(job.payload.id));
      if (!recording || recording.deletedAt !== null) return;
      await deleteRecording(deps, recording.id, deps.gateway.botUserId, "retention");
    },
  };
}
