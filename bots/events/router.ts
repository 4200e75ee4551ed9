import type { Locale } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import { isEventId } from "../../core/matrix/ids.js";
import type { StateChange } from "../../core/guards/meeting-room-guard.js";
import type { MemberChange } from "../../core/guards/member-guard.js";
import type { RoomStateRepository, StateEventRecord } from "../../core/storage/room-state.js";
import type { Clock } from "../../core/time/clock.js";
import type { IncomingText } from "../commands/dispatcher.js";
import type { EventOutcome } from "../inbox/processor.js";
import { roomStateCopy } from "./state-copy.js";

export interface EventRouterOptions {
  gateway: MatrixGateway;
  roomState: RoomStateRepository;
  clock: Clock;
  logger: Logger;
  /** Whether Plenum itself controls the user (the bot and its virtual users, on its own homeserver). */
  isOwnUser(userId: string): boolean;
  /** Whether the bot may accept an invite from `inviter`; a refused invite is rejected before it answers. */
  admitInvite(roomId: string, inviter: string): Promise<boolean>;
  localeFor(sender: string): Promise<Locale>;
  /** Undoes forbidden changes to meeting rooms (join rule, guest access, call widget). */
  guardState(change: StateChange): Promise<boolean>;
  /** Removes members the policy does not allow in meeting rooms. */
  guardMember(change: MemberChange): Promise<boolean>;
  dispatch(input: IncomingText): Promise<boolean>;
  /** What every room joined after an invite gets: its inviter remembered, the planner widget when the policy says so. */
  joined(roomId: string, inviter: string): Promise<void>;
}

interface RoomEvent {
  type?: unknown;
  sender?: unknown;
  room_id?: unknown;
  event_id?: unknown;
  state_key?: unknown;
  content?: Record<string, unknown>;
  unsigned?: { prev_content?: Record<string, unknown>; replaces_state?: unknown };
}

function relation(content: Record<string, unknown>): { rel_type?: unknown; event_id?: unknown } | undefined {
  const relatesTo = content["m.relates_to"];
  return typeof relatesTo === "object" && relatesTo !== null
    ? (relatesTo as { rel_type?: unknown; event_id?: unknown })
    : undefined;
}

// A thread's fallback for older clients also carries m.in_reply_to; only a real reply counts.
function hasReplyTarget(relatesTo: unknown): boolean {
  const fields = relatesTo as { rel_type?: unknown; is_falling_back?: unknown; "m.in_reply_to"?: unknown };
  if (fields["m.in_reply_to"] === undefined) return false;
  return !(fields.rel_type === "m.thread" && fields.is_falling_back === true);
}

/** The reply's own text: clients before MSC2781 prefix it with the quoted original ("> ..." lines). */
function withoutReplyFallback(body: string): string {
  const lines = body.split("\n");
  let index = 0;
  while (index < lines.length && lines[index]!.startsWith(">")) index++;
  return index > 0 ? lines.slice(index).join("\n").replace(/^\n+/, "") : body;
}

/**
 * Whether `route` can do anything with the event: an event sent by Plenum's own users is ignored
 * unless it is state (Plenum's copy of the room state follows every state change).
 */
export function needsHandling(isOwnUser: (userId: string) => boolean) {
  return (event: Record<string, unknown>): boolean =>
    typeof event.state_key === "string" || typeof event.sender !== "string" || !isOwnUser(event.sender);
}

