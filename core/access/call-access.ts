import type { Policy } from "../policy/keys.js";
import type { PolicyService } from "../policy/policy.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { userPowerLevel } from "./room-power.js";

export type CallAccess =
  | { ok: true; level: number; powerLevels: Record<string, unknown> | undefined; policy: Policy }
  | { ok: false; reason: "not_a_member" | "policy" };

/**
 * Whether a user may be in a room's call right now, from Plenum's copy of the room state, which the
 * appservice stream keeps current. Nothing is cached: a user kicked a second ago is refused. An
 * unknown room and a room the user is not in give the same answer, so outsiders learn nothing.
 */
export async function callAccess(
  roomState: RoomStateRepository,
  roomId: string,
  userId: string,
  policy: PolicyService,
): Promise<CallAccess> {
  if ((await roomState.membership(roomId, userId)) !== "join") return { ok: false, reason: "not_a_member" };
  // A member the enforcement has not removed yet (or cannot: more power than the bot) still gets no call.
  const inForce = await policy.forRoom(roomId);
  if (await policy.exclusionUnder(inForce, userId)) return { ok: false, reason: "policy" };
  return { ok: true, policy: inForce, ...(await userPowerLevel(roomState, roomId, userId)) };
}
