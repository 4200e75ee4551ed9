import type { Logger } from "../logging/logger.js";
import type { CryptoDevice } from "./crypto-device.js";
import type { DeviceState } from "./crypto-host.js";

/** How start-up left encryption: on, turned off by config, or failed to start. */
export type EncryptionStatus = "on" | "off" | "failed";

/**
 * What readiness, health and the metrics report about encryption now: turned off by config, failed
 * to start, or (once started) where the bot's device is (crypto-host.ts).
 */
export type EncryptionState = "off" | "failed" | DeviceState;

/** Whether this instance can serve despite the device's state; only a device that is gone here fails it. */
export function encryptionServes(state: EncryptionState): boolean {
  return state !== "lost" && state !== "failed";
}

export interface Encryption {
  device?: CryptoDevice;
  status: EncryptionStatus;
}

export interface EncryptionStartOptions {
  enabled: boolean;
  timeoutMs: number;
  /** Registers the bot if needed and opens its device; gives up when the signal aborts. */
  open(signal: AbortSignal): Promise<CryptoDevice>;
  logger: Logger;
}

/**
 * Opens the bot's crypto device within a deadline. A homeserver that never answers the device's
 * login or first sync must not hang start-up: Plenum then runs without encryption (commands in
 * unencrypted rooms still arrive in appservice transactions), logs why, and health reports it.
 * Errors before the deadline (a registration that names the bot as sender) still fail start-up.
 */
export async function startEncryption(options: EncryptionStartOptions): Promise<Encryption> {
  if (!options.enabled) return { status: "off" };
  const abandon = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), options.timeoutMs);
  });
  const opening = options.open(abandon.signal);
  let device: CryptoDevice | undefined;
  try {
    device = await Promise.race([opening, deadline]);
  } finally {
    clearTimeout(timer);
  }
  if (device) return { device, status: "on" };
  abandon.abort();
  // A device that opens after all would sync for nobody.
  opening.then(
    (late) => late.stop(),
    () => undefined,
  );
  options.logger.error(
    { module: "crypto-device", timeout_ms: options.timeoutMs },
    "the bot's crypto device did not start in time; running without encryption, so encrypted rooms are neither read nor answered",
  );
  return { status: "failed" };
}
