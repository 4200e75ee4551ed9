import {
  ADMIN_POWER as ADMIN,
  MODERATOR_POWER as MODERATOR,
  type OrganizerPower,
} from "../matrix/power-levels.js";
import type { RoomVersionsCapability } from "../matrix/capabilities.js";
import { type JitsiWidgetContent, widgetLayout } from "./jitsi-widget.js";
import type { Meeting } from "./model.js";
import {
  MEETING_ROOM_TYPE,
  MEETING_STATE,
  WIDGET_LAYOUT,
  WIDGET_STATE,
  meetingStateContent,
} from "./room-state.js";

export type JoinRule = { kind: "invite" } | { kind: "restricted"; roomId: string };

export interface MeetingRoomInput {
  meeting: Meeting;
  /** The user that sends the createRoom request and so becomes the room's creator. */
  botUserId: string;
  organizerPower: OrganizerPower;
  invitees: string[];
  joinRule: JoinRule;
  /** Always sent: who holds power depends on it (see `creatorsOutrankPowerLevels`). */
  roomVersion: string;
  /** Formatted by the caller: date range with zone, in the room's language. */
  topic: string;
  /**
   * Null while the conference name is unknown: for `openidtoken-jwt` it derives from the room id,
   * which exists only once the room does. The meeting state then goes in without its conference
   * (`jitsi: null`), and the widget and the full meeting state follow creation as `meetingStateEvents`.
   */
  widget: JitsiWidgetContent | null;
  /** End-to-end encrypted by policy (`encrypt_meeting_rooms`, seeded by `meetings.encrypt_meeting_rooms`). */
  encrypted?: boolean;
}

// Type aliases rather than interfaces: they fit `Record<string, unknown>` parameters of the gateway.
export type StateEvent = {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
};

export type PowerLevelsContent = {
  users: Record<string, number>;
  users_default: number;
  events: Record<string, number>;
  events_default: number;
  state_default: number;
  invite: number;
  kick: number;
  ban: number;
  redact: number;
};

/** Body of `POST /_matrix/client/v3/createRoom`. */
export type CreateRoomRequest = {
  name: string;
  topic: string;
  creation_content: { type: typeof MEETING_ROOM_TYPE };
  room_version: string;
  preset: "private_chat";
  visibility: "private";
  invite: string[];
  is_direct: false;
  initial_state: StateEvent[];
  power_level_content_override: PowerLevelsContent;
};

/**
 * Everything the room needs in one request, so no client ever sees a meeting room with default power
 * levels or join rules, nor (when the conference is known up front) without its meeting and widget.
 */
export function meetingRoomRequest(input: MeetingRoomInput): CreateRoomRequest {
  if (input.joinRule.kind === "restricted" && !supportsRestrictedJoins(input.roomVersion)) {
    throw new Error(`room version ${input.roomVersion} does not support restricted join rules`);
  }
  return {
    name: input.meeting.title,
    topic: input.topic,
    creation_content: { type: MEETING_ROOM_TYPE },
    room_version: input.roomVersion,
    preset: "private_chat",
    visibility: "private",
    // Synapse refuses to invite the creator, who is already joined.
    invite: [...new Set(input.invitees)].filter((userId) => userId !== input.botUserId),
    is_direct: false,
    initial_state: [
      state("m.room.guest_access", "", { guest_access: "forbidden" }),
      state("m.room.history_visibility", "", { history_visibility: "shared" }),
      state("m.room.join_rules", "", joinRulesContent(input.joinRule)),
      // Invitees see the meeting in their invite (Synapse's `room_prejoin_state`) only if its state is
      // there when the invites go out, which is inside this request.
      ...(input.widget
        ? meetingStateEvents(input.meeting, input.widget)
        : [state(MEETING_STATE, "", meetingStateContent(input.meeting))]),
      ...(input.encrypted ? [state("m.room.encryption", "", { algorithm: "m.megolm.v1.aes-sha2" })] : []),
    ],
    power_level_content_override: powerLevels(input),
  };
}

