import type { Config } from "../config/schema.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { mayAdminister as rule } from "./authorization.js";
import { userPowerLevel } from "./room-power.js";

/**
 * Whether admin commands are accepted from `sender` in `roomId` (the rule: authorization.ts), from
 * Plenum's room-state copy.
 */
export async function mayAdminister(
  deps: { config: Config; roomState: RoomStateRepository; botUserId: string },
  sender: string,
  roomId: string,
): Promise<boolean> {
  const { config, roomState } = deps;
  const inAdminRoom = config.access.admin_room !== undefined && roomId === config.access.admin_room;
  const members = new Set(inAdminRoom ? [] : await roomState.members(roomId, ["join", "invite"]));
  return rule({
    inAdminRoom,
    membership: await roomState.membership(roomId, sender),
    power: (await userPowerLevel(roomState, roomId, sender)).level,
    isAdmin: config.access.admins.includes(sender),
    directChatWithBot: members.size === 2 && members.has(sender) && members.has(deps.botUserId),
  });
}
