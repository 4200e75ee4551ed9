import { UserError } from "../errors/user-error.js";
import type { RoomStateWriter } from "../matrix/capabilities.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { Meeting } from "../meetings/model.js";
import type { CouncilCallsRepository, Podium } from "../storage/council-calls.js";
import type { RoomStateRepository } from "../storage/room-state.js";

/**
 * Podium mode (issue 19): the podium members speak and are seen, everyone else is audience. Plenum's
 * database decides; the room state `org.plenum.podium` mirrors it for clients and every moderator's
 * call widget. Changed by `!meet podium` and `POST …/council/podium` through `changePodium`.
 */
export const PODIUM_STATE = "org.plenum.podium";

/** A podium is a panel, not the audience: more than this many is a mistake worth saying. */
export const MAX_PODIUM_MEMBERS = 50;

export interface PodiumChange {
  enabled?: boolean;
  add?: readonly string[];
  remove?: readonly string[];
}

/** The state event's content, exactly the contract's shape. */
export function podiumStateContent(podium: Podium): { enabled: boolean; members: string[] } {
  return { enabled: podium.enabled, members: [...podium.members] };
}

/**
 * The podium after `change`, or a UserError naming the first problem: switching on what is on, adding
 * someone who is not a joined member of the room (`joined`) or already on the podium, removing someone
 * who is not on it, more than MAX_PODIUM_MEMBERS.
 */
export function changedPodium(podium: Podium, change: PodiumChange, joined: ReadonlySet<string>): Podium {
  const add = [...new Set(change.add ?? [])];
  const remove = [...new Set(change.remove ?? [])];
  if (change.enabled === undefined && add.length === 0 && remove.length === 0)
    throw new UserError("podium.nothing_to_change");
  if (change.enabled === true && podium.enabled) throw new UserError("podium.already_on");
  if (change.enabled === false && !podium.enabled) throw new UserError("podium.already_off");
  for (const user of add) {
    if (podium.members.includes(user)) throw new UserError("podium.already_member", { user });
    if (!joined.has(user)) throw new UserError("podium.not_in_room", { user });
  }
  for (const user of remove)
    if (!podium.members.includes(user)) throw new UserError("podium.not_member", { user });
  const members = [...podium.members.filter((m) => !remove.includes(m)), ...add];
  if (members.length > MAX_PODIUM_MEMBERS)
    throw new UserError("podium.too_many", { max: MAX_PODIUM_MEMBERS });
  return { enabled: change.enabled ?? podium.enabled, members };
}

export type PodiumDeps = Pick<MeetingDeps, "clock"> & {
  council: Pick<CouncilCallsRepository, "podium" | "savePodium">;
  roomState: Pick<RoomStateRepository, "joinedMembers">;
  gateway: RoomStateWriter;
};

/**
 * Applies `change` to the podium of the meeting's room. A refused change leaves everything as it was;
 * the state event is written before the database, so a failed write changes nothing either.
 */
export async function changePodium(
  deps: PodiumDeps,
  meeting: Meeting,
  change: PodiumChange,
  by: string,
): Promise<Podium> {
  const roomId = meeting.roomId!;
  const joined = new Set((await deps.roomState.joinedMembers(roomId)).map((m) => m.userId));
  const podium = changedPodium(await deps.council.podium(roomId), change, joined);
  await deps.gateway.sendState(roomId, PODIUM_STATE, "", podiumStateContent(podium));
  await deps.council.savePodium(meeting.id, roomId, podium, { userId: by, now: deps.clock.now() });
  return podium;
}
