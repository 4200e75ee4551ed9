import type { Locale } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import type { StateChange } from "../../core/access/meeting-room-guard.js";
import type { InboxRepository } from "../../core/storage/inbox.js";
import {
  isTrackedState,
  type RoomStateRepository,
  type StateEventRecord,
} from "../../core/storage/room-state.js";
import type { IncomingText } from "../commands/dispatcher.js";
import type { EventOutcome } from "../inbox/processor.js";

export interface EventRouterOptions {
  gateway: MatrixGateway;
  inbox: InboxRepository;
  roomState: RoomStateRepository;
  logger: Logger;
  /** Localpart prefix of users Plenum itself controls (the bot and its virtual users). */
  ownUserPattern: RegExp;
  localeFor(sender: string): Promise<Locale>;
  /** Undoes forbidden changes to meeting rooms (join rule, guest access, call widget). */
  guardState(change: StateChange): Promise<boolean>;
  dispatch(input: IncomingText): Promise<boolean>;
}

interface RoomEvent {
  type?: unknown;
  sender?: unknown;
  room_id?: unknown;
  event_id?: unknown;
  state_key?: unknown;
  origin_server_ts?: unknown;
  content?: Record<string, unknown>;
  unsigned?: { prev_content?: Record<string, unknown> };
}

function relation(content: Record<string, unknown>): { rel_type?: string; event_id?: string } | undefined {
  const relatesTo = content["m.relates_to"];
  return typeof relatesTo === "object" && relatesTo !== null
    ? (relatesTo as { rel_type?: string; event_id?: string })
    : undefined;
}

/** Decides what each event from the homeserver means for Plenum. */
export function createEventRouter(options: EventRouterOptions) {
  const { gateway, inbox, roomState, logger } = options;

  async function onInvite(roomId: string, log: Logger): Promise<EventOutcome> {
    try {
      await gateway.joinRoom(roomId);
      // Events before the join never reach the appservice, so the copy starts from a snapshot.
      await roomState.replace(
        roomId,
        (await gateway.roomStateEvents(roomId)) as unknown as StateEventRecord[],
      );
      log.info("joined room after invite");
      return "handled";
    } catch (error) {
      if (error instanceof MatrixRequestError && error.status === 403) {
        log.warn({ errcode: error.errcode }, "invite could no longer be accepted");
        return "ignored";
      }
      throw error;
    }
  }

  async function onMessage(
    event: RoomEvent,
    roomId: string,
    sender: string,
    log: Logger,
  ): Promise<EventOutcome> {
    const content = event.content ?? {};
    if (content.msgtype !== "m.text" || typeof content.body !== "string") return "ignored";
    // An edit is not a new command: running it would let anyone re-run an old message's command.
    if (relation(content)?.rel_type === "m.replace") return "ignored";
    const ts = typeof event.origin_server_ts === "number" ? event.origin_server_ts : 0;
    const watermark = await inbox.watermark(roomId);
    if (watermark !== undefined && ts < watermark) {
      log.debug({ ts, watermark }, "message older than what was already handled; ignored");
      return "ignored";
    }
    await inbox.advanceWatermark(roomId, ts);
    const thread = relation(content);
    const handled = await options.dispatch({
      sender,
      roomId,
      eventId: String(event.event_id),
      body: content.body,
      locale: await options.localeFor(sender),
      ...(thread?.rel_type === "m.thread" && thread.event_id ? { threadRoot: thread.event_id } : {}),
    });
    return handled ? "handled" : "ignored";
  }

  return async function route(raw: Record<string, unknown>): Promise<EventOutcome> {
    const event = raw as RoomEvent;
    if (typeof event.room_id !== "string" || typeof event.sender !== "string") return "ignored";
    const roomId = event.room_id;
    const sender = event.sender;
    const log = logger.child({ room_id: roomId, event_id: event.event_id, sender });
    if (typeof event.state_key === "string" && isTrackedState(event.type)) {
      await roomState.apply(roomId, {
        type: String(event.type),
        state_key: event.state_key,
        content: event.content ?? {},
        event_id: String(event.event_id),
        sender,
        origin_server_ts: typeof event.origin_server_ts === "number" ? event.origin_server_ts : 0,
      });
    }
    if (options.ownUserPattern.test(sender)) return "ignored";
    if (
      event.type === "m.room.member" &&
      event.state_key === gateway.botUserId &&
      event.content?.membership === "invite"
    ) {
      return onInvite(roomId, log);
    }
    if (event.type === "m.room.message") return onMessage(event, roomId, sender, log);
    if (typeof event.state_key === "string" && typeof event.type === "string") {
      const restored = await options.guardState({
        eventId: String(event.event_id),
        roomId,
        sender,
        type: event.type,
        stateKey: event.state_key,
        content: event.content ?? {},
        ...(event.unsigned?.prev_content ? { previous: event.unsigned.prev_content } : {}),
      });
      return restored ? "handled" : "ignored";
    }
    return "ignored";
  };
}
