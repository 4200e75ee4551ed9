import type { OrganizerPower } from "../matrix/power-levels.js";
import type { Meeting } from "../meetings/model.js";
import {
  meetingRoomRequest,
  supportsRestrictedJoins,
  type CreateRoomRequest,
} from "../meetings/room-factory.js";

export const BREAKOUT_ROOM_TYPE = "org.plenum.breakout";

export type BreakoutRoomRequest = Omit<CreateRoomRequest, "creation_content"> & {
  creation_content: { type: typeof BREAKOUT_ROOM_TYPE };
};

export interface BreakoutRoomInput {
  meeting: Meeting;
  name: string;
  topic: string;
  botUserId: string;
  organizerPower: OrganizerPower;
  /** Moderators of the meeting room, who moderate its breakouts too. */
  moderators: Record<string, number>;
  invitees: string[];
  roomVersion: string;
  serverName: string;
  /** End-to-end encrypted like meeting rooms (policy `encrypt_meeting_rooms`). */
  encrypted?: boolean;
}

/**
 * A breakout room is made like its meeting room (same power levels, guest access forbidden, one
 * createRoom) with its own type and a `m.space.parent` naming the meeting room. Its join rule admits
 * members of the meeting room, so organizers and moderators may join any breakout; the group is invited.
 */
export function breakoutRoomRequest(input: BreakoutRoomInput): BreakoutRoomRequest {
  const parent = input.meeting.roomId!;
  const base = meetingRoomRequest({
    meeting: { ...input.meeting, title: `${input.meeting.title} – ${input.name}` },
    botUserId: input.botUserId,
    organizerPower: input.organizerPower,
    invitees: input.invitees,
    joinRule: supportsRestrictedJoins(input.roomVersion)
      ? { kind: "restricted", roomId: parent }
      : { kind: "invite" },
    roomVersion: input.roomVersion,
    topic: input.topic,
    widget: null,
    encrypted: input.encrypted,
  });
  const moderators = Object.fromEntries(
    Object.entries(input.moderators).filter(([userId]) => userId !== input.botUserId),
  );
  return {
    ...base,
    creation_content: { type: BREAKOUT_ROOM_TYPE },
    initial_state: [
      ...base.initial_state,
      { type: "m.space.parent", state_key: parent, content: { via: [input.serverName], canonical: true } },
    ],
    power_level_content_override: {
      ...base.power_level_content_override,
      users: { ...moderators, ...base.power_level_content_override.users },
    },
  };
}
