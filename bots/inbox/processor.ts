import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { InboxEntry, InboxRepository } from "../../core/storage/inbox.js";
import type { Clock } from "../../core/time/clock.js";

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
  /** How long this instance reserves an event it took; if it dies, another takes the event after this. */
  claimMs?: number;
}

/**
 * Handles stored events in arrival order per room, one batch at a time. Runs at start-up too, so
 * events acknowledged before a crash are handled after the restart. Every event is reserved in the
 * database before it is handled, so when several instances share one database each event is
 * handled by one of them; events reserved by an instance that died are taken over once their
 * reservation lapses, which a periodic look (every `claimMs`) notices even when nothing new arrives.
 */
export function createInboxProcessor(options: InboxProcessorOptions) {
  const { inbox, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 50;
  const claimMs = options.claimMs ?? 60_000;
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
      const outcome = await options.handle(entry.event);
      metrics.events.inc({ outcome });
      await inbox.markProcessed(entry.seq, clock.now());
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** entry.attempts);
      await inbox.recordAttempt(entry.seq, clock.now() + delay);
      if (entry.attempts + 1 >= maxAttempts) {
        metrics.events.inc({ outcome: "failed" });
        log.error({ err: error, attempts: entry.attempts + 1 }, "event failed repeatedly; set aside");
        await inbox.markProcessed(entry.seq, clock.now());
        return;
      }
      log.warn({ err: error, attempts: entry.attempts + 1 }, "event failed; will retry");
      retryIn(delay);
    } finally {
      timer();
    }
  }

  /** The failed event's room waits until the retry; other rooms go on meanwhile. */
  function retryIn(delay: number): void {
    const at = Date.now() + delay;
    if (at >= retryAt) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(() => {
      retryAt = Infinity;
      wake();
    }, delay);
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const batch = await inbox.claim(clock.now(), batchSize, claimMs);
        if (batch.length === 0) break;
        for (const entry of batch) {
          if (stopped) return;
          await handleOne(entry);
        }
      }
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
    /** Stops taking new work and waits for the event in hand to finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (recheckTimer) clearTimeout(recheckTimer);
      await draining;
    },
    /** Resolves when everything stored so far has been handled (tests use this). */
    async idle(): Promise<void> {
      while (draining) await draining;
    },
  };
}

export type InboxProcessor = ReturnType<typeof createInboxProcessor>;
