import { Gauge, type Registry } from "prom-client";
import type { EncryptionState } from "../matrix/crypto-startup.js";
import type { Backlog, BacklogRepository } from "../storage/backlog.js";
import type { Clock } from "../time/clock.js";

export interface StateSources {
  backlog: BacklogRepository;
  /** Resolves when the homeserver answers; asked once per scrape. */
  pingHomeserver(): Promise<void>;
  sendsOnHold(): number;
  clock: Clock;
  /** Whether this instance leads the scheduler; absent without the scheduler role. */
  leading?: () => boolean;
  /** Where the encryption device is now, in a process that runs the appservice role. */
  encryption?: () => EncryptionState;
  /** How long a scrape waits for the database and the homeserver. */
  timeoutMs?: number;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Gauges read when Prometheus scrapes: the backlog in the database (inbox depth and age, due jobs
 * and how overdue the oldest is), whether the database and the homeserver answer, whether this
 * instance leads and holds the encryption device. They are what the alert rules in
 * docs/prometheus-alerts.yml watch; the backlog is read once per scrape for all its gauges.
 */
export function registerStateGauges(registry: Registry, sources: StateSources): void {
  const timeoutMs = sources.timeoutMs ?? 2_000;
  let reading: { at: number; backlog: Promise<Backlog | undefined> } | undefined;
  function backlog(): Promise<Backlog | undefined> {
    const now = sources.clock.now();
    // Every gauge of one scrape asks; the first one's answer serves the others.
    if (!reading || now - reading.at > 1_000) {
      reading = {
        at: now,
        backlog: within(sources.backlog.read(now), timeoutMs).catch(() => undefined),
      };
    }
    return reading.backlog;
  }
  const ageSeconds = (since: number | undefined) =>
    since === undefined ? 0 : Math.max(0, (sources.clock.now() - since) / 1000);
  const fromBacklog = (name: string, help: string, value: (b: Backlog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const current = await backlog();
        // Unknown while the database does not answer: NaN, which no alert threshold matches.
        this.set(current ? value(current) : Number.NaN);
      },
    });

  new Gauge({
    name: "plenum_database_reachable",
    help: "1 when the database answered this scrape's backlog questions, else 0.",
    registers: [registry],
    async collect() {
      this.set((await backlog()) ? 1 : 0);
    },
  });
  fromBacklog(
    "plenum_inbox_pending_events",
    "Events received from the homeserver and stored but not yet handled (all instances).",
    (b) => b.pendingEvents,
  );
  fromBacklog(
    "plenum_inbox_oldest_pending_seconds",
    "Age of the oldest event not yet handled, since Plenum received it; 0 when none waits.",
    (b) => ageSeconds(b.oldestEventReceivedAt),
  );
  fromBacklog(
    "plenum_scheduler_due_jobs",
    "Scheduled jobs that are due and not done (all instances).",
    (b) => b.dueJobs,
  );
  fromBacklog(
    "plenum_scheduler_oldest_due_seconds",
    "How far past its due time the oldest due job is; 0 when none is due. Grows when no leader runs jobs.",
    (b) => ageSeconds(b.oldestDueAt),
  );
  new Gauge({
    name: "plenum_homeserver_reachable",
    help: "1 when the homeserver answered this scrape's request for its versions, else 0.",
    registers: [registry],
    async collect() {
      const answered = await within(sources.pingHomeserver(), timeoutMs).then(
        () => true,
        () => false,
      );
      this.set(answered ? 1 : 0);
    },
  });
  new Gauge({
    name: "plenum_homeserver_sends_on_hold",
    help: "Messages and state events waiting to be retried because the homeserver did not take them.",
    registers: [registry],
    collect() {
      this.set(sources.sendsOnHold());
    },
  });
  const { leading, encryption } = sources;
  if (leading) {
    new Gauge({
      name: "plenum_scheduler_leader",
      help: "1 while this instance leads (runs the scheduled jobs), else 0. Exactly one instance should.",
      registers: [registry],
      collect() {
        this.set(leading() ? 1 : 0);
      },
    });
  }
  if (encryption) {
    new Gauge({
      name: "plenum_encryption_enabled",
      help: "1 when appservice.encryption is on for this instance, 0 when switched off in the config.",
      registers: [registry],
      collect() {
        this.set(encryption() === "off" ? 0 : 1);
      },
    });
    new Gauge({
      name: "plenum_encryption_device_held",
      help: "1 while this instance has the bot's encryption device open, else 0 (held by another instance, being opened, lost, failed to start, or off). At most one instance reports 1.",
      registers: [registry],
      collect() {
        this.set(encryption() === "held" ? 1 : 0);
      },
    });
  }
}
