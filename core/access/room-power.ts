import { canActOn, parsePowerLevels, roomVersionFeatures, userLevel } from "../matrix/power-levels.js";
import type { RoomStateRepository } from "../storage/room-state.js";

/**
 * A user's power level in a room, evaluated as the spec (and Synapse) does for the room's version,
 * from Plenum's copy of the room state; no request to the homeserver.
 */
export async function userPowerLevel(
  roomState: RoomStateRepository,
  roomId: string,
  userId: string,
): Promise<{ level: number; powerLevels: Record<string, unknown> | undefined }> {
  const create = await roomState.createEvent(roomId);
  const declared = create?.content.room_version;
  const roomVersion = typeof declared === "string" ? declared : "1";
  const powerLevels = await roomState.get(roomId, "m.room.power_levels", "");
  try {
    roomVersionFeatures(roomVersion);
  } catch {
    // A room version Plenum does not know: treat the user as an ordinary member.
    return { level: 0, powerLevels };
  }
  const level = userLevel({
    powerLevels: parsePowerLevels(powerLevels, roomVersion),
    create: create ?? { sender: "", content: {} },
    roomVersion,
    userId,
  });
  return { level, powerLevels };
}

/** Whether `actor` may kick `target` now: enough power for kicks, and strictly more than the target. */
export async function mayKick(
  roomState: RoomStateRepository,
  roomId: string,
  actor: string,
  target: string,
): Promise<boolean> {
  const create = await roomState.createEvent(roomId);
  const version = typeof create?.content.room_version === "string" ? create.content.room_version : "1";
  const actorPower = await userPowerLevel(roomState, roomId, actor);
  const targetPower = await userPowerLevel(roomState, roomId, target);
  let requiredLevel: number;
  try {
    requiredLevel = parsePowerLevels(actorPower.powerLevels, version).kick;
  } catch {
    return false;
  }
  return canActOn({ actorLevel: actorPower.level, targetLevel: targetPower.level, requiredLevel });
}

/**
 * Users listed with at least `minimum` in a room's power levels (Plenum's copy), such as a meeting
 * room's moderators, whom its breakout and audience rooms give power too.
 */
export async function usersWithPower(
  roomState: RoomStateRepository,
  roomId: string,
  minimum: number,
): Promise<Record<string, number>> {
  const users = (await roomState.get(roomId, "m.room.power_levels", ""))?.users;
  const entries = typeof users === "object" && users !== null ? Object.entries(users) : [];
  return Object.fromEntries(
    entries.filter((entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] >= minimum),
  );
}
