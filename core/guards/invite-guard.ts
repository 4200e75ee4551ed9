import { INVITE_WINDOW_MS, inviteRefusal, type InviteRefusal } from "../access/invite-policy.js";
import { fixedWindowLimiter } from "../http/rate-limit.js";
import { translate, type Locale, type MessageKey } from "../i18n/translate.js";
import type { Logger } from "../logging/logger.js";
import { MatrixRequestError } from "../matrix/errors.js";
import type { RoomLeaver } from "../matrix/capabilities.js";
import type { PolicyService } from "../policy/policy.js";
import { isUserId, userServerName } from "../matrix/ids.js";

const REFUSAL_TEXT: Record<InviteRefusal, MessageKey> = {
  server: "invite.refused_server",
  blocked: "invite.refused_blocked",
  rate: "invite.refused_rate",
};

export interface InviteGuardDeps {
  policy: Pick<PolicyService, "current" | "exclusionUnder">;
  gateway: RoomLeaver;
  ownDomain: string;
  /** Invites accepted per hour from each other server (`access.remote_invites_per_hour`). */
  perServerPerHour: number;
  /** The language of the reason a refused inviter reads. */
  locale: Locale;
  clock: { now(): number };
  logger: Logger;
}

/**
 * Invites to the bot under the policy in force, with one count of invites per server in this process
 * (each Plenum instance counts its own, as each Synapse worker does for its rate limits).
 */
export function inviteGuard(deps: InviteGuardDeps) {
  // Only servers the policy admits are counted, so the keys are bounded by the policy's lists.
  const limiter = fixedWindowLimiter({ limit: deps.perServerPerHour, windowMs: INVITE_WINDOW_MS });

  async function refusal(inviter: string): Promise<InviteRefusal | undefined> {
    const policy = await deps.policy.current();
    return inviteRefusal({
      inviter,
      ownDomain: deps.ownDomain,
      policy,
      inviterBlocked: isUserId(inviter) && (await deps.policy.exclusionUnder(policy, inviter)) === "blocked",
      limiter,
      now: deps.clock.now(),
    });
  }

  return {
    /**
     * Whether the bot may accept the invite. One it may not is rejected with the reason and forgotten
     * before this returns, so the room costs no join, no state download and no row.
     */
    async admit(roomId: string, inviter: string): Promise<boolean> {
      const reason = await refusal(inviter);
      if (!reason) return true;
      const log = deps.logger.child({ room_id: roomId, inviter });
      try {
        const text = translate(deps.locale, REFUSAL_TEXT[reason], { server: userServerName(inviter) });
        await deps.gateway.leaveAndForget(roomId, text);
        log.info({ reason }, "invite refused");
      } catch (error) {
        if (!(error instanceof MatrixRequestError)) throw error;
        // Left pending, the invite costs nothing either: the bot has not joined.
        log.warn({ reason, errcode: error.errcode }, "refused invite could not be rejected");
      }
      return false;
    },
  };
}

export type InviteGuard = ReturnType<typeof inviteGuard>;