/** Decides what each event from the homeserver means for Plenum. */
export function createEventRouter(options: EventRouterOptions) {
  const { gateway, roomState, logger } = options;
  const stateCopy = roomStateCopy({ gateway, roomState, clock: options.clock });

  async function onInvite(roomId: string, inviter: string, log: Logger): Promise<EventOutcome> {
    if (!(await options.admitInvite(roomId, inviter))) return "handled";
    try {
      await gateway.joinRoom(roomId);
      // Events before the join never reach the appservice, so the copy starts from a snapshot; what
      // the stream brings after this position is applied on top of it.
      const upTo = await roomState.streamPosition();
      await roomState.replace(
        roomId,
        (await gateway.roomStateEvents(roomId)) as unknown as StateEventRecord[],
        upTo,
      );
      log.info("joined room after invite");
      await options.joined(roomId, inviter);
      return "handled";
    } catch (error) {
      if (error instanceof MatrixRequestError && error.status === 403) {
        log.warn({ errcode: error.errcode }, "invite could no longer be accepted");
        return "ignored";
      }
      throw error;
    }
  }

  async function onMessage(event: RoomEvent, roomId: string, sender: string): Promise<EventOutcome> {
    const content = event.content ?? {};
    if (content.msgtype !== "m.text" || typeof content.body !== "string") return "ignored";
    const related = relation(content);
    // An edit is never run: that would let anyone re-run an old message's command. It is answered.
    const edited = related?.rel_type === "m.replace";
    const newContent = content["m.new_content"] as { body?: unknown } | undefined;
    const body = edited ? (typeof newContent?.body === "string" ? newContent.body : "") : content.body;
    const isReply = typeof content["m.relates_to"] === "object" && hasReplyTarget(content["m.relates_to"]);
    // No check of the sender's timestamp: the inbox hands out a room's events one at a time in the
    // order the homeserver delivered them, and stores each event once, so nothing runs twice.
    const handled = await options.dispatch({
      sender,
      roomId,
      eventId: String(event.event_id),
      body: isReply ? withoutReplyFallback(body) : body,
      locale: await options.localeFor(sender),
      ...(edited ? { via: "edit" as const } : isReply ? { via: "reply" as const } : {}),
      ...(related?.rel_type === "m.thread" &&
      typeof related.event_id === "string" &&
      isEventId(related.event_id)
        ? { threadRoot: related.event_id }
        : {}),
    });
    return handled ? "handled" : "ignored";
  }

  /** Routes one event, taken from the inbox at `position` (its seq: the homeserver's order). */
  return async function route(raw: Record<string, unknown>, position: number): Promise<EventOutcome> {
    const event = raw as RoomEvent;
    if (typeof event.room_id !== "string" || typeof event.sender !== "string") return "ignored";
    const roomId = event.room_id;
    const sender = event.sender;
    const log = logger.child({ room_id: roomId, event_id: event.event_id, sender });
    const botMembership =
      event.type === "m.room.member" && event.state_key === gateway.botUserId
        ? event.content?.membership
        : undefined;
    // Before the copy is touched: a refused invite leaves nothing of the room behind.
    if (botMembership === "invite" && !options.isOwnUser(sender)) return onInvite(roomId, sender, log);
    // The bot's rejection of such an invite: Plenum never had the room.
    if (botMembership === "leave" && (await roomState.membership(roomId, gateway.botUserId)) === undefined)
      return "ignored";
    const held = await stateCopy.follow(roomId, raw, position, log);
    // The homeserver does not always send prev_content; then the copy says what came before.
    const previous = event.unsigned?.prev_content ?? held?.content;
    if (options.isOwnUser(sender)) return "ignored";
    if (event.type === "m.room.message") return onMessage(event, roomId, sender);
    if (event.type === "m.room.member" && typeof event.state_key === "string") {
      const removed = await options.guardMember({
        eventId: String(event.event_id),
        roomId,
        sender,
        userId: event.state_key,
        membership: String(event.content?.membership),
        content: event.content ?? {},
        ...(typeof previous?.membership === "string" ? { previousMembership: previous.membership } : {}),
      });
      return removed ? "handled" : "ignored";
    }
    if (typeof event.state_key === "string" && typeof event.type === "string") {
      const restored = await options.guardState({
        eventId: String(event.event_id),
        roomId,
        sender,
        type: event.type,
        stateKey: event.state_key,
        content: event.content ?? {},
        ...(previous ? { previous } : {}),
      });
      return restored ? "handled" : "ignored";
    }
    return "ignored";
  };
}
