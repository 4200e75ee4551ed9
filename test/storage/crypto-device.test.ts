import {
  cryptoDeviceRepository,
  DEVICE_LEASE,
  DeviceLeaseLostError,
  type CryptoDeviceRepository,
} from "../../core/storage/crypto-device.js";
import { leasesRepository } from "../../core/storage/leases.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const BOT = "@plenum:example.org";
const HEADER = JSON.stringify({ kdf: "scrypt", salt: "c2FsdA==", n: 1024, r: 8, p: 1, check: "Y2hlY2s=" });

describe.each(databaseKinds())("crypto device state on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let devices: CryptoDeviceRepository;

  beforeEach(async () => {
    devices = cryptoDeviceRepository(db());
  });

  async function hold(holder: string): Promise<void> {
    expect(await leasesRepository(db()).acquire(DEVICE_LEASE, holder, Date.now(), 60_000)).toBe(true);
  }

  test("the lease holder's write stores its rows and names the device they belong to", async () => {
    await hold("a");
    await devices.write("a", {
      put: [{ id: "one", payload: Buffer.from([1, 2, 3]) }],
      remove: [],
      device: { userId: BOT, deviceId: "PLENUMDEV", storeHeader: HEADER, now: 1000 },
    });
    await devices.write("a", { put: [{ id: "two", payload: Buffer.from([4]) }], remove: ["one"] });
    expect(await devices.device(BOT)).toEqual({ deviceId: "PLENUMDEV", storeHeader: HEADER });
    expect(await devices.storeRows()).toEqual([{ id: "two", payload: Buffer.from([4]) }]);
  });

  test("a write from an instance that no longer holds the lease is refused and changes nothing", async () => {
    await hold("a");
    await devices.write("a", { put: [{ id: "one", payload: Buffer.from([1]) }], remove: [] });
    await db()("leader_leases").where({ name: DEVICE_LEASE }).update({ holder: "b" });
    await expect(
      devices.write("a", { put: [{ id: "one", payload: Buffer.from([9]) }], remove: [] }),
    ).rejects.toBeInstanceOf(DeviceLeaseLostError);
    expect(await devices.storeRows()).toEqual([{ id: "one", payload: Buffer.from([1]) }]);
  });

  test("a retired device leaves no store behind, and waits to be announced once", async () => {
    await hold("cli");
    await devices.write("cli", {
      put: [{ id: "one", payload: Buffer.from([1]) }],
      remove: [],
      device: { userId: BOT, deviceId: "OLDDEV", storeHeader: HEADER, now: 1000 },
    });
    expect(await devices.retire("cli", BOT, 2000)).toBe("OLDDEV");
    expect(await devices.device(BOT)).toBeUndefined();
    expect(await devices.storeRows()).toEqual([]);
    expect(await devices.unannouncedReplacements()).toEqual(["OLDDEV"]);
    await devices.markAnnounced(["OLDDEV"], 3000);
    expect(await devices.unannouncedReplacements()).toEqual([]);
  });

  test("only the first undecryptable event of a room claims the notice", async () => {
    expect(await devices.claimUndecryptableNotice("!a:example.org", "$one", 1000)).toBe(true);
    expect(await devices.claimUndecryptableNotice("!a:example.org", "$two", 2000)).toBe(false);
    expect(await devices.claimUndecryptableNotice("!b:example.org", "$three", 3000)).toBe(true);
  });

  test("the event that claimed a room's notice still holds the claim when asked again", async () => {
    await devices.claimUndecryptableNotice("!a:example.org", "$one", 1000);
    expect(await devices.claimUndecryptableNotice("!a:example.org", "$one", 1500)).toBe(true);
  });
});
