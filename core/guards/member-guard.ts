import { translate, type MessageKey } from "../i18n/translate.js";
import type { BotIdentity, RoomKicker, RoomStateReader } from "../matrix/capabilities.js";
import { MatrixRequestError } from "../matrix/errors.js";
import { userServerName } from "../matrix/ids.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { Meeting } from "../meetings/model.js";
import type { ExclusionReason } from "../policy/policy.js";
import type { AuditRepository } from "../storage/audit.js";
import type { BreakoutsRepository } from "../storage/breakouts.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import type { StateEventRecord } from "../storage/room-state.js";
import { ownUsersOf } from "../access/own-users.js";
import { roomPower } from "../access/room-power.js";

export interface MemberChange {
  eventId: string;
  roomId: string;
  /** Who sent the member event: the user for a join, the inviter for an invite. */
  sender: string;
  userId: string;
  membership: string;
  content: Record<string, unknown>;
  /** The user's membership before this event, from the homeserver or Plenum's copy. */
  previousMembership?: string;
}

export type RemovalReason = ExclusionReason | "not_invited";

export interface VerdictInput {
  meeting: Meeting;
  change: MemberChange;
  exclusion: ExclusionReason | undefined;
  isAdmin: boolean;
  /** The room's join rule now; in a public room (where policy allows one) anyone may join. */
  joinRule: string | undefined;
}

/**
 * Whether a member of a meeting room must go. Someone who joins is fine when invited (by Plenum, whose
 * participant list is written before the invite is sent, or by a member, which the previous
 * membership shows), admitted by the restricted join rule (the homeserver signed that), or an admin.
 */
export function membershipVerdict({
  meeting,
  change,
  exclusion,
  isAdmin,
  joinRule,
}: VerdictInput): RemovalReason | undefined {
  if (change.membership !== "join" && change.membership !== "invite") return undefined;
  if (exclusion) return exclusion;
  if (change.membership === "invite") return undefined;
  const invited =
    meeting.organizer === change.userId ||
    meeting.participants.includes(change.userId) ||
    change.previousMembership === "invite" ||
    change.previousMembership === "join" ||
    typeof change.content.join_authorised_via_users_server === "string" ||
    joinRule === "public";
  return invited || isAdmin ? undefined : "not_invited";
}

const REASON_TEXT: Record<RemovalReason, MessageKey> = {
  server: "guard.removed_server",
  blocked: "guard.removed_blocked",
  not_invited: "guard.removed_not_invited",
};

/**
 * The meeting whose access rules apply in a room: its own meeting room, or the meeting a breakout
 * room belongs to, whose participants are then the ones who may be there.
 */
export async function meetingOfRoom(
  deps: {
    meetings: Pick<MeetingsRepository, "byRoomId" | "get">;
    breakouts: Pick<BreakoutsRepository, "byRoomId">;
  },
  roomId: string,
): Promise<Meeting | undefined> {
  const own = await deps.meetings.byRoomId(roomId);
  if (own) return own;
  const breakout = await deps.breakouts.byRoomId(roomId);
  return breakout ? deps.meetings.get(breakout.meetingId) : undefined;
}

export interface MemberGuardDeps {
  meetings: Pick<
    MeetingDeps,
    "config" | "clock" | "logger" | "policy" | "roomState" | "meetings" | "breakouts"
  > & {
    /** Reads a member's current state and the room's, and removes members. */
    gateway: BotIdentity & RoomStateReader & RoomKicker;
  };
  audit: Pick<AuditRepository, "record">;
}

