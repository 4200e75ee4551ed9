import type { CryptoDevice } from "./crypto-device.js";
import type { MatrixGateway } from "./gateway.js";

/**
 * The gateway with events for encrypted rooms sent through the crypto device; everything else,
 * and every event for unencrypted rooms, still goes the appservice way.
 */
export function encryptingGateway(gateway: MatrixGateway, device: CryptoDevice): MatrixGateway {
  return {
    ...gateway,
    sendEvent: async (roomId, type, content, txnId) =>
      (await device.encrypts(roomId))
        ? device.send(roomId, type, content, txnId)
        : gateway.sendEvent(roomId, type, content, txnId),
  };
}
