/**
 * Download links of recordings kept in recordings_dir (too large for the homeserver). A link carries
 * its own authorization and is posted as plain text into rooms, where it can be copied and forwarded,
 * so it works only for `http.recording_link_lifetime` (hours), not for the recording's whole
 * retention. Members of a room the recording was posted in get a fresh one on request: `!meet
 * recordings` in that room, or `GET /api/v1/rooms/{roomId}/recordings` with a widget session.
 */
import type { ConfigSlice } from "../config/slice.js";
import { configuredLinkSigner, publicUrl } from "../http/signed-links.js";
import type { Recording, RecordingsRepository } from "../storage/recordings.js";
import { durationMs } from "../time/duration-text.js";

/** The public path of a locally stored recording; the link signed for it is the only way in. */
export function localRecordingPath(id: string): string {
  return `/api/v1/recordings/${encodeURIComponent(id)}/file`;
}

export interface DownloadLink {
  url: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type DownloadLinkConfig = ConfigSlice<{
  appservice: "as_token";
  http: "public_url" | "recording_link_lifetime";
}>;

/** A link to the recording's file that works from `now` for the configured lifetime. */
export function recordingDownloadLink(config: DownloadLinkConfig, id: string, now: number): DownloadLink {
  const expiresAt = now + durationMs(config.http.recording_link_lifetime);
  return {
    url: publicUrl(config, configuredLinkSigner(config).sign(localRecordingPath(id), expiresAt)),
    expiresAt,
  };
}

/**
 * Slack for clocks: a link is signed on one Plenum instance and may be checked on another whose clock
 * runs a little behind, so its expiry may lie this much beyond the configured lifetime.
 */
const RECORDING_LINK_SLACK_MS = 5 * 60_000;

/**
 * Whether a download link may open the recording now: "valid", "invalid" (forged, for another
 * recording, or expired), or "too-long" when its expiry lies further out than a link made now could
 * reach. Links posted before links were short-lived carry the recording's retention (up to ten years)
 * under the same key; they, and links made under a longer lifetime than now configured, are refused.
 */
export function checkRecordingLink(
  config: ConfigSlice<{ appservice: "as_token"; http: "recording_link_lifetime" }>,
  id: string,
  query: Record<string, unknown>,
  now: number,
): "valid" | "invalid" | "too-long" {
  if (!configuredLinkSigner(config).verify(localRecordingPath(id), query, now)) return "invalid";
  const expiresAt = Number(query.expires) * 1000;
  const latest = now + durationMs(config.http.recording_link_lifetime) + RECORDING_LINK_SLACK_MS;
  return expiresAt > latest ? "too-long" : "valid";
}

export interface PostedRecording {
  recording: Recording;
  /** A fresh link for recordings kept by Plenum; those in the media repository are in the room itself. */
  download: DownloadLink | undefined;
}

/** Enough for a long series of recorded meetings; older ones are still in the room's history. */
export const RECORDINGS_LISTED = 20;

/** The recordings posted into `roomId` (itself or as a copy), newest first, with fresh links. */
export async function recordingsPostedIn(
  deps: { config: DownloadLinkConfig; recordings: Pick<RecordingsRepository, "postedIn"> },
  roomId: string,
  now: number,
): Promise<PostedRecording[]> {
  const found = await deps.recordings.postedIn(roomId, RECORDINGS_LISTED);
  return found.map((recording) => ({
    recording,
    download:
      recording.storage === "local" ? recordingDownloadLink(deps.config, recording.id, now) : undefined,
  }));
}
