import type { Config } from "../config/schema.js";
import type { Logger } from "../logging/logger.js";
import { createLeadership } from "../scaling/leadership.js";
import type { CryptoOutboxRepository } from "../storage/crypto-outbox.js";
import { DEVICE_LEASE } from "../storage/crypto-device.js";
import type { LeasesRepository } from "../storage/leases.js";
import { systemClock } from "../time/clock.js";
import { roomIsEncrypted, type CryptoDevice, type CryptoHandlers } from "./crypto-device.js";
import { MatrixRequestError } from "./errors.js";
import { retryVerdict } from "./retry.js";

export interface CryptoHostOptions {
  config: Config;
  /** This instance, unique among those sharing the database. */
  holder: string;
  /** Whether this instance may hold the device (it runs the appservice role); others only hand sends over. */
  competes: boolean;
  leases: LeasesRepository;
  outbox: CryptoOutboxRepository;
  logger: Logger;
  leaseMs: number;
  /** Opens the device as `holder`; `onLost` is called if its store can no longer be written. */
  open(signal: AbortSignal | undefined, onLost: (error: unknown) => void): Promise<CryptoDevice>;
  /** How long a send handed to the holder may wait for it; then it fails as the homeserver being away would. */
  sendWaitMs: number;
  /** Pause between attempts to open the device after a failure. */
  reopenDelayMs?: number;
}

/**
 * Where the bot's device is, as this instance sees it now: `held` (open here), `held_elsewhere` (another
 * instance held the lease at this one's last attempt, every third of the lease), `opening` (this
 * instance took the lease and opens the device), `lost` (this instance holds the lease but its device
 * stopped, because its store could not be written or it failed to open; it tries again).
 */
export type DeviceState = "held" | "held_elsewhere" | "opening" | "lost";

export interface CryptoHost extends CryptoDevice {
  /**
   * Competes for the device: resolves once this instance opened it, or another instance holds it.
   * An error opening it at start-up (a wrong store key, a registration the device cannot sync with)
   * is thrown, and the lease given back.
   */
  start(signal?: AbortSignal): Promise<void>;
  state(): DeviceState;
}

const OUTBOX_POLL_MS = 250;
const OUTBOX_BATCH = 20;
const OUTBOX_KEEP_MS = 60 * 60_000;
// Entries are kept an hour; pruning them at every poll was two statements a second for nothing.
const OUTBOX_PRUNE_EVERY_MS = 60_000;

/**
 * The bot's one device, shared by the instances on one database. The instance holding the device
 * lease (core/scaling/leadership.ts, with its own lease name) opens the device and alone uses it:
 * the Olm sessions advance in one process only, and every write of the device's store checks the
 * lease (storage/crypto-device.ts), so an instance that lost it can change nothing. The others hand
 * their encrypted sends to the holder through the database (the crypto outbox); when the holder
 * dies, another takes the lease over once it expired and opens the same device from the store.
 */
