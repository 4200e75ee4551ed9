import type { RoomStateRepository } from "../storage/room-state.js";
import { userPowerLevel } from "./room-power.js";

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
  return { ok: true, ...(await userPowerLevel(roomState, roomId, userId)) };
}
