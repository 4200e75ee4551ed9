import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { InboxEntry, InboxRepository } from "../../core/storage/inbox.js";
import type { Clock } from "../../core/time/clock.js";
import { retryVerdict } from "../../core/matrix/retry.js";

export type EventOutcome = "handled" | "ignored";

export interface InboxProcessorOptions {
  inbox: InboxRepository;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  handle(event: Record<string, unknown>): Promise<EventOutcome>;
  /** After this many failed attempts an event is set aside (logged) so later events are not blocked. */
  maxAttempts?: number;
  batchSize?: number;
  /** How many rooms' events are handled at the same time. */
  maxLanes?: number;
}

/**
 * Handles stored events, each room's in arrival order, different rooms side by side: a room whose
 * sends are slow (or failing and waiting for a retry) holds back only its own later events. Runs at
 * start-up too, so events acknowledged before a crash are handled after the restart.
 */
export function createInboxProcessor(options: InboxProcessorOptions) {
  const { inbox, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 50;
  const maxLanes = options.maxLanes ?? 16;
  /** Rooms with a lane running or waiting for a retry: their events are not fetched again. */
  const inHand = new Set<string>();
  const lanes = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  /** Per event, how often the homeserver was away while handling it (these do not use up attempts). */
  const homeserverAway = new Map<number, number>();

  /** True when the event is done with; otherwise the delay before trying it again. */
  async function handleOne(entry: InboxEntry): Promise<true | number> {
    const log = logger.child({ event_id: entry.eventId, room_id: entry.roomId });
    const timer = metrics.handlerSeconds.startTimer({ kind: String(entry.event.type ?? "unknown") });
    try {
      const outcome = await options.handle(entry.event);
      metrics.events.inc({ outcome });
      await inbox.markProcessed(entry.seq, clock.now());
      homeserverAway.delete(entry.seq);
      return true;
    } catch (error) {
      if (retryVerdict(error).retry) {
        // Nothing is wrong with the event: it waits (and its room with it) until the homeserver is back.
        const times = (homeserverAway.get(entry.seq) ?? 0) + 1;
        homeserverAway.set(entry.seq, times);
        log.warn({ err: error, times }, "homeserver unavailable while handling the event; will retry");
        return Math.min(10_000, 500 * 2 ** (times - 1));
      }
      await inbox.recordAttempt(entry.seq);
      if (entry.attempts + 1 >= maxAttempts) {
        metrics.events.inc({ outcome: "failed" });
        log.error({ err: error, attempts: entry.attempts + 1 }, "event failed repeatedly; set aside");
        homeserverAway.delete(entry.seq);
        await inbox.markProcessed(entry.seq, clock.now());
        return true;
      }
      log.warn({ err: error, attempts: entry.attempts + 1 }, "event failed; will retry");
      return Math.min(30_000, 500 * 2 ** entry.attempts);
    } finally {
      timer();
    }
  }

  function releaseLater(roomId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      inHand.delete(roomId);
      wake();
    }, delayMs);
    retryTimers.add(timer);
  }

  async function runLane(roomId: string, entries: InboxEntry[]): Promise<void> {
    try {
      for (const entry of entries) {
        if (stopped) return;
        const outcome = await handleOne(entry);
        if (outcome !== true) {
          releaseLater(roomId, outcome);
          return;
        }
      }
      inHand.delete(roomId);
    } catch (error) {
      logger.error({ err: error, room_id: roomId }, "inbox processing stopped by an error; retrying");
      releaseLater(roomId, 5_000);
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      if (stopped || lanes.size >= maxLanes) return;
      const batch = await inbox.pending(batchSize, [...inHand]);
      const byRoom = new Map<string, InboxEntry[]>();
      for (const entry of batch) byRoom.set(entry.roomId, [...(byRoom.get(entry.roomId) ?? []), entry]);
      for (const [roomId, entries] of byRoom) {
        if (stopped || lanes.size >= maxLanes) return;
        inHand.add(roomId);
        const lane: Promise<void> = runLane(roomId, entries).finally(() => {
          lanes.delete(lane);
          wake();
        });
        lanes.add(lane);
      }
      // A full batch may have left out rooms further back in the queue.
      if (batch.length === batchSize) again = true;
    } while (again && !stopped);
  }

  function wake(): void {
    if (stopped) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain()
      .catch((error) => logger.error({ err: error }, "inbox processing stopped by an error; retrying"))
      .finally(() => {
        draining = undefined;
        if (again && !stopped) wake();
      });
  }

  return {
    wake,
    /** Stops taking new work and waits for the events in hand to finish. */
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      await draining;
      await Promise.all([...lanes]);
    },
    /** Resolves when everything stored so far has been handled (tests use this). */
    async idle(): Promise<void> {
      while (draining || lanes.size > 0) {
        await draining;
        await Promise.all([...lanes]);
      }
    },
  };
}

export type InboxProcessor = ReturnType<typeof createInboxProcessor>;
