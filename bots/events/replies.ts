import { createHash } from "node:crypto";
import type { MessageSender } from "../../core/matrix/capabilities.js";
import type { CommandOrigin, Reply } from "../commands/types.js";

/**
 * The transaction id of the reply is derived from the command's event id, so a command handled a
 * second time (after a crash, or delivered twice) makes the homeserver return the first reply
 * instead of posting another.
 */
export function replyTxnId(eventId: string): string {
  return `plenum.reply.${createHash("sha256").update(eventId).digest("hex").slice(0, 32)}`;
}

/** Replies as a notice quoting the command, inside the command's thread if it was in one. */
export function replyContent(origin: CommandOrigin, reply: Reply): Record<string, unknown> {
  const threadRoot = origin.threadRoot;
  const content: Record<string, unknown> = {
    msgtype: "m.notice",
    body: reply.text,
    "m.relates_to": threadRoot
      ? {
          rel_type: "m.thread",
          event_id: threadRoot,
          is_falling_back: false,
          "m.in_reply_to": { event_id: origin.eventId },
        }
      : { "m.in_reply_to": { event_id: origin.eventId } },
    "m.mentions": { user_ids: [...new Set([origin.sender, ...(reply.mentions ?? [])])] },
  };
  if (reply.html) {
    content.format = "org.matrix.custom.html";
    content.formatted_body = reply.html;
  }
  return content;
}

export function sendReply(gateway: MessageSender, origin: CommandOrigin, reply: Reply): Promise<string> {
  return gateway.sendEvent(
    origin.roomId,
    "m.room.message",
    replyContent(origin, reply),
    replyTxnId(origin.eventId),
  );
}