/** Removes a member the policy does not allow; returns whether someone was removed. */
export async function enforceMembership(deps: MemberGuardDeps, change: MemberChange): Promise<boolean> {
  const { gateway, config, clock, roomState, logger, policy } = deps.meetings;
  // Leaves, bans and the bot's own membership need no judgement, and no reads.
  if (change.userId === gateway.botUserId || !["join", "invite"].includes(change.membership)) return false;
  const meeting = await meetingOfRoom(deps.meetings, change.roomId);
  if (!meeting || meeting.status === "cancelled") return false;
  const reason = membershipVerdict({
    meeting,
    change,
    exclusion: await policy.exclusion(change.userId, change.roomId),
    isAdmin: config.access.admins.includes(change.userId),
    joinRule: (await roomState.get(change.roomId, "m.room.join_rules", ""))?.join_rule as string | undefined,
  });
  if (!reason) return false;
  const log = logger.child({ room_id: change.roomId, event_id: change.eventId, user_id: change.userId });

  // The event may be old (redelivered after downtime): act only on what is true now.
  const now = await gateway.getState(change.roomId, "m.room.member", change.userId);
  if (now?.membership !== "join" && now?.membership !== "invite") return false;

  const text = translate(config.i18n.locale, REASON_TEXT[reason], {
    user: change.userId,
    server: userServerName(change.userId),
  });
  if (!(await roomPower(roomState, change.roomId)).mayKick(gateway.botUserId, change.userId)) {
    log.warn({ reason }, "member should be removed but outranks the bot");
    await deps.audit.record({
      at: clock.now(),
      actor: gateway.botUserId,
      action: "remove_impossible",
      roomId: change.roomId,
      target: change.userId,
      reason: text,
    });
    return false;
  }
  try {
    await gateway.kick(change.roomId, change.userId, text);
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 403) {
      log.warn({ reason, errcode: error.errcode }, "member could not be removed");
      return false;
    }
    throw error;
  }
  await deps.audit.record({
    at: clock.now(),
    actor: gateway.botUserId,
    action: change.membership === "invite" ? "revoke_invite" : "remove_member",
    roomId: change.roomId,
    target: change.userId,
    reason: text,
  });
  log.info({ reason }, "member removed by policy");
  return true;
}

/** Judges every membership of one room that changed since Plenum's copy was current; returns removals. */
async function catchUpRoom(deps: MemberGuardDeps, roomId: string): Promise<number> {
  const { gateway, roomState, logger, config, clock } = deps.meetings;
  const { posesAsOwn } = ownUsersOf(config);
  let events: StateEventRecord[];
  const upTo = await roomState.streamPosition();
  try {
    events = (await gateway.roomStateEvents(roomId)) as unknown as StateEventRecord[];
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 403) {
      // The bot was removed while Plenum was down: remembered, so the next start does not ask again.
      await roomState.forget(roomId, "forbidden", clock.now());
      logger.info({ room_id: roomId }, "bot is no longer in the meeting room; its copy is forgotten");
      return 0;
    }
    logger.warn({ room_id: roomId, err: error }, "meeting room state could not be read for catch-up");
    return 0;
  }
  const changes: MemberChange[] = [];
  for (const event of events) {
    if (event.type !== "m.room.member") continue;
    const known = await roomState.membership(roomId, event.state_key);
    const membership = String(event.content.membership);
    // Plenum before issue #15 stored a look-alike's membership without judging it: the copy proves nothing.
    const unjudged = posesAsOwn(event.state_key);
    if (known === membership && !unjudged) continue;
    const replaced = (event as { unsigned?: { prev_content?: { membership?: unknown } } }).unsigned
      ?.prev_content?.membership;
    const previous = typeof replaced === "string" ? replaced : unjudged ? undefined : known;
    changes.push({
      eventId: event.event_id,
      roomId,
      sender: event.sender,
      userId: event.state_key,
      membership,
      content: event.content,
      ...(previous ? { previousMembership: previous } : {}),
    });
  }
  // Judged against the room as it is now; the removals come back through the event stream.
  await roomState.replace(roomId, events, upTo);
  let removed = 0;
  for (const change of changes) if (await enforceMembership(deps, change)) removed++;
  return removed;
}

/**
 * Checks meeting rooms (and their open breakout rooms) that may have changed while Plenum was down:
 * every member who joined or was invited since Plenum's copy was last current is checked as if the
 * event had just arrived, then the copy is replaced by the homeserver's state.
 */
export async function catchUpMeetingRooms(deps: MemberGuardDeps): Promise<number> {
  const { meetings, breakouts } = deps.meetings;
  let removed = 0;
  for (let offset = 0; ; offset += 100) {
    const page = await meetings.withStatus(["scheduled", "live"], { limit: 100, offset });
    for (const meeting of page.meetings) {
      const open = await breakouts.open(meeting.id);
      for (const roomId of [meeting.roomId!, ...open.map((b) => b.roomId)])
        if (!(await deps.meetings.roomState.hasLeft(roomId))) removed += await catchUpRoom(deps, roomId);
    }
    if (offset + 100 >= page.total) break;
  }
  return removed;
}
