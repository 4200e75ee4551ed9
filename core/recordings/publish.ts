/**
 * Publishing a recording into its meeting room: store the file (the homeserver's media repository
 * when it is small enough, else Plenum's recordings_dir behind a signed link), post it with a short
 * notice, keep a row, and plan its deletion after the retention period.
 *
 * The row is written last, so a failure leaves nothing behind that claims the recording exists; what
 * was already stored is removed again. Events are sent with transaction ids derived from the file's
 * hash, so a retry after a crash between sending and storing the row does not post twice.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { DateTime } from "luxon";
import { translate } from "../i18n/translate.js";
import { MatrixRequestError } from "../matrix/errors.js";
import { newMeetingId } from "../meetings/meeting-id.js";
import type { Meeting } from "../meetings/model.js";
import type { Recording, RecordingCopy } from "../storage/recordings.js";
import type { RecordingDeps } from "./deps.js";
import type { JibriMetadata } from "./jibri-metadata.js";
import { recordingDownloadLink, type DownloadLink } from "./links.js";
import { makeThumbnail, probeMedia, type MediaInfo } from "./media-probe.js";

export const RECORDING_EXPIRE = "recording.expire";
const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

/** An upload that arrived whole and was checked: a temporary file in recordings_dir. */
export interface IncomingRecording {
  tempPath: string;
  fileName: string;
  mimetype: string;
  size: number;
  sha256: string;
  sessionId: string | null;
  metadata: JibriMetadata;
}

export interface RecordingTarget {
  roomId: string;
  meeting: Meeting | undefined;
}

export function newRecordingId(): string {
  return `REC-${newMeetingId().replace("-", "")}`;
}

export function recordingsDir(deps: Pick<RecordingDeps, "config">): string {
  return resolve(deps.config.jitsi.recordings_dir);
}

/** A serialised promise per upload key, so two uploads of one file at once still post once. */
const inFlight = new Map<string, Promise<{ recording: Recording; created: boolean }>>();

/** Publishes the recording, or returns the one already published from the same file. */
export function publishRecording(
  deps: RecordingDeps,
  target: RecordingTarget,
  incoming: IncomingRecording,
): Promise<{ recording: Recording; created: boolean }> {
  const previous = inFlight.get(incoming.sha256) ?? Promise.resolve(undefined);
  const next = previous
    .catch(() => undefined)
    .then(() => publishOnce(deps, target, incoming))
    .finally(() => {
      if (inFlight.get(incoming.sha256) === next) inFlight.delete(incoming.sha256);
    });
  inFlight.set(incoming.sha256, next);
  return next;
}

