import { createHash } from "node:crypto";
import type { UndecryptableEvent } from "../../core/matrix/crypto-device.js";
import type { MessageSender } from "../../core/matrix/capabilities.js";
import type { Logger } from "../../core/logging/logger.js";
import { translate, type Locale } from "../../core/i18n/translate.js";
import type { CryptoDeviceRepository } from "../../core/storage/crypto-device.js";
import type { Clock } from "../../core/time/clock.js";

export interface UndecryptableNoticeDeps {
  gateway: MessageSender;
  devices: Pick<CryptoDeviceRepository, "claimUndecryptableNotice">;
  clock: Clock;
  logger: Logger;
  localeFor(sender: string): Promise<Locale>;
}

/**
 * Tells a room, once, that the bot could not read a message there. The gateway sends it encrypted
 * into an encrypted room: encrypting towards the users' devices works even when their keys did not
 * reach the bot.
 */
export function undecryptableNotice(deps: UndecryptableNoticeDeps) {
  return async (event: UndecryptableEvent): Promise<void> => {
    const log = deps.logger.child({ room_id: event.roomId, event_id: event.eventId });
    if (!(await deps.devices.claimUndecryptableNotice(event.roomId, event.eventId, deps.clock.now()))) {
      log.info("undecryptable event; the room was told before");
      return;
    }
    const txnId = `plenum.undecryptable.${createHash("sha256").update(event.roomId).digest("hex").slice(0, 32)}`;
    await deps.gateway.sendEvent(
      event.roomId,
      "m.room.message",
      {
        msgtype: "m.notice",
        body: translate(await deps.localeFor(event.sender), "crypto.undecryptable", { sender: event.sender }),
      },
      txnId,
    );
    log.info("undecryptable notice posted");
  };
}
