import type { Config } from "../config/schema.js";
import { cryptoDeviceRepository, DEVICE_LEASE } from "../storage/crypto-device.js";
import type { Database } from "../storage/database.js";
import { leasesRepository } from "../storage/leases.js";
import type { Clock } from "../time/clock.js";
import { deleteBotDevice } from "./crypto-device.js";
import { newStoreKeys, openCryptoStore, rowId, seal, storeKeys, type StoreHeader } from "./crypto-store.js";
import { botUserId } from "./registration.js";

/** Operator actions on the bot's device (`npm run crypto-device`), with every instance stopped. */
export interface DeviceAdminDeps {
  config: Config;
  db: Database;
  /** Names the operator's command in the device lease while it works. */
  holder: string;
  clock: Clock;
}

/** How long the command holds the device lease at most, should it die while working. */
const ADMIN_LEASE_MS = 5 * 60_000;

async function holdingTheDevice<T>(deps: DeviceAdminDeps, work: () => Promise<T>): Promise<T> {
  const leases = leasesRepository(deps.db);
  const now = Date.now();
  if (!(await leases.acquire(DEVICE_LEASE, deps.holder, now, ADMIN_LEASE_MS))) {
    const holder = await leases.holder(DEVICE_LEASE, now);
    throw new Error(
      `a running Plenum instance (${holder}) holds the bot's device: stop every instance first`,
    );
  }
  try {
    return await work();
  } finally {
    await leases.release(DEVICE_LEASE, deps.holder);
  }
}

/**
 * For a store that is lost (or whose key is): forgets the device and its store, and deletes the
 * device (with those retired before) on the homeserver. The next start makes a new device, with
 * new cross-signing keys, and tells the encrypted rooms. Returns the retired device, if there was one.
 */
export async function replaceBotDevice(deps: DeviceAdminDeps): Promise<string | undefined> {
  return holdingTheDevice(deps, async () => {
    const devices = cryptoDeviceRepository(deps.db);
    const retired = await devices.retire(deps.holder, botUserId(deps.config), deps.clock.now());
    for (const deviceId of await devices.unannouncedReplacements())
      await deleteBotDevice(deps.config, deviceId);
    return retired;
  });
}

/**
 * Seals the whole store again under `newSecret`, in one transaction: afterwards only the new key
 * opens it (set it as appservice.crypto_store_key before starting Plenum again).
 */
export async function rekeyCryptoStore(deps: DeviceAdminDeps, newSecret: string): Promise<void> {
  const secret = deps.config.appservice.crypto_store_key;
  if (!secret) throw new Error("appservice.crypto_store_key (the current key) is not set");
  await holdingTheDevice(deps, async () => {
    const devices = cryptoDeviceRepository(deps.db);
    const userId = botUserId(deps.config);
    const device = await devices.device(userId);
    if (!device?.storeHeader)
      throw new Error("the bot's device has no store yet: there is nothing to re-key");
    const oldKeys = await storeKeys(secret, JSON.parse(device.storeHeader) as StoreHeader);
    const store = await openCryptoStore(oldKeys, {
      rows: () => devices.storeRows(),
      write: async () => undefined,
    });
    const names = store.names("");
    const { header, keys } = await newStoreKeys(newSecret);
    await devices.write(deps.holder, {
      remove: names.map((name) => rowId(oldKeys, name)),
      put: names.map((name) => seal(keys, name, store.get(name))),
      device: {
        userId,
        deviceId: device.deviceId,
        storeHeader: JSON.stringify(header),
        now: deps.clock.now(),
      },
    });
  });
}
