import type { Logger } from "../logging/logger.js";
import type { LeasesRepository } from "../storage/leases.js";
import type { Clock } from "../time/clock.js";

export interface LeadershipOptions {
  leases: LeasesRepository;
  /** The singleton role the lease is for. */
  name: string;
  /** This instance, unique among the instances sharing the database. */
  holder: string;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  /** Starts the singleton work when this instance becomes leader. */
  onLead(): void;
  /** Stops it (and waits for the work in hand) when this instance stops leading. */
  onFollow(): Promise<void>;
}

/**
 * One leader among the instances that share a database, through a lease row the leader renews
 * every third of the lease. A leader that cannot reach the database steps down before its lease
 * can have expired, so the instance that takes over never works alongside it; an instance that
 * dies simply stops renewing, and another takes over once the lease has expired.
 */
export function createLeadership(options: LeadershipOptions) {
  const { leases, name, holder, clock, leaseMs } = options;
  const logger = options.logger.child({ lease: name, holder });
  const renewEveryMs = Math.max(1, Math.floor(leaseMs / 3));
  let leading = false;
  let heldUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let checking: Promise<boolean> | undefined;

  async function follow(): Promise<void> {
    leading = false;
    logger.info("no longer leader; singleton work stopped");
    await options.onFollow();
  }

  /** Takes or renews the lease once and starts or stops the singleton work to match; true while leading. */
  async function check(): Promise<boolean> {
    const now = clock.now();
    let held: boolean;
    try {
      held = await leases.acquire(name, holder, now, leaseMs);
      if (held) heldUntil = now + leaseMs;
    } catch (error) {
      // Still leader only while the lease surely outlives the next renewal attempt.
      held = leading && now + renewEveryMs < heldUntil;
      logger.warn({ err: error, leading: held }, "could not renew the leader lease");
    }
    if (held && !leading) {
      leading = true;
      logger.info({ lease_ms: leaseMs }, "became leader");
      options.onLead();
    } else if (!held && leading) {
      await follow();
    }
    return leading;
  }

  async function loop(): Promise<void> {
    checking = check();
    await checking;
    if (!stopped) timer = setTimeout(() => void loop(), renewEveryMs);
  }

  return {
    check,
    get leading(): boolean {
      return leading;
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    /** Stops the singleton work and hands the lease back, so another instance takes over at once. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await checking;
      if (!leading) return;
      await follow();
      await leases.release(name, holder).catch((error: unknown) => {
        logger.warn({ err: error }, "could not release the leader lease; it lapses on its own");
      });
    },
  };
}

export type Leadership = ReturnType<typeof createLeadership>;