async function publishOnce(
  deps: RecordingDeps,
  target: RecordingTarget,
  incoming: IncomingRecording,
): Promise<{ recording: Recording; created: boolean }> {
  const existing = await deps.recordings.byUploadKey(incoming.sha256);
  if (existing) {
    await rm(incoming.tempPath, { force: true });
    return { recording: existing, created: false };
  }
  const log = deps.logger.child({ module: "recordings", room_id: target.roomId });
  const id = newRecordingId();
  const now = deps.clock.now();
  const info = await probeMedia(incoming.tempPath);
  const stored: Stored = { mediaUris: [], localPath: undefined };
  try {
    const thumbnail = await uploadThumbnail(deps, incoming, info, stored);
    const limit = await mediaLimit(deps);
    let content: Record<string, unknown>;
    let storage: Recording["storage"];
    const policy = await deps.policy.current();
    const expiresAt = now + policy.recording_retention_days * DAY_MS;
    const uri = incoming.size <= limit ? await uploadUnlessTooLarge(deps, incoming) : undefined;
    if (uri) {
      storage = "media";
      stored.mediaUris.push(uri);
      content = videoContent(incoming, info, uri, thumbnail);
    } else {
      storage = "local";
      await mkdir(recordingsDir(deps), { recursive: true });
      stored.localPath = join(recordingsDir(deps), `${id}${extname(incoming.fileName).toLowerCase()}`);
      await rename(incoming.tempPath, stored.localPath);
      content = linkContent(deps, target, incoming, recordingDownloadLink(deps.config, id, now));
    }
    const txn = `plenum.recording.${incoming.sha256}`;
    const videoEventId = await deps.gateway.sendEvent(
      target.roomId,
      "m.room.message",
      content,
      `${txn}.video`,
    );
    const notice = { msgtype: "m.notice", body: noticeText(deps, target, incoming, info, now, expiresAt) };
    const noticeEventId = await deps.gateway.sendEvent(
      target.roomId,
      "m.room.message",
      notice,
      `${txn}.notice`,
    );
    const copies = policy.publish_recordings
      ? await postToAudience(deps, target, [content, notice], txn)
      : [];
    const recording: Recording = {
      id,
      uploadKey: incoming.sha256,
      roomId: target.roomId,
      meetingId: target.meeting?.id ?? null,
      sessionId: incoming.sessionId,
      fileName: incoming.fileName,
      mimetype: incoming.mimetype,
      size: incoming.size,
      durationMs: info.durationMs ?? null,
      storage,
      mediaUri: storage === "media" ? stored.mediaUris.at(-1)! : null,
      thumbnailUri: thumbnail?.uri ?? null,
      localPath: stored.localPath ?? null,
      videoEventId,
      noticeEventId,
      createdAt: now,
      expiresAt,
      deletedAt: null,
      deletedBy: null,
    };
    if (!(await deps.recordings.insert(recording))) {
      // Another process published the same file meanwhile; its row and events stand.
      await discard(deps, stored);
      return { recording: (await deps.recordings.byUploadKey(incoming.sha256))!, created: false };
    }
    await deps.recordings.recordCopies(id, copies);
    await deps.jobs.schedule({ kind: RECORDING_EXPIRE, key: id, payload: { id }, dueAt: expiresAt });
    deps.wakeScheduler();
    log.info(
      { recording_id: id, event_id: videoEventId, storage, size: incoming.size },
      "recording published",
    );
    return { recording, created: true };
  } catch (error) {
    await discard(deps, stored);
    throw error;
  } finally {
    await rm(incoming.tempPath, { force: true });
  }
}

/**
 * The public follows a public session in its audience room, so the recording goes there too while the
 * session is public. Same transaction ids per file as in the meeting room, so a retry posts once.
 */
async function postToAudience(
  deps: RecordingDeps,
  target: RecordingTarget,
  contents: Record<string, unknown>[],
  txn: string,
): Promise<RecordingCopy[]> {
  const session = target.meeting ? await deps.publicSessions.get(target.meeting.id) : undefined;
  if (!session?.isPublic) return [];
  const copies: RecordingCopy[] = [];
  for (const [index, content] of contents.entries()) {
    const eventId = await deps.gateway.sendEvent(
      session.audienceRoomId,
      "m.room.message",
      content,
      `${txn}.audience.${index}`,
    );
    copies.push({ roomId: session.audienceRoomId, eventId });
  }
  deps.logger.info(
    { room_id: session.audienceRoomId, meeting_id: session.meetingId },
    "recording posted to the audience room",
  );
  return copies;
}

interface Stored {
  mediaUris: string[];
  localPath: string | undefined;
}

async function discard(deps: RecordingDeps, stored: Stored): Promise<void> {
  if (stored.localPath) await rm(stored.localPath, { force: true });
  for (const uri of stored.mediaUris) await deps.gateway.deleteMedia(uri).catch(() => false);
}

/** The media repository's URI for the file; undefined if the homeserver refuses it as too large. */
async function uploadUnlessTooLarge(
  deps: RecordingDeps,
  incoming: IncomingRecording,
): Promise<string | undefined> {
  try {
    return await deps.gateway.uploadMedia({
      path: incoming.tempPath,
      contentType: incoming.mimetype,
      fileName: incoming.fileName,
    });
  } catch (error) {
    // A proxy or the homeserver may allow less than m.upload.size says; Plenum keeps the file then.
    if (error instanceof MatrixRequestError && error.status === 413) return undefined;
    throw error;
  }
}

/** The homeserver's limit, lowered by `recordings_media_limit` if configured. */
async function mediaLimit(deps: RecordingDeps): Promise<number> {
  const configured = deps.config.jitsi.recordings_media_limit;
  const homeserver = await deps.gateway.mediaUploadLimit();
  if (configured === undefined) return homeserver ?? Number.MAX_SAFE_INTEGER;
  return Math.min(configured * MIB, homeserver ?? Number.MAX_SAFE_INTEGER);
}

