import type { Logger } from "../logging/logger.js";
import type { InstancesRepository } from "../storage/instances.js";
import type { Clock } from "../time/clock.js";

export interface PresenceOptions {
  instances: InstancesRepository;
  /** This instance, as its leases name it. */
  holder: string;
  /** The newest migration this instance's code knows. */
  newestMigration: string;
  clock: Clock;
  logger: Logger;
  /** An instance counts as running while it was seen within this (scaling.leader_lease). */
  aliveMs: number;
}

/**
 * Keeps this instance in the database's list of running instances: announced at once, again every
 * third of `aliveMs`, removed at a clean stop. A newer Plenum reads the list before it applies a
 * migration that would break this one (see migrateToLatest).
 */
export function createPresence(options: PresenceOptions) {
  const { instances, holder, newestMigration, clock, aliveMs } = options;
  const logger = options.logger.child({ module: "presence", holder });
  const everyMs = Math.max(1, Math.floor(aliveMs / 3));
  let timer: NodeJS.Timeout | undefined;
  let announcing: Promise<void> = Promise.resolve();
  let stopped = false;

  async function announce(): Promise<void> {
    const now = clock.now();
    try {
      await instances.announce(holder, newestMigration, now);
      // Far beyond any lease: rows of instances that died without leaving.
      await instances.forgetUnseenSince(now - 24 * 60 * 60_000);
    } catch (error) {
      logger.warn({ err: error }, "could not announce this instance in the database");
    }
  }

  function scheduleNext(): void {
    timer = setTimeout(() => {
      announcing = announce().then(() => {
        if (!stopped) scheduleNext();
      });
    }, everyMs);
  }

  return {
    /** Resolves once the instance is announced the first time. */
    async start(): Promise<void> {
      await announce();
      scheduleNext();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await announcing;
      await instances.leave(holder).catch((error: unknown) => {
        logger.warn(
          { err: error },
          "could not remove this instance from the database; it is forgotten once unseen",
        );
      });
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
