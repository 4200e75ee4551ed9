import { fixedWindowLimiter, type RateLimiter } from "../http/rate-limit.js";
import { translate, type Locale, type MessageKey } from "../i18n/translate.js";
import type { Logger } from "../logging/logger.js";
import { MatrixRequestError } from "../matrix/errors.js";
import type { RoomLeaver } from "../matrix/capabilities.js";
import type { Policy } from "../policy/keys.js";
import { serversPolicyAdmits, type PolicyService } from "../policy/policy.js";
import { isUserId, userServerName } from "../matrix/ids.js";

/** Why the bot does not accept an invite. */
export type InviteRefusal = "server" | "blocked" | "rate";

/** The window invites are counted in, per inviting server. */
export const INVITE_WINDOW_MS = 3_600_000;

export interface InviteInput {
  inviter: string;
  /** The homeserver's own server name: its users' invites are not counted. */
  ownDomain: string;
  policy: Pick<Policy, "allowed_servers" | "partner_servers">;
  /** Whether the `blocked` policy names the inviter. */
  inviterBlocked: boolean;
  /** Counts invites per server; asked only for invites the policy allows. */
  limiter: RateLimiter;
  now: number;
}

/**
 * Whether the bot may accept an invite, decided by who sent it: a user the policy does not block, of
 * a server it admits (its own, allowed_servers, partner_servers), and — for other servers than its
 * own — no more than the limiter's number of invites per window from that server. Invites cost a
 * join, a download of the room's state and rows in the database; any server can send them. Users
 * of the own homeserver are not counted here: Synapse's own invite rate limits (`rc_invites`) hold
 * them, and an admin adding the bot to many rooms at once must not be turned away.
 */
export function inviteRefusal(input: InviteInput): InviteRefusal | undefined {
  if (!isUserId(input.inviter)) return "server";
  if (input.inviterBlocked) return "blocked";
  const server = userServerName(input.inviter).toLowerCase();
  if (!serversPolicyAdmits(input.policy).includes(server)) return "server";
  if (server === input.ownDomain.toLowerCase()) return undefined;
  return input.limiter.hit(server, input.now) > 0 ? "rate" : undefined;
}

const REFUSAL_TEXT: Record<InviteRefusal, MessageKey> = {
  server: "invite.refused_server",
  blocked: "invite.refused_blocked",
  rate: "invite.refused_rate",
};

export interface InvitePolicyDeps {
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
export function invitePolicy(deps: InvitePolicyDeps) {
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

export type InvitePolicy = ReturnType<typeof invitePolicy>;
