import type { CryptoDevice } from "../../core/matrix/crypto-device.js";
import { encryptingGateway } from "../../core/matrix/encrypting-gateway.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";

const ENCRYPTED = "!secret:example.org";
const PLAIN = "!open:example.org";

function setup() {
  const sent: string[] = [];
  const gateway = {
    botUserId: "@plenum:example.org",
    sendEvent: async (roomId: string) => {
      sent.push(`appservice ${roomId}`);
      return "$plain";
    },
    sendState: async (roomId: string) => {
      sent.push(`state ${roomId}`);
      return "$state";
    },
  } as unknown as MatrixGateway;
  const device = {
    deviceId: "DEVICE",
    encrypts: async (roomId: string) => roomId === ENCRYPTED,
    send: async (roomId: string) => {
      sent.push(`device ${roomId}`);
      return "$encrypted";
    },
  } as unknown as CryptoDevice;
  return { sent, gateway: encryptingGateway(gateway, device) };
}

describe("the encrypting gateway", () => {
  test("sends an event into an encrypted room through the crypto device", async () => {
    const { sent, gateway } = setup();
    expect(await gateway.sendEvent(ENCRYPTED, "m.room.message", { body: "hi" }, "txn")).toBe("$encrypted");
    expect(sent).toEqual([`device ${ENCRYPTED}`]);
  });

  test("sends an event into an unencrypted room the appservice way", async () => {
    const { sent, gateway } = setup();
    expect(await gateway.sendEvent(PLAIN, "m.room.message", { body: "hi" }, "txn")).toBe("$plain");
    expect(sent).toEqual([`appservice ${PLAIN}`]);
  });

  test("sends state the appservice way even into an encrypted room: state is never encrypted", async () => {
    const { sent, gateway } = setup();
    await gateway.sendState(ENCRYPTED, "m.room.topic", "", { topic: "t" });
    expect(sent).toEqual([`state ${ENCRYPTED}`]);
  });
});