async function uploadThumbnail(
  deps: RecordingDeps,
  incoming: IncomingRecording,
  info: MediaInfo,
  stored: Stored,
): Promise<{ uri: string; info: Record<string, unknown> } | undefined> {
  const thumbnail = await makeThumbnail(incoming.tempPath, info);
  if (!thumbnail) return undefined;
  const uri = await deps.gateway.uploadMedia({
    data: thumbnail.data,
    contentType: thumbnail.mimetype,
    fileName: `${incoming.fileName}.jpg`,
  });
  stored.mediaUris.push(uri);
  return {
    uri,
    info: {
      mimetype: thumbnail.mimetype,
      size: thumbnail.data.length,
      w: thumbnail.width,
      h: thumbnail.height,
    },
  };
}

function videoContent(
  incoming: IncomingRecording,
  info: MediaInfo,
  uri: string,
  thumbnail: { uri: string; info: Record<string, unknown> } | undefined,
): Record<string, unknown> {
  return {
    msgtype: "m.video",
    body: incoming.fileName,
    url: uri,
    info: {
      mimetype: incoming.mimetype,
      size: incoming.size,
      ...(info.durationMs !== undefined ? { duration: info.durationMs } : {}),
      ...(info.width !== undefined ? { w: info.width, h: info.height } : {}),
      ...(thumbnail ? { thumbnail_url: thumbnail.uri, thumbnail_info: thumbnail.info } : {}),
    },
  };
}

/** Too large for the media repository: a short-lived link clients open in the browser. */
function linkContent(
  deps: RecordingDeps,
  target: RecordingTarget,
  incoming: IncomingRecording,
  link: DownloadLink,
): Record<string, unknown> {
  const locale = deps.config.i18n.locale;
  const zone = target.meeting?.timezone ?? deps.config.i18n.timezone;
  const body = translate(locale, "recording.link", {
    file: incoming.fileName,
    size: Math.ceil(incoming.size / MIB),
    link: link.url,
    until: DateTime.fromMillis(link.expiresAt, { zone })
      .setLocale(locale)
      .toLocaleString(DateTime.DATETIME_MED),
  });
  return { msgtype: "m.text", body };
}

function noticeText(
  deps: RecordingDeps,
  target: RecordingTarget,
  incoming: IncomingRecording,
  info: MediaInfo,
  now: number,
  expiresAt: number,
): string {
  const locale = deps.config.i18n.locale;
  const zone = target.meeting?.timezone ?? deps.config.i18n.timezone;
  // Jibri calls the finalize script right after stopping, so the recording began one duration ago.
  const started = DateTime.fromMillis(now - (info.durationMs ?? 0), { zone }).setLocale(locale);
  const names = incoming.metadata.participants.map((p) => p.name ?? p.id).filter(Boolean);
  const lines = [
    translate(locale, "recording.posted", {
      date: started.toLocaleString(DateTime.DATE_MED),
      time: started.toFormat("HH:mm"),
      minutes: info.durationMs === undefined ? "?" : Math.max(1, Math.round(info.durationMs / 60_000)),
    }),
  ];
  if (names.length > 0) lines.push(translate(locale, "recording.participants", { names: names.join(", ") }));
  lines.push(
    translate(locale, "recording.expires", {
      date: DateTime.fromMillis(expiresAt, { zone }).setLocale(locale).toLocaleString(DateTime.DATE_MED),
    }),
  );
  return lines.join("\n");
}

const TEMP_NAME = /^\.incoming-[0-9a-f]{24}\.part$/;

/** Whether a file in recordings_dir is an upload still arriving (or one a crash left half-written). */
export function isUploadInProgress(name: string): boolean {
  return TEMP_NAME.test(name);
}

export function randomTempName(): string {
  return `.incoming-${randomBytes(12).toString("hex")}.part`;
}

/**
 * Removes uploads a crash left half-written. Only files untouched for `olderThanMs` go, so uploads
 * that another Plenum process is receiving right now stay.
 */
export async function removeStaleUploads(dir: string, now: number, olderThanMs: number): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names.filter((candidate) => TEMP_NAME.test(candidate))) {
    const path = join(dir, name);
    const modified = (await stat(path).catch(() => undefined))?.mtimeMs;
    if (modified !== undefined && now - modified > olderThanMs) {
      await rm(path, { force: true });
      removed.push(name);
    }
  }
  return removed;
}
