import type { DirectChatsRepository } from "../storage/direct-chats.js";
import type { BotIdentity, MembershipReader, RoomCreator } from "./capabilities.js";

/** Whether a room is a one-to-one chat between the bot and `userId`. */
export async function isDirectChatWith(
  gateway: MembershipReader & BotIdentity,
  roomId: string,
  userId: string,
): Promise<boolean> {
  const members = await gateway.joinedMembers(roomId);
  return members.length === 2 && members.includes(userId) && members.includes(gateway.botUserId);
}

/** The bot's direct chat with a user, opened (one createRoom with the invite) the first time. */
export async function directChatWith(
  gateway: RoomCreator,
  chats: Pick<DirectChatsRepository, "roomFor" | "remember">,
  userId: string,
): Promise<string> {
  const known = await chats.roomFor(userId);
  if (known) return known;
  const roomId = await gateway.createRoom({
    is_direct: true,
    preset: "trusted_private_chat",
    invite: [userId],
  });
  await chats.remember(userId, roomId);
  return roomId;
}
