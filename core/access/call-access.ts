import type { PolicyService } from "../policy/policy.js";
import type { CallContext } from "../storage/call-context.js";
import { callEntry, type CallEntry } from "./authorization.js";
import { powerFromState } from "./room-power.js";

/**
 * Whether a user may be in a room's call right now, and as what (the rule: `callEntry`), from the call
 * context just read from Plenum's copy of the room state, which the appservice stream keeps current.
 * Nothing is cached: a user kicked a second ago is refused. `visitors`: whether members of a public
 * session's audience room are admitted as visitors (`jitsi.visitors`); otherwise such a room is
 * judged like any other.
 */
export async function callAccess(
  context: CallContext,
  userId: string,
  policy: PolicyService,
  options: { visitors: boolean },
): Promise<CallEntry> {
  const inForce = policy.forRoomFrom(context.policy, context.roomPolicy);
  const audience = options.visitors ? context.audience : undefined;
  return callEntry({
    membership: typeof context.member?.membership === "string" ? context.member.membership : undefined,
    // Read only for members: an outsider costs no policy lookup.
    excluded:
      context.member?.membership === "join" && (await policy.exclusionUnder(inForce, userId)) !== undefined,
    power: powerFromState(context.create, context.powerLevels).levelOf(userId),
    moderatorPower: inForce.moderator_power,
    ...(audience
      ? {
          audience: {
            open:
              audience.isPublic &&
              (audience.meeting.status === "scheduled" || audience.meeting.status === "live"),
          },
        }
      : {}),
  });
}
