import { directChatWith, isDirectChatWith } from "../../../core/matrix/direct-chats.js";
import type { CommandOrigin } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/**
 * Where a secret for the sender alone (a feed link, a download link made for them) goes: "here" when
 * the command came from their direct chat with the bot (the caller puts it into the reply), else it
 * is sent into that chat, opened on first use, and the caller says so in the room.
 */
export async function replyPrivately(
  deps: MeetCommandDeps,
  origin: CommandOrigin,
  text: string,
  purpose: string,
): Promise<"here" | "sent"> {
  const { gateway } = deps.meetings;
  if (await isDirectChatWith(gateway, origin.roomId, origin.sender)) return "here";
  const dm = await directChatWith(gateway, deps.directChats, origin.sender);
  await gateway.sendEvent(
    dm,
    "m.room.message",
    { msgtype: "m.notice", body: text },
    `plenum.${purpose}.${origin.eventId}`,
  );
  return "sent";
}
