import type { RateLimiter } from "../http/rate-limit.js";
import type { Policy } from "../policy/keys.js";
import { serversPolicyAdmits } from "../policy/policy.js";
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
  const refused = inviterRefusal(input);
  if (refused) return refused;
  const server = userServerName(input.inviter).toLowerCase();
  if (server === input.ownDomain.toLowerCase()) return undefined;
  return input.limiter.hit(server, input.now) > 0 ? "rate" : undefined;
}

/**
 * Whether the policy now refuses the inviter itself, whatever the rate: asked again of the rooms
 * the bot is already in, after the policy has changed.
 */
export function inviterRefusal(
  input: Pick<InviteInput, "inviter" | "policy" | "inviterBlocked">,
): Exclude<InviteRefusal, "rate"> | undefined {
  if (!isUserId(input.inviter)) return "server";
  if (input.inviterBlocked) return "blocked";
  const server = userServerName(input.inviter).toLowerCase();
  return serversPolicyAdmits(input.policy).includes(server) ? undefined : "server";
}
