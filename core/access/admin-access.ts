import type { Config } from "../config/schema.js";
import { MODERATOR_POWER } from "../matrix/power-levels.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { userPowerLevel } from "./room-power.js";

/** Power level in the admin room from which a member may give admin commands. */
export const ADMIN_ROOM_POWER = MODERATOR_POWER;

/**
 * Where admin commands are accepted: in the configured admin room from its members with power level
 * 50 or more there, and from configured admins in a direct chat with the bot (a room whose only
 * members, joined or invited, are that admin and the bot). Decided from Plenum's room-state copy.
 */
export async function mayAdminister(
  deps: { config: Config; roomState: RoomStateRepository; botUserId: string },
  sender: string,
  roomId: string,
): Promise<boolean> {
  const { config, roomState } = deps;
  if (config.access.admin_room !== undefined && roomId === config.access.admin_room) {
    if ((await roomState.membership(roomId, sender)) !== "join") return false;
    return (await userPowerLevel(roomState, roomId, sender)).level >= ADMIN_ROOM_POWER;
  }
  if (!config.access.admins.includes(sender)) return false;
  const members = new Set(await roomState.members(roomId, ["join", "invite"]));
  return members.size === 2 && members.has(sender) && members.has(deps.botUserId);
}
