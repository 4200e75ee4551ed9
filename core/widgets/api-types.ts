/**
 * Request and response shapes of Plenum's widget HTTP API (`/api/v1/session`, `/api/v1/meetings`…),
 * imported by the server (bridge/http/meetings-api.ts) and by the widgets (widgets/planner,
 * widgets/call) alike, so both sides change together. Types only (type imports are erased), because
 * the browser bundle includes it.
 */

import type { MeetingStatus } from "../meetings/model.js";
import type { MeetingState } from "../meetings/room-state.js";

export type { MeetingStatus };

/** Every error answer: a Matrix-style code for programs, a translated sentence for people. */
export interface ApiError {
  errcode: string;
  error: string;
}

export interface SessionRequest {
  openid_token: string;
  matrix_server_name: string;
}

export interface SessionResponse {
  /** Sent back as `Authorization: Bearer <token>`. */
  token: string;
  user_id: string;
  expires_in: number;
}

/**
 * A meeting as the meeting room's `org.plenum.meeting` state describes it (start and end of the first
 * occurrence in the meeting's zone), plus what only the API knows.
 */
export interface MeetingView extends MeetingState {
  room_id: string | null;
  duration_minutes: number;
  /** Matrix user ids invited (the organizer included). */
  participants: string[];
  /** Start of the next occurrence not yet over (ISO 8601, UTC), or null when none is left. */
  next_start: string | null;
  /** matrix.to link to the meeting room. */
  join_link: string | null;
  /** Whether the caller may move, cancel and invite (organizer, room moderator, admin). */
  can_edit: boolean;
  /** The series in words in the caller's language ("every week on Monday until 31 March 2027"); null for one-off. */
  series: string | null;
  /** The meeting's .ics behind a link signed for this meeting (never a person's feed token). */
  calendar_url: string;
}

export interface MeetingsResponse {
  meetings: MeetingView[];
}

export interface OccurrenceView {
  meeting_id: string;
  title: string;
  start: string;
  end: string;
  status: MeetingStatus;
  room_id: string | null;
}

/** `GET /api/v1/meetings?from=&to=`: the caller's meetings and their occurrences in the range. */
export interface MyMeetingsResponse extends MeetingsResponse {
  occurrences: OccurrenceView[];
}

/**
 * `POST /api/v1/meetings`: the fields of `!meet schedule`, read by the same parsers, so the same
 * input gets the same answer as from the bot.
 */
export interface CreateMeetingRequest {
  /** The room the meeting is planned from (the origin room); the caller must be joined there. */
  room_id: string;
  title: string;
  /** Wall-clock start in `timezone`, e.g. "2026-12-01 10:00" (or anything `!meet schedule` accepts). */
  start: string;
  /** IANA zone; defaults to the caller's `!meet tz` choice, else the server's default. */
  timezone?: string;
  /** "45m", "1h30m" or minutes as a number; defaults to the configured duration. */
  duration?: string | number;
  /** A repetition as `!meet schedule … every` takes it: "weekly", "biweekly" or "RRULE:FREQ=…". */
  rrule?: string;
  /** Last day of the series ("2027-03-31"). */
  until?: string;
  /** User ids, room ids or aliases; without any, the members of the origin room. */
  participants?: string[];
  description?: string;
}

/** Every field is optional; those given are changed, details first, then the time, then participants. */
export interface UpdateMeetingRequest {
  title?: string;
  /** Empty text removes the description. */
  description?: string;
  /** As when creating: "45m", "1h30m" or minutes as a number. */
  duration?: string | number;
  /** Moves the meeting (wall-clock time in `timezone`). */
  start?: string;
  timezone?: string;
  invite?: string[];
  uninvite?: string[];
}

/** `PATCH /api/v1/meetings/{id}/occurrences/{date}`: moves that one date of a series. */
export interface MoveOccurrenceRequest {
  /** The new date and time, wall-clock in `timezone` (as typed after "to" in `!meet move`). */
  start: string;
  timezone?: string;
}

export interface MeetingResponse {
  meeting: MeetingView;
}

export interface RoomMember {
  user_id: string;
  display_name: string | null;
}

export interface RoomMembersResponse {
  members: RoomMember[];
}

/** A recording posted in a room. Times are ISO 8601. */
export interface RecordingView {
  id: string;
  file_name: string;
  mimetype: string;
  size: number;
  duration_ms: number | null;
  created_at: string;
  /** When the retention period ends and the recording is deleted. */
  deleted_after: string;
  /** In the homeserver's media repository (the room's message carries it), else null. */
  media_uri: string | null;
  /** For recordings Plenum keeps itself: a fresh download link, and until when it works. */
  download_url: string | null;
  download_expires_at: string | null;
}

/** `GET /api/v1/rooms/{roomId}/recordings`: the room's recordings, newest first, for its members. */
export interface RecordingsResponse {
  recordings: RecordingView[];
}

/** `POST /api/v1/jitsi/token` (bridge/http/jitsi.ts), used by the call widget. */
export interface JitsiTokenRequest extends SessionRequest {
  room_id: string;
  /** A token for this whisper group's audio-only conference instead (members of the group only). */
  whisper_group?: string;
  /** A listener's token (never a moderator's) for this room's conference, one of the view's `listen`. */
  listen_to?: string;
}

export interface JitsiTokenResponse {
  token: string;
  expires_in: number;
  domain: string;
  room: string;
}

/** A conference the caller may listen to from a room's call (issue 19, sub-room audio). */
export interface ListenTarget {
  room_id: string;
  title: string;
  kind: "main" | "breakout";
}

/** `GET /api/v1/rooms/{roomId}/council` and the answer of its POSTs: the call widget's view of a council call. */
export interface CouncilView {
  podium: { enabled: boolean; members: string[] };
  /** Who has the floor on the list of speakers. */
  floor: string | null;
  /** The list of speakers' waiting places, in order. */
  waiting: string[];
  /** The caller is waiting or has the floor. */
  hand_raised: boolean;
  /** The caller may moderate the call (the podium, approving who unmutes). */
  may_moderate: boolean;
  /** Each user's Jitsi participant id in this room's conference; only for moderators, else empty. */
  participants: Record<string, string>;
  /** Only the groups the caller is a member of. */
  whisper_groups: { id: string; name: string; members: string[] }[];
  listen: ListenTarget[];
}

/** `POST /api/v1/rooms/{roomId}/council/hand`. */
export interface CouncilHandRequest {
  raised: boolean;
}

/** `POST /api/v1/rooms/{roomId}/council/presence`: the caller's id from `videoConferenceJoined`. */
export interface CouncilPresenceRequest {
  participant_id: string;
}

/** `POST /api/v1/rooms/{roomId}/council/podium` (moderators). */
export interface CouncilPodiumRequest {
  enabled?: boolean;
  add?: string[];
  remove?: string[];
}
