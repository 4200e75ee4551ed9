import { mayInviteMembersOf } from "../access/authorization.js";
import { UserError } from "../errors/user-error.js";
import { MatrixRequestError } from "../matrix/errors.js";
import type { Directory, MembershipReader } from "../matrix/capabilities.js";
import type { PolicyService } from "../policy/policy.js";
import type { RoomStateRepository } from "../storage/room-state.js";

export interface ParticipantSpec {
  /** User ids named directly. */
  users: string[];
  /** Room ids or aliases meaning "the joined members of that room". */
  rooms: string[];
}

export interface ResolvedParticipants {
  users: string[];
  /** Set when the participants are "the members of the origin room": late joiners may come in. */
  restrictedTo?: string;
}

export interface ResolveOptions {
  originRoomId: string;
  organizer: string;
  /** Who asked: only the members of rooms they are joined to may be named by room. */
  requester: string;
  isOwnUser(userId: string): boolean;
  max: number;
}

export interface ParticipantDeps {
  gateway: Directory & MembershipReader;
  roomState: Pick<RoomStateRepository, "membership">;
}

/** Turns what the user named (or nothing: the origin room's members) into concrete user ids. */
export async function resolveParticipants(
  deps: ParticipantDeps,
  spec: ParticipantSpec | undefined,
  options: ResolveOptions,
): Promise<ResolvedParticipants> {
  const { gateway } = deps;
  const users = new Set<string>([options.organizer]);
  let restrictedTo: string | undefined;
  if (!spec || (spec.users.length === 0 && spec.rooms.length === 0)) {
    for (const member of await membersOf(gateway, options.originRoomId, options.originRoomId))
      users.add(member);
    restrictedTo = options.originRoomId;
  } else {
    for (const room of spec.rooms) {
      const roomId = room.startsWith("#") ? await resolveAlias(gateway, room) : room;
      // Asked before the homeserver is: the bot may be in rooms whose members the requester must not learn.
      if (!mayInviteMembersOf(await deps.roomState.membership(roomId, options.requester)))
        throw new UserError("meeting.room_not_yours", { room });
      for (const member of await membersOf(gateway, roomId, room)) users.add(member);
    }
    // Looked up side by side (one round trip's wait, not one per user); the first unknown one named wins.
    const known = await Promise.all(spec.users.map((userId) => gateway.userExists(userId)));
    const unknown = spec.users.find((_userId, index) => !known[index]);
    if (unknown !== undefined) throw new UserError("meeting.unknown_user", { user: unknown });
    for (const userId of spec.users) users.add(userId);
  }
  const list = [...users].filter((u) => !options.isOwnUser(u));
  if (list.length > options.max) {
    throw new UserError("meeting.too_many_participants", { count: list.length, max: options.max });
  }
  return restrictedTo ? { users: list, restrictedTo } : { users: list };
}

async function resolveAlias(gateway: Directory, alias: string): Promise<string> {
  try {
    return await gateway.resolveAlias(alias);
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 404) {
      throw new UserError("meeting.unknown_room", { room: alias });
    }
    throw error;
  }
}

async function membersOf(gateway: MembershipReader, roomId: string, named: string): Promise<string[]> {
  try {
    return await gateway.joinedMembers(roomId);
  } catch (error) {
    if (error instanceof MatrixRequestError && (error.status === 403 || error.status === 404)) {
      throw new UserError("meeting.room_not_joined", { room: named });
    }
    throw error;
  }
}

export interface AllowDeps {
  policy: Pick<PolicyService, "current" | "forRoom" | "exclusionUnder">;
}

/** Refuses the whole list when anyone on it may not be in a meeting room (room policy when given). */
export async function ensureAllowed(
  deps: AllowDeps,
  users: readonly string[],
  roomId?: string,
): Promise<void> {
  const policy = roomId ? await deps.policy.forRoom(roomId) : await deps.policy.current();
  for (const userId of users) {
    const reason = await deps.policy.exclusionUnder(policy, userId);
    if (reason === "blocked") throw new UserError("meeting.user_blocked", { user: userId });
    if (reason === "server")
      throw new UserError("meeting.server_not_allowed", {
        user: userId,
        servers: policy.allowed_servers.join(", "),
      });
  }
}
