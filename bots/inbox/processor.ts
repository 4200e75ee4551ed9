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
}

/**
 * Handles stored events in arrival order, one batch at a time. Runs at start-up too, so events
 * acknowledged before a crash are handled after the restart.
 */
export function createInboxProcessor(options: InboxProcessorOptions) {
  const { inbox, clock, logger, metrics } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 50;
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function handleOne(entry: InboxEntry): Promise<boolean> {
    const log = logger.child({ event_id: entry.eventId, room_id: entry.roomId });
    const timer = metrics.handlerSeconds.startTimer({ kind: String(entry.event.type ?? "unknown") });
    try {
      const outcome = await options.handle(entry.event);
      metrics.events.inc({ outcome });
      await inbox.markProcessed(entry.seq, clock.now());
      return true;
    } catch (error) {
      await inbox.recordAttempt(entry.seq);
      if (entry.attempts + 1 >= maxAttempts) {
        metrics.events.inc({ outcome: "failed" });
        log.error({ err: error, attempts: entry.attempts + 1 }, "event failed repeatedly; set aside");
        await inbox.markProcessed(entry.seq, clock.now());
        return true;
      }
      log.warn({ err: error, attempts: entry.attempts + 1 }, "event failed; will retry");
      return false;
    } finally {
      timer();
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const batch = await inbox.pending(batchSize);
        if (batch.length === 0) break;
        for (const entry of batch) {
          if (stopped) return;
          if (!(await handleOne(entry))) {
            const delay = Math.min(30_000, 500 * 2 ** entry.attempts);
            retryTimer = setTimeout(wake, delay);
            return;
          }
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
      });
  }

  return {
    wake,
    /** Stops taking new work and waits for the event in hand to finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await draining;
    },
    /** Resolves when everything stored so far has been handled (tests use this). */
    async idle(): Promise<void> {
      while (draining) await draining;
    },
  };
}

export type InboxProcessor = ReturnType<typeof createInboxProcessor>;
