import {
  INVITE_WINDOW_MS,
  inviteRefusal,
  inviterRefusal,
  type InviteRefusal,
} from "../access/invite-policy.js";
import { fixedWindowLimiter } from "../http/rate-limit.js";
import { translate, type Locale, type MessageKey } from "../i18n/translate.js";
import type { Logger } from "../logging/logger.js";
import { MatrixRequestError } from "../matrix/errors.js";
import type { RoomLeaver } from "../matrix/capabilities.js";
import type { Policy } from "../policy/keys.js";
import type { PolicyService } from "../policy/policy.js";
import { isUserId, userServerName } from "../matrix/ids.js";
import type { RoomInvitersRepository } from "../storage/room-inviters.js";
import type { RoomStateRepository } from "../storage/room-state.js";

const REFUSAL_TEXT: Record<InviteRefusal, MessageKey> = {
  server: "invite.refused_server",
  blocked: "invite.refused_blocked",
  rate: "invite.refused_rate",
};

const LEAVE_TEXT: Record<Exclude<InviteRefusal, "rate">, MessageKey> = {
  server: "invite.left_server",
  blocked: "invite.left_blocked",
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
  /** Who invited the bot into each room it accepted. */
  inviters: RoomInvitersRepository;
  /** The rooms' creators, and which rooms the bot has left already. */
  roomState: Pick<RoomStateRepository, "createEvent" | "hasLeft">;
  /** Rooms the bot stays in whoever invited it: meeting and breakout rooms, the admin room. */
  isPlenumRoom(roomId: string): Promise<boolean>;
}

/**
 * Invites to the bot under the policy in force, with one count of invites per server in this process
 * (each Plenum instance counts its own, as each Synapse worker does for its rate limits).
 */
export function inviteGuard(deps: InviteGuardDeps) {
  // Only servers the policy admits are counted, so the keys are bounded by the policy's lists.
  const limiter = fixedWindowLimiter({ limit: deps.perServerPerHour, windowMs: INVITE_WINDOW_MS });

  const blocked = async (policy: Policy, inviter: string) =>
    isUserId(inviter) && (await deps.policy.exclusionUnder(policy, inviter)) === "blocked";

  async function refusal(inviter: string): Promise<InviteRefusal | undefined> {
    const policy = await deps.policy.current();
    return inviteRefusal({
      inviter,
      ownDomain: deps.ownDomain,
      policy,
      inviterBlocked: await blocked(policy, inviter),
      limiter,
      now: deps.clock.now(),
    });
  }

  const ownServer = (userId: string | undefined) =>
    userId !== undefined &&
    isUserId(userId) &&
    userServerName(userId).toLowerCase() === deps.ownDomain.toLowerCase();

  /** Rooms of the own homeserver, by inviter or creator, and Plenum's own rooms are never left. */
  async function staysIn(roomId: string, inviter: string): Promise<boolean> {
    if (ownServer(inviter) || ownServer((await deps.roomState.createEvent(roomId))?.sender)) return true;
    return deps.isPlenumRoom(roomId);
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

    /** Remembers who invited the bot into a room it has joined. */
    async accepted(roomId: string, inviter: string): Promise<void> {
      await deps.inviters.record(roomId, inviter, deps.clock.now());
    },

    /**
     * Leaves and forgets the rooms the bot accepted invites to whose inviter the policy now refuses
     * (its server no longer admitted, or the inviter blocked); returns how many it left.
     */
    async leaveRoomsOfRefusedInviters(): Promise<number> {
      const policy = await deps.policy.current();
      let left = 0;
      for (const { roomId, inviter } of await deps.inviters.all()) {
        if (await deps.roomState.hasLeft(roomId)) {
          await deps.inviters.remove(roomId);
          continue;
        }
        const reason = inviterRefusal({ inviter, policy, inviterBlocked: await blocked(policy, inviter) });
        if (!reason || (await staysIn(roomId, inviter))) continue;
        const text = translate(deps.locale, LEAVE_TEXT[reason], {
          user: inviter,
          server: isUserId(inviter) ? userServerName(inviter) : inviter,
        });
        try {
          await deps.gateway.leaveAndForget(roomId, text);
        } catch (error) {
          if (!(error instanceof MatrixRequestError)) throw error;
          deps.logger.warn({ room_id: roomId, errcode: error.errcode }, "room of a refused inviter not left");
          continue;
        }
        await deps.inviters.remove(roomId);
        deps.logger.info({ room_id: roomId }, "left room: the invite policy now refuses its inviter");
        left++;
      }
      return left;
    },
  };
}

export type InviteGuard = ReturnType<typeof inviteGuard>;
