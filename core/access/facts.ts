import type { Config } from "../config/schema.js";
import type { Meeting } from "../meetings/model.js";
import type { PolicyService } from "../policy/policy.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { anyActorMatches, parseActor } from "./actors.js";
import { mayViewMeeting, type MeetingFacts, type ServiceFacts, type WidgetFacts } from "./authorization.js";
import { roomPower } from "./room-power.js";

/**
 * Reads what the rules in authorization.ts decide on, from Plenum's copy of the room state and the
 * policy in force. The chat commands and the widget API read the same facts the same way.
 */
export interface FactDeps {
  config: Config;
  roomState: RoomStateRepository;
  policy: PolicyService;
}

export async function meetingFacts(
  deps: FactDeps,
  meeting: Pick<Meeting, "organizer" | "participants" | "roomId" | "originRoomId">,
  userId: string,
): Promise<MeetingFacts> {
  const { roomState, policy, config } = deps;
  const roomId = meeting.roomId ?? undefined;
  const [membership, originMembership, power, exclusion] = await Promise.all([
    roomId ? roomState.membership(roomId, userId) : undefined,
    roomState.membership(meeting.originRoomId, userId),
    roomId ? roomPower(roomState, roomId).then((p) => p.levelOf(userId)) : 0,
    policy.exclusion(userId, roomId),
  ]);
  return {
    userId,
    organizer: meeting.organizer,
    participants: meeting.participants,
    membership,
    originMembership,
    power,
    isAdmin: config.access.admins.includes(userId),
    excluded: exclusion !== undefined,
  };
}

/** The meetings of a list that `userId` may see (`mayViewMeeting`), in the list's order. */
export async function visibleMeetings<M extends Meeting>(
  deps: FactDeps,
  meetings: readonly M[],
  userId: string,
): Promise<M[]> {
  const visible = await Promise.all(
    meetings.map(async (meeting) => mayViewMeeting(await meetingFacts(deps, meeting, userId))),
  );
  return meetings.filter((_meeting, index) => visible[index]);
}

/** A user's power in a room and what the room requires for the state events of `eventTypes`. */
export async function widgetFacts(
  roomState: RoomStateRepository,
  roomId: string,
  userId: string,
  eventTypes: readonly string[],
): Promise<WidgetFacts> {
  const power = await roomPower(roomState, roomId);
  return { power: power.levelOf(userId), required: eventTypes.map((type) => power.stateLevel(type)) };
}

/** What `mayChangeRoomSettings` decides on: a user's power and what renaming the room takes. */
export function settingsFacts(
  roomState: RoomStateRepository,
  roomId: string,
  userId: string,
): Promise<WidgetFacts> {
  return widgetFacts(roomState, roomId, userId, ["m.room.name"]);
}

/** Whether a service's `act_for` names a user, read like the creators policy (rooms from Plenum's copy). */
export async function serviceFacts(
  roomState: RoomStateRepository,
  actFor: readonly string[],
  userId: string,
): Promise<ServiceFacts> {
  const lookup = {
    isJoined: async (roomId: string, user: string) => (await roomState.membership(roomId, user)) === "join",
  };
  return { namedByActFor: await anyActorMatches(actFor.map(parseActor), userId, lookup) };
}
