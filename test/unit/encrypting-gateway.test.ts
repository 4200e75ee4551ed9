import type { CryptoDevice } from "../../core/matrix/crypto-device.js";
import { encryptingGateway } from "../../core/matrix/encrypting-gateway.js";
import { FakeMatrix } from "../support/fakes/matrix.js";

const ENCRYPTED = "!secret:example.org";
const PLAIN = "!open:example.org";

async function setup() {
  const matrix = new FakeMatrix();
  await matrix.addRoom({ roomId: ENCRYPTED });
  await matrix.addRoom({ roomId: PLAIN });
  const throughDevice: string[] = [];
  const device = {
    deviceId: "DEVICE",
    encrypts: async (roomId: string) => roomId === ENCRYPTED,
    send: async (roomId: string) => {
      throughDevice.push(roomId);
      return "$encrypted";
    },
  } as unknown as CryptoDevice;
  return { matrix, throughDevice, gateway: encryptingGateway(matrix, device) };
}

describe("the encrypting gateway", () => {
  test("sends an event into an encrypted room through the crypto device", async () => {
    const { matrix, throughDevice, gateway } = await setup();
    expect(await gateway.sendEvent(ENCRYPTED, "m.room.message", { body: "hi" }, "txn")).toBe("$encrypted");
    expect(throughDevice).toEqual([ENCRYPTED]);
    expect(matrix.sent).toEqual([]);
  });

  test("sends an event into an unencrypted room the appservice way", async () => {
    const { matrix, throughDevice, gateway } = await setup();
    const eventId = await gateway.sendEvent(PLAIN, "m.room.message", { body: "hi" }, "txn");
    expect(matrix.sent).toEqual([
      { roomId: PLAIN, type: "m.room.message", content: { body: "hi" }, txnId: "txn", eventId },
    ]);
    expect(throughDevice).toEqual([]);
  });

  test("sends state the appservice way even into an encrypted room: state is never encrypted", async () => {
    const { matrix, throughDevice, gateway } = await setup();
    await gateway.sendState(ENCRYPTED, "m.room.topic", "", { topic: "t" });
    expect(matrix.state(ENCRYPTED, "m.room.topic")).toEqual({ topic: "t" });
    expect(throughDevice).toEqual([]);
  });
});
