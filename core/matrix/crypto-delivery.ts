import { MatrixEventEvent, Method, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import type { Logger } from "../logging/logger.js";

export interface UndecryptableEvent {
  roomId: string;
  eventId: string;
  sender: string;
}

export interface CryptoHandlers {
  /** A decrypted event, shaped like the clear event an appservice transaction would carry. */
  decrypted(event: Record<string, unknown>): Promise<void>;
  /** An event whose room key never arrived, not even after a key request. */
  undecryptable(event: UndecryptableEvent): Promise<void>;
}

export interface DeliveryOptions {
  client: MatrixClient;
  userId: string;
  logger: Logger;
  /** How long a failed decryption waits for its room key before the bot asks for it. */
  keyGraceMs: number;
  /** How long it then waits for the key to be sent again before the event counts as undecryptable. */
  keyRequestWaitMs: number;
  /** Most events fetched to fill one room's gap after a long absence. */
  gapLimit?: number;
}

/** The clear event with the wire event's identity; relations may sit outside the ciphertext. */
function clearEvent(event: MatrixEvent): Record<string, unknown> {
  const effective = event.getEffectiveEvent() as unknown as Record<string, unknown>;
  const content = { ...(effective.content as Record<string, unknown>) };
  const wireRelation = event.getWireContent()["m.relates_to"];
  if (content["m.relates_to"] === undefined && wireRelation !== undefined)
    content["m.relates_to"] = wireRelation;
  return { ...effective, content };
}

/**
 * Hands the device's encrypted events to Plenum one room at a time, in the order of the room's
 * timeline: an event that waits for its room key holds back the room's later events, so commands
 * are answered in the order they were sent. Counts what is still in hand, so the sync position
 * is saved only past events that reached the inbox.
 */
export function createDelivery(options: DeliveryOptions) {
  const { client, userId, logger, keyGraceMs, keyRequestWaitMs } = options;
  const gapLimit = options.gapLimit ?? 1000;
  const rooms = new Map<string, Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let inHand = 0;
  let stopped = false;
  let handlersReady: (handlers: CryptoHandlers) => void = () => undefined;
  const handlers = new Promise<CryptoHandlers>((resolve) => (handlersReady = resolve));

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function enqueue(roomId: string, work: () => Promise<void>): void {
    inHand++;
    const next = (rooms.get(roomId) ?? Promise.resolve())
      .then(() => (stopped ? undefined : work()))
      .catch((error: unknown) =>
        logger.error({ err: error, room_id: roomId }, "delivering an encrypted event failed"),
      )
      .finally(() => {
        inHand--;
        if (rooms.get(roomId) === next) rooms.delete(roomId);
      });
    rooms.set(roomId, next);
  }

  /** Waits up to `ms` for a failed decryption to succeed (the SDK retries when a key arrives). */
  async function decryptedWithin(event: MatrixEvent, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (event.isDecryptionFailure() && !stopped && performance.now() < deadline) {
      let decrypted: () => void = () => undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          decrypted = resolve;
          event.once(MatrixEventEvent.Decrypted, decrypted);
        }),
        delay(250),
      ]);
      // One listener per wait, not one more every 250 ms.
      event.off(MatrixEventEvent.Decrypted, decrypted);
    }
    return !event.isDecryptionFailure();
  }

  /**
   * Asks the sender's devices to share the room key again (m.room_key_request). A client that
   * shared the session with this device answers with m.forwarded_room_key; the Rust crypto does not
   * send such requests itself for another user's sessions.
   */
  async function requestKey(event: MatrixEvent): Promise<void> {
    const wire = event.getWireContent();
    const body = {
      algorithm: wire.algorithm,
      room_id: event.getRoomId(),
      session_id: wire.session_id,
      sender_key: wire.sender_key,
    };
    const content = {
      action: "request",
      body,
      request_id: `plenum-${event.getId()}`,
      requesting_device_id: client.getDeviceId(),
    };
    await client.sendToDevice(
      "m.room_key_request",
      new Map([[event.getSender()!, new Map([["*", content]])]]),
    );
  }

  async function deliver(event: MatrixEvent): Promise<void> {
    const to = await handlers;
    const log = logger.child({ room_id: event.getRoomId(), event_id: event.getId() });
    await client.decryptEventIfNeeded(event);
    if (!(await decryptedWithin(event, keyGraceMs)) && !stopped) {
      log.info("room key still missing; asking the sender's devices for it");
      await requestKey(event).catch((error: unknown) => log.warn({ err: error }, "room key request failed"));
      await decryptedWithin(event, keyRequestWaitMs);
    }
    if (stopped) return;
    if (event.isDecryptionFailure()) {
      log.warn({ reason: event.decryptionFailureReason }, "event could not be decrypted");
      await to.undecryptable({
        roomId: event.getRoomId()!,
        eventId: event.getId()!,
        sender: event.getSender()!,
      });
      return;
    }
    await to.decrypted(clearEvent(event));
  }

  /** Whether the event is one Plenum should read: encrypted, and not the bot's own. */
  function wanted(event: MatrixEvent): boolean {
    return event.isEncrypted() && event.getSender() !== userId;
  }

  /**
   * The events between `since` and `from` that a limited sync left out: the room had more new
   * events than the sync returns (Plenum was down a long time), so they are paged in, oldest first.
   */
  async function gapEvents(roomId: string, from: string, since: string): Promise<MatrixEvent[]> {
    const mapper = client.getEventMapper();
    const raw: Record<string, unknown>[] = [];
    let token: string | undefined = from;
    while (token && raw.length < gapLimit) {
      const path = `/rooms/${encodeURIComponent(roomId)}/messages`;
      const page: { chunk: Record<string, unknown>[]; end?: string } = await client.http.authedRequest<{
        chunk: Record<string, unknown>[];
        end?: string;
      }>(Method.Get, path, { dir: "b", from: token, to: since, limit: "100" });
      raw.push(...page.chunk);
      token = page.chunk.length > 0 ? page.end : undefined;
    }
    if (token)
      logger.warn(
        { room_id: roomId, limit: gapLimit },
        "more missed events than are fetched; older ones are skipped",
      );
    return raw.reverse().map((event) => mapper({ ...event, room_id: roomId } as never));
  }

  return {
    /** A live event of the room's timeline, in sync order. */
    event(event: MatrixEvent): void {
      if (wanted(event)) enqueue(event.getRoomId()!, () => deliver(event));
    },

    /** The room's timeline skipped events (a limited sync); they are fetched before what follows. */
    gap(roomId: string, from: string | null, since: string | null): void {
      if (!from || !since) return;
      enqueue(roomId, async () => {
        const missed = (await gapEvents(roomId, from, since)).filter(wanted);
        logger.info({ room_id: roomId, events: missed.length }, "fetched events a limited sync left out");
        for (const event of missed) await deliver(event);
      });
    },

    deliverTo(live: CryptoHandlers): void {
      handlersReady(live);
    },

    /** No event is in hand: everything synced so far reached the handlers. */
    get settled(): boolean {
      return inHand === 0;
    },

    stop(): void {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
