import type { Database } from "./database.js";

/** What Plenum remembers about the bot's crypto device between runs. */
export function cryptoDeviceRepository(db: Database) {
  return {
    async previousDevice(userId: string): Promise<string | undefined> {
      const row = await db("crypto_device").where({ user_id: userId }).first();
      return row ? String(row.device_id) : undefined;
    },

    async rememberDevice(userId: string, deviceId: string, now: number): Promise<void> {
      await db("crypto_device")
        .insert({ user_id: userId, device_id: deviceId, created_at: now })
        .onConflict("user_id")
        .merge();
    },

    /**
     * True for the first undecryptable event of a room (and for that same event if asked again),
     * false for every later one: the notice is posted once per room.
     */
    async claimUndecryptableNotice(roomId: string, eventId: string, now: number): Promise<boolean> {
      await db("undecryptable_notices")
        .insert({ room_id: roomId, event_id: eventId, noticed_at: now })
        .onConflict("room_id")
        .ignore();
      const row = await db("undecryptable_notices").where({ room_id: roomId }).first();
      return row?.event_id === eventId;
    },
  };
}

export type CryptoDeviceRepository = ReturnType<typeof cryptoDeviceRepository>;
