import type { Logger } from "../../core/logging/logger.js";
import { retryVerdict } from "../../core/matrix/retry.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { InboxEntry, InboxRepository } from "../../core/storage/inbox.js";
import type { Clock } from "../../core/time/clock.js";

export type EventOutcome = "handled" | "ignored";

export interface InboxProcessorOptions {
  inbox: InboxRepository;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Handles one event; `position` is its place in the homeserver's stream (the inbox's seq). */
  handle(event: Record<string, unknown>, position: number): Promise<EventOutcome>;
  /** After this many failed attempts an event is set aside (logged) so later events are not blocked. */
  maxAttempts?: number;
  /** How many rooms' events are handled at the same time. */
  maxLanes?: number;
  /** How long this instance reserves an event it took; if it dies, another takes the event after this. */
  claimMs?: number;
}

/**
 * Handles stored events, each room's in arrival order, different rooms side by side: a room whose
 * sends are slow (or failing and waiting for a retry) holds back only its own later events. Every
 * event is reserved in the database before it is handled, and only the oldest unhandled event of a
 * room can be reserved, so when several instances share one database each event is handled by one of
 * them, in its room's order; events reserved by an instance that died are taken over once their
 * reservation lapses, which a periodic look (every `claimMs`) notices even when nothing new arrives.
 * Runs at start-up too, so events acknowledged before a crash are handled after the restart.
 * Reservations and retries are paced in real time (not the injected clock, which is the meetings'
 * time): they are about processes and timers, which a test's frozen clock must not stop.
 */
export function createInboxProcessor(options: InboxProcessorOptions) {
  const { inbox, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxLanes = options.maxLanes ?? 16;
  const claimMs = options.claimMs ?? 60_000;
  const lanes = new Set<Promise<void>>();
  /** Per event, how often the homeserver was away while handling it (these do not use up attempts). */
  const homeserverAway = new Map<number, number>();
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryAt = Infinity;
  let recheckTimer: NodeJS.Timeout | undefined;

  async function handleOne(entry: InboxEntry): Promise<void> {
    const log = logger.child({ event_id: entry.eventId, room_id: entry.roomId });
    const timer = metrics.handlerSeconds.startTimer({ kind: String(entry.event.type ?? "unknown") });
    try {
      const outcome = await options.handle(entry.event, entry.seq);
      metrics.events.inc({ outcome });
      await inbox.markProcessed(entry.seq, clock.now());
      homeserverAway.delete(entry.seq);
    } catch (error) {
      if (retryVerdict(error).retry) {
        // Nothing is wrong with the event: it waits (and its room with it) until the homeserver is back.
        const times = (homeserverAway.get(entry.seq) ?? 0) + 1;
        homeserverAway.set(entry.seq, times);
        const until = Date.now() + Math.min(10_000, 500 * 2 ** (times - 1));
        await inbox.postpone(entry.seq, until);
        log.warn({ err: error, times }, "homeserver unavailable while handling the event; will retry");
        retryWhenDue(until);
        return;
      }
      const until = Date.now() + Math.min(30_000, 500 * 2 ** entry.attempts);
      await inbox.recordAttempt(entry.seq, until);
      if (entry.attempts + 1 >= maxAttempts) {
        metrics.events.inc({ outcome: "failed" });
        log.error({ err: error, attempts: entry.attempts + 1 }, "event failed repeatedly; set aside");
        homeserverAway.delete(entry.seq);
        await inbox.markProcessed(entry.seq, clock.now());
        return;
      }
      log.warn({ err: error, attempts: entry.attempts + 1 }, "event failed; will retry");
      retryWhenDue(until);
    } finally {
      timer();
    }
  }

  /**
   * The failed event's room waits until its reservation lapses at `at`; other rooms go on meanwhile.
   * A timer may fire a millisecond before `Date.now()` reaches `at` (timers run on the monotonic
   * clock); woken early, the claim would find the event still reserved and it would wait for the
   * next periodic look, so an early timer is set again for the rest.
   */
  function retryWhenDue(at: number): void {
    if (at >= retryAt) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryAt = at;
    const fire = () => {
      const rest = retryAt - Date.now();
      if (rest > 0) {
        retryTimer = setTimeout(fire, rest);
        return;
      }
      retryAt = Infinity;
      wake();
    };
    retryTimer = setTimeout(fire, Math.max(0, at - Date.now()));
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      const free = maxLanes - lanes.size;
      if (stopped || free <= 0) return;
      // At most one event per room comes back (the oldest unhandled), so each starts its own lane.
      const batch = await inbox.claim(Date.now(), free, claimMs);
      for (const entry of batch) {
        const lane: Promise<void> = handleOne(entry)
          .catch((error) => logger.error({ err: error, room_id: entry.roomId }, "inbox lane failed"))
          .finally(() => {
            lanes.delete(lane);
            wake();
          });
        lanes.add(lane);
      }
      if (batch.length === free) again = true;
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
        else if (!stopped) {
          if (recheckTimer) clearTimeout(recheckTimer);
          recheckTimer = setTimeout(wake, claimMs);
          recheckTimer.unref();
        }
      });
  }

  return {
    wake,
    /** Stops taking new work and waits for the events in hand to finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (recheckTimer) clearTimeout(recheckTimer);
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