/** The meeting record, its Jitsi widget and the widget's pin, which all name the same conference. */
export function meetingStateEvents(meeting: Meeting, widget: JitsiWidgetContent): StateEvent[] {
  if (widget.data.conferenceId !== meeting.conferenceName || widget.data.domain !== meeting.jitsiDomain) {
    throw new Error(`widget ${widget.id} is for another conference than meeting ${meeting.id}`);
  }
  return [
    state(MEETING_STATE, "", meetingStateContent(meeting)),
    state(WIDGET_STATE, widget.id, widget),
    state(WIDGET_LAYOUT, "", widgetLayout(widget.id)),
  ];
}

/** The homeserver's default if it can restrict joins to the origin room's members, else version 10. */
export function meetingRoomVersion(capability: RoomVersionsCapability): string {
  return supportsRestrictedJoins(capability.default) ? capability.default : "10";
}

/** Restricted joins arrived in room version 8; unstable (non-numeric) versions are not relied on. */
export function supportsRestrictedJoins(roomVersion: string): boolean {
  const version = numericVersion(roomVersion);
  return version !== undefined && version >= 8;
}

/**
 * From room version 12 (MSC4289) the creator has unlimited power, and the homeserver rejects power
 * levels that list the creator in `users`.
 */
export function creatorsOutrankPowerLevels(roomVersion: string): boolean {
  const version = numericVersion(roomVersion);
  return version !== undefined && version >= 12;
}

function numericVersion(roomVersion: string): number | undefined {
  return /^[0-9]+$/.test(roomVersion) ? Number(roomVersion) : undefined;
}

function state(type: string, stateKey: string, content: Record<string, unknown>): StateEvent {
  return { type, state_key: stateKey, content };
}

function joinRulesContent(joinRule: JoinRule): Record<string, unknown> {
  if (joinRule.kind === "invite") return { join_rule: "invite" };
  return { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: joinRule.roomId }] };
}

function powerLevels(input: MeetingRoomInput): PowerLevelsContent {
  const creatorOutranks = creatorsOutrankPowerLevels(input.roomVersion);
  const users: Record<string, number> = {};
  if (!creatorOutranks) users[input.botUserId] = ADMIN;
  if (input.meeting.organizer !== input.botUserId) users[input.meeting.organizer] = input.organizerPower;
  return {
    users,
    users_default: 0,
    events: {
      // Synapse's defaults, restated because an `events` override replaces its map instead of merging
      // into it; without them a moderator could raise their own power level.
      "m.room.name": MODERATOR,
      "m.room.power_levels": ADMIN,
      "m.room.history_visibility": ADMIN,
      "m.room.canonical_alias": MODERATOR,
      "m.room.avatar": MODERATOR,
      // As Synapse sets it: above every user, so only creators can upgrade a room version 12 room.
      "m.room.tombstone": creatorOutranks ? 150 : ADMIN,
      "m.room.server_acl": ADMIN,
      "m.room.encryption": ADMIN,
      // Who may join was decided when the meeting was scheduled; a moderator must not widen it.
      "m.room.join_rules": ADMIN,
      "m.room.guest_access": ADMIN,
      // Moderators may re-add or re-pin the call, as in any Element room.
      [WIDGET_STATE]: MODERATOR,
      [WIDGET_LAYOUT]: MODERATOR,
      // A projection of Plenum's database: edits go through the bot, which validates them and keeps
      // invitations and calendar feeds in step. An organizer at 100 could still write it directly,
      // which is why Plenum never trusts it when reading.
      [MEETING_STATE]: ADMIN,
    },
    events_default: 0,
    state_default: MODERATOR,
    invite: MODERATOR,
    kick: MODERATOR,
    ban: MODERATOR,
    redact: MODERATOR,
  };
}
