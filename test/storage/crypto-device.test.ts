import { cryptoDeviceRepository, type CryptoDeviceRepository } from "../../core/storage/crypto-device.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const BOT = "@plenum:example.org";

describe.each(databaseKinds())("crypto device state on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let devices: CryptoDeviceRepository;

  beforeEach(async () => {
    devices = cryptoDeviceRepository(db());
  });

  test("the device of the last start is the one remembered", async () => {
    expect(await devices.previousDevice(BOT)).toBeUndefined();
    await devices.rememberDevice(BOT, "FIRST", 1000);
    await devices.rememberDevice(BOT, "SECOND", 2000);
    expect(await devices.previousDevice(BOT)).toBe("SECOND");
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
