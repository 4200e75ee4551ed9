import type { Policy } from "../policy/keys.js";
import type { PolicyService } from "../policy/policy.js";
import type { CallContext } from "../storage/call-context.js";
import { powerFromState } from "./room-power.js";

export type CallAccess =
  | { ok: true; level: number; powerLevels: Record<string, unknown> | undefined; policy: Policy }
  | { ok: false; reason: "not_a_member" | "policy" };

/**
 * Whether a user may be in a room's call right now, from the call context just read from Plenum's
 * copy of the room state, which the appservice stream keeps current. Nothing is cached: a user kicked
 * a second ago is refused. An unknown room and a room the user is not in give the same answer, so
 * outsiders learn nothing.
 */
export async function callAccess(
  context: CallContext,
  userId: string,
  policy: PolicyService,
): Promise<CallAccess> {
  if (context.member?.membership !== "join") return { ok: false, reason: "not_a_member" };
  // A member the enforcement has not removed yet (or cannot: more power than the bot) still gets no call.
  const inForce = policy.forRoomFrom(context.policy, context.roomPolicy);
  if (await policy.exclusionUnder(inForce, userId)) return { ok: false, reason: "policy" };
  const power = powerFromState(context.create, context.powerLevels);
  return { ok: true, policy: inForce, level: power.levelOf(userId), powerLevels: power.powerLevels };
}