export function createCryptoHost(options: CryptoHostOptions): CryptoHost {
  const { config, outbox, holder } = options;
  const logger = options.logger.child({ module: "crypto-host", holder });
  const reopenDelayMs = options.reopenDelayMs ?? 5_000;
  const encryptedRooms = new Set<string>();
  let device: CryptoDevice | undefined;
  let handlers: CryptoHandlers | undefined;
  let leading = false;
  /** The device stopped or failed to open while this instance held the lease, and is not open again yet. */
  let lost = false;
  let stopped = false;
  let opening: Promise<void> | undefined;
  let outboxTimer: NodeJS.Timeout | undefined;
  let reopenTimer: NodeJS.Timeout | undefined;
  let firstOpen: ((error?: unknown) => void) | undefined;
  let startSignal: AbortSignal | undefined;
  /** Ends an opening still under way when this instance lets the device go. */
  let abandon = new AbortController();

  async function open(): Promise<void> {
    let opened: CryptoDevice | undefined;
    abandon = new AbortController();
    const signal = startSignal ? AbortSignal.any([startSignal, abandon.signal]) : abandon.signal;
    try {
      opened = await options.open(signal, (error) => void lose(opened, error));
    } catch (error) {
      if (firstOpen) return firstOpen(error);
      if (!leading || stopped) return;
      lost = true;
      logger.error(
        { err: error, retry_in_ms: reopenDelayMs },
        "opening the bot's device failed; trying again",
      );
      reopenTimer = setTimeout(() => void openIfLeading(), reopenDelayMs);
      return;
    }
    if (!leading || stopped) {
      await opened.stop();
      // Start-up goes on as a waiting instance.
      firstOpen?.();
      return;
    }
    device = opened;
    lost = false;
    if (handlers) device.deliverTo(handlers);
    logger.info("holding the bot's device");
    firstOpen?.();
    drainOutbox();
  }

  function openIfLeading(): void {
    if (!leading || stopped || device || opening) return;
    opening = open().finally(() => (opening = undefined));
  }

  /** The device's store broke under it: it stops now, and opens again from the store while this instance leads. */
  async function lose(lostDevice: CryptoDevice | undefined, error: unknown): Promise<void> {
    if (!lostDevice || device !== lostDevice) return;
    device = undefined;
    lost = true;
    logger.warn({ err: error }, "the bot's device stopped; its store could not be written");
    await lostDevice.stop().catch(() => undefined);
    reopenTimer = setTimeout(() => void openIfLeading(), reopenDelayMs);
  }

  async function release(): Promise<void> {
    leading = false;
    lost = false;
    if (outboxTimer) clearTimeout(outboxTimer);
    if (reopenTimer) clearTimeout(reopenTimer);
    abandon.abort();
    await opening;
    const current = device;
    device = undefined;
    await current?.stop();
  }

  const leadership = createLeadership({
    leases: options.leases,
    name: DEVICE_LEASE,
    holder,
    // The lease is about processes, not the meetings' time: a test's frozen clock must not hold it.
    clock: systemClock,
    logger,
    leaseMs: options.leaseMs,
    onLead: () => {
      leading = true;
      openIfLeading();
    },
    onFollow: release,
  });

  /** Sends what other instances handed over, oldest first; the homeserver being away keeps it for later. */
  let prunedAt = 0;
  function drainOutbox(): void {
    if (outboxTimer) clearTimeout(outboxTimer);
    outboxTimer = setTimeout(async () => {
      try {
        if (Date.now() - prunedAt >= OUTBOX_PRUNE_EVERY_MS) {
          await outbox.prune(Date.now() - OUTBOX_KEEP_MS);
          prunedAt = Date.now();
        }
        for (const entry of await outbox.pending(OUTBOX_BATCH)) {
          if (!device) break;
          try {
            await outbox.sent(
              entry.id,
              await device.send(entry.roomId, entry.type, entry.content, entry.txnId),
            );
          } catch (error) {
            if (retryVerdict(error).retry) break;
            await outbox.failed(entry.id, error instanceof Error ? error.message : String(error));
          }
        }
      } catch (error) {
        logger.warn({ err: error }, "sending handed-over encrypted events failed; trying again");
      }
      if (device && !stopped) drainOutbox();
    }, OUTBOX_POLL_MS);
  }

  /**
   * Hands the send to the instance holding the device (this one too, while its device reopens),
   * and waits for its event id.
   */
  async function handOver(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
    txnId: string,
  ): Promise<string> {
    await outbox.enqueue({ roomId, txnId, type, content }, Date.now());
    const deadline = Date.now() + options.sendWaitMs;
    while (Date.now() < deadline) {
      const result = await outbox.result(roomId, txnId);
      if (result && "eventId" in result) return result.eventId;
      if (result) throw new Error(`sending into encrypted room ${roomId} failed: ${result.error}`);
      await new Promise((resolve) => setTimeout(resolve, OUTBOX_POLL_MS));
    }
    // Like a homeserver that does not answer: the command or job waits and tries again.
    throw new MatrixRequestError(
      503,
      "M_UNAVAILABLE",
      "no instance holding the bot's device sent the event in time",
    );
  }

  return {
    async start(signal) {
      if (!options.competes) return;
      startSignal = signal;
      const opened = new Promise<void>((resolve, reject) => {
        firstOpen = (error) => (error === undefined ? resolve() : reject(error));
      });
      try {
        if (await leadership.check()) await opened;
        else logger.info("another instance holds the bot's device");
      } catch (error) {
        await leadership.stop();
        throw error;
      } finally {
        firstOpen = undefined;
        startSignal = undefined;
      }
      leadership.start();
    },

    state() {
      if (device) return "held";
      if (!leading) return "held_elsewhere";
      return lost ? "lost" : "opening";
    },

    async encrypts(roomId) {
      if (encryptedRooms.has(roomId)) return true;
      const encrypted = device ? await device.encrypts(roomId) : await roomIsEncrypted(config, roomId);
      // Encryption, once on, cannot be turned off in a room.
      if (encrypted) encryptedRooms.add(roomId);
      return encrypted;
    },

    send(roomId, type, content, txnId) {
      return device ? device.send(roomId, type, content, txnId) : handOver(roomId, type, content, txnId);
    },

    deliverTo(live) {
      handlers = live;
      device?.deliverTo(live);
    },

    async stop() {
      stopped = true;
      await leadership.stop();
      await release();
    },
  };
}
