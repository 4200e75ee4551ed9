import type { Database } from "./database.js";

/** Remembers the direct chat the bot opened with each user. */
export function directChatsRepository(db: Database) {
  return {
    async roomFor(userId: string): Promise<string | undefined> {
      const row = await db("direct_chats").where({ user_id: userId }).first();
      return row ? String(row.room_id) : undefined;
    },
    async remember(userId: string, roomId: string): Promise<void> {
      await db("direct_chats").insert({ user_id: userId, room_id: roomId }).onConflict("user_id").merge();
    },
  };
}

export type DirectChatsRepository = ReturnType<typeof directChatsRepository>;
