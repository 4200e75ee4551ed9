import { parsePowerLevels, roomVersionFeatures, userLevel } from "../matrix/power-levels.js";
import type { RoomStateRepository } from "../storage/room-state.js";

export type CallAccess =
  | { ok: true; level: number; powerLevels: Record<string, unknown> | undefined }
  | { ok: false; reason: "not_a_member" };

/**
 * Whether a user may be in a room's call right now, from Plenum's copy of the room state, which the
 * appservice stream keeps current. Nothing is cached: a user kicked a second ago is refused. An
 * unknown room and a room the user is not in give the same answer, so outsiders learn nothing.
 */
export async function callAccess(
  roomState: RoomStateRepository,
  roomId: string,
  userId: string,
): Promise<CallAccess> {
  if ((await roomState.membership(roomId, userId)) !== "join") return { ok: false, reason: "not_a_member" };
  const create = await roomState.createEvent(roomId);
  const declared = create?.content.room_version;
  const roomVersion = typeof declared === "string" ? declared : "1";
  const powerLevels = await roomState.get(roomId, "m.room.power_levels", "");
  let level: number;
  try {
    roomVersionFeatures(roomVersion);
    level = userLevel({
      powerLevels: parsePowerLevels(powerLevels, roomVersion),
      create: create ?? { sender: "", content: {} },
      roomVersion,
      userId,
    });
  } catch {
    // A room version Plenum does not know: treat the user as an ordinary participant.
    level = 0;
  }
  return { ok: true, level, powerLevels };
}
