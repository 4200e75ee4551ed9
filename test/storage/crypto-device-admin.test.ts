import { buildConfig } from "../../core/config/load.js";
import { rekeyCryptoStore } from "../../core/matrix/crypto-device-admin.js";
import {
  CryptoStoreKeyError,
  newStoreKeys,
  openCryptoStore,
  seal,
  storeKeys,
  type StoreHeader,
} from "../../core/matrix/crypto-store.js";
import { botUserId } from "../../core/matrix/registration.js";
import { cryptoDeviceRepository, DEVICE_LEASE } from "../../core/storage/crypto-device.js";
import { leasesRepository } from "../../core/storage/leases.js";
import { systemClock } from "../../core/time/clock.js";
import { validRawConfig } from "../support/config.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const OLD_KEY = "the-old-crypto-store-key-0123456789abcdef";
const NEW_KEY = "the-new-crypto-store-key-0123456789abcdef";

describe.each(databaseKinds())("operator actions on the bot's device on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  const raw = validRawConfig();
  const config = buildConfig({ ...raw, appservice: { ...raw.appservice, crypto_store_key: OLD_KEY } }).config;
  const deps = () => ({ config, db: db(), holder: "operator", clock: systemClock });

  /** A device with a store sealed under OLD_KEY, as a stopped Plenum leaves it. */
  async function storedDevice(): Promise<void> {
    const leases = leasesRepository(db());
    await leases.acquire(DEVICE_LEASE, "plenum", Date.now(), 60_000);
    const { header, keys } = await newStoreKeys(OLD_KEY);
    await cryptoDeviceRepository(db()).write("plenum", {
      put: [seal(keys, "session", { deviceId: "PLENUMDEV", accessToken: "syt_token" })],
      remove: [],
      device: {
        userId: botUserId(config),
        deviceId: "PLENUMDEV",
        storeHeader: JSON.stringify(header),
        now: 1,
      },
    });
    await leases.release(DEVICE_LEASE, "plenum");
  }

  async function header(): Promise<StoreHeader> {
    const device = await cryptoDeviceRepository(db()).device(botUserId(config));
    return JSON.parse(device!.storeHeader!) as StoreHeader;
  }

  test("a store sealed again under a new key opens with it, and no longer with the old one", async () => {
    await storedDevice();
    await rekeyCryptoStore(deps(), NEW_KEY);
    await expect(storeKeys(OLD_KEY, await header())).rejects.toBeInstanceOf(CryptoStoreKeyError);
    const devices = cryptoDeviceRepository(db());
    const store = await openCryptoStore(await storeKeys(NEW_KEY, await header()), {
      rows: () => devices.storeRows(),
      write: async () => undefined,
    });
    expect(store.get("session")).toEqual({ deviceId: "PLENUMDEV", accessToken: "syt_token" });
    expect(await devices.storeRows()).toHaveLength(1);
  });

  test("while a running instance holds the device, the command refuses and changes nothing", async () => {
    await storedDevice();
    const before = await header();
    await leasesRepository(db()).acquire(DEVICE_LEASE, "host/123/abc", Date.now(), 60_000);
    await expect(rekeyCryptoStore(deps(), NEW_KEY)).rejects.toThrow("holds the bot's device");
    expect(await header()).toEqual(before);
  });
});
