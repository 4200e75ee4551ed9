/**
 * Jibri's `metadata.json`, written into the session directory before the finalize script runs:
 * `meeting_url`, `participants` (identities of those seen in the call: `user.id`, `user.name`,
 * `user.avatar`), and whatever keys the recording request's app data carried (Jitsi Meet sends
 * `share`; embedders may pass e.g. `matrix_room_id`). Trust boundary: it arrives with the recordings
 * bearer token, but every value is still checked here before it names a room.
 */
import { isRoomId } from "../matrix/ids.js";
import { roomIdForConference } from "../meetings/conference.js";

export interface JibriParticipant {
  id?: string;
  name?: string;
}

export interface JibriMetadata {
  meetingUrl: string | undefined;
  /** The conference as Prosody names it (lower case), from the meeting URL's last path segment. */
  conference: string | undefined;
  matrixRoomId: string | undefined;
  participants: JibriParticipant[];
}

export type JibriMetadataParse = { ok: true; metadata: JibriMetadata } | { ok: false; problem: string };

export function parseJibriMetadata(text: string): JibriMetadataParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: "metadata: not JSON" };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, problem: "metadata: expected a JSON object" };
  const fields = body as Record<string, unknown>;
  const meetingUrl = typeof fields.meeting_url === "string" ? fields.meeting_url : undefined;
  const matrixRoomId = typeof fields.matrix_room_id === "string" ? fields.matrix_room_id : undefined;
  if (meetingUrl === undefined && matrixRoomId === undefined)
    return { ok: false, problem: "metadata: neither meeting_url nor matrix_room_id" };
  return {
    ok: true,
    metadata: {
      meetingUrl,
      conference: meetingUrl === undefined ? undefined : conferenceFromMeetingUrl(meetingUrl),
      matrixRoomId,
      participants: readParticipants(fields.participants),
    },
  };
}

/** `https://meet.example.org/[tenant/]<room>[?…][#…]` → `<room>`, lower-cased like Prosody's MUC node. */
export function conferenceFromMeetingUrl(meetingUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(meetingUrl);
  } catch {
    return undefined;
  }
  const segment = url.pathname.split("/").filter(Boolean).pop();
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return undefined;
  }
}

/** Jibri names its file `<call name>_<yyyy-MM-dd-HH-mm-ss>.<ext>`; the call name is the conference. */
export function conferenceFromFileName(fileName: string): string | undefined {
  const match = /^(.+)_\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.[A-Za-z0-9]+$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : undefined;
}

/**
 * The Matrix room the recording belongs to: the conference Jibri was in decides; an embedder's
 * `matrix_room_id` and the file name only help when the URL names no Matrix room.
 */
export function roomIdForRecording(metadata: JibriMetadata, fileName: string): string | undefined {
  const fromConference = metadata.conference ? roomIdForConference(metadata.conference) : undefined;
  if (fromConference) return fromConference;
  if (metadata.matrixRoomId && isRoomId(metadata.matrixRoomId)) return metadata.matrixRoomId;
  const fromFile = conferenceFromFileName(fileName);
  return fromFile ? roomIdForConference(fromFile) : undefined;
}

function readParticipants(value: unknown): JibriParticipant[] {
  if (!Array.isArray(value)) return [];
  const participants: JibriParticipant[] = [];
  for (const item of value) {
    const user = (item as { user?: unknown } | null)?.user;
    if (typeof user !== "object" || user === null) continue;
    const { id, name } = user as Record<string, unknown>;
    const participant: JibriParticipant = {};
    if (typeof id === "string" && id) participant.id = id;
    if (typeof name === "string" && name) participant.name = name;
    if (participant.id || participant.name) participants.push(participant);
  }
  return participants;
}
