import {
  canActOn,
  parsePowerLevels,
  requiredLevelForEvent,
  roomVersionFeatures,
  userLevel,
} from "../matrix/power-levels.js";
import type { RoomStateRepository } from "../storage/room-state.js";

/** A room's power levels, read once from Plenum's copy, to ask about as many users as needed. */
export interface RoomPower {
  /** The power-levels event's content as stored; undefined when the room has none. */
  powerLevels: Record<string, unknown> | undefined;
  levelOf(userId: string): number;
  /** Whether `actor` may kick `target`: enough power for kicks, and strictly more than the target. */
  mayKick(actor: string, target: string): boolean;
  /** The level a user needs to send a state event of this type. */
  stateLevel(eventType: string): number;
}

/** What power is read from: Plenum's copy of the room's create and power-levels events. */
export type RoomPowerSource = Pick<RoomStateRepository, "createEvent" | "get">;

/**
 * Power levels evaluated as the spec (and Synapse) does for the room's version, from Plenum's copy
 * of the room state; no request to the homeserver.
 */
export async function roomPower(roomState: RoomPowerSource, roomId: string): Promise<RoomPower> {
  return powerFromState(
    await roomState.createEvent(roomId),
    await roomState.get(roomId, "m.room.power_levels", ""),
  );
}

/** As `roomPower`, from a create event and power-levels content the caller has already read. */
export function powerFromState(
  create: { sender: string; content: Record<string, unknown> } | undefined,
  powerLevels: Record<string, unknown> | undefined,
): RoomPower {
  const declared = create?.content.room_version;
  const roomVersion = typeof declared === "string" ? declared : "1";
  try {
    roomVersionFeatures(roomVersion);
  } catch {
    // A room version Plenum does not know: everyone is an ordinary member, and nobody may kick.
    return { powerLevels, levelOf: () => 0, mayKick: () => false, stateLevel: () => Infinity };
  }
  const parsed = parsePowerLevels(powerLevels, roomVersion);
  const levelOf = (userId: string) =>
    userLevel({ powerLevels: parsed, create: create ?? { sender: "", content: {} }, roomVersion, userId });
  return {
    powerLevels,
    levelOf,
    mayKick: (actor, target) =>
      canActOn({ actorLevel: levelOf(actor), targetLevel: levelOf(target), requiredLevel: parsed.kick }),
    stateLevel: (eventType) => requiredLevelForEvent(parsed, eventType, true),
  };
}

/** One user's power level in a room. */
export async function userPowerLevel(
  roomState: RoomPowerSource,
  roomId: string,
  userId: string,
): Promise<{ level: number; powerLevels: Record<string, unknown> | undefined }> {
  const power = await roomPower(roomState, roomId);
  return { level: power.levelOf(userId), powerLevels: power.powerLevels };
}

/**
 * Users listed with at least `minimum` in a room's power levels (Plenum's copy), such as a meeting
 * room's moderators, whom its breakout and audience rooms give power too.
 */
export async function usersWithPower(
  roomState: Pick<RoomStateRepository, "get">,
  roomId: string,
  minimum: number,
): Promise<Record<string, number>> {
  const users = (await roomState.get(roomId, "m.room.power_levels", ""))?.users;
  const entries = typeof users === "object" && users !== null ? Object.entries(users) : [];
  return Object.fromEntries(
    entries.filter((entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] >= minimum),
  );
}
