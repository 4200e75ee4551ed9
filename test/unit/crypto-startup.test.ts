import type { CryptoDevice } from "../../core/matrix/crypto-device.js";
import { startEncryption, type EncryptionStartOptions } from "../../core/matrix/crypto-startup.js";
import { createLogger } from "../../core/logging/logger.js";

function fakeDevice(): CryptoDevice & { stopped: boolean } {
  return {
    stopped: false,
    encrypts: async () => false,
    send: async () => "$sent",
    deliverTo: () => undefined,
    async stop() {
      this.stopped = true;
    },
  };
}

function options(open: EncryptionStartOptions["open"], enabled = true) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "info",
    secrets: [],
    destination: { write: (l) => void lines.push(l) },
  });
  return { lines, options: { enabled, timeoutMs: 20, open, logger } };
}

describe("starting the bot's encryption device", () => {
  test("a device that opens in time is used", async () => {
    const device = fakeDevice();
    const { options: o } = options(async () => device);
    expect(await startEncryption(o)).toEqual({ device, status: "on" });
  });

  test("a hung login is abandoned at the deadline: Plenum runs without encryption and logs why", async () => {
    let signal: AbortSignal | undefined;
    const { options: o, lines } = options((s) => {
      signal = s;
      return new Promise<never>(() => undefined);
    });
    expect(await startEncryption(o)).toEqual({ status: "failed" });
    expect(signal?.aborted).toBe(true);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 50,
        timeout_ms: 20,
        msg: expect.stringContaining("without encryption"),
      }),
    ]);
  });

  test("a device that opens after the deadline is stopped, not left syncing", async () => {
    const device = fakeDevice();
    let finish: (d: CryptoDevice) => void = () => undefined;
    const { options: o } = options(() => new Promise((resolve) => (finish = resolve)));
    expect((await startEncryption(o)).status).toBe("failed");
    finish(device);
    await new Promise((resolve) => setImmediate(resolve));
    expect(device.stopped).toBe(true);
  });

  test("an error before the deadline (a registration naming the bot as sender) fails start-up", async () => {
    const { options: o } = options(async () => {
      throw new Error("The bot's crypto device cannot sync");
    });
    await expect(startEncryption(o)).rejects.toThrow("cannot sync");
  });

  test("turned off, no device is opened", async () => {
    let opened = false;
    const { options: o } = options(async () => {
      opened = true;
      return fakeDevice();
    }, false);
    expect(await startEncryption(o)).toEqual({ status: "off" });
    expect(opened).toBe(false);
  });
});
