import type { Database } from "./database.js";

/** A stored setting's key and canonical text, as decisions read it. */
export type StoredValue = Pick<StoredSetting, "key" | "value">;

export interface StoredSetting {
  key: string;
  /** The canonical text of the value, read back through the key's parser. */
  value: string;
  changedBy: string;
  changedAt: number;
}

/** Policy values set by admins (global) and by meeting-room editors (per room). */
export function policyRepository(db: Database) {
  const toSetting = (row: Record<string, unknown>): StoredSetting => ({
    key: String(row.key),
    value: String(row.value),
    changedBy: String(row.changed_by),
    changedAt: Number(row.changed_at),
  });
  return {
    async all(): Promise<StoredSetting[]> {
      return (await db("policy_settings").orderBy("key")).map(toSetting);
    },
    async put(setting: StoredSetting): Promise<void> {
      await db("policy_settings")
        .insert({
          key: setting.key,
          value: setting.value,
          changed_by: setting.changedBy,
          changed_at: setting.changedAt,
        })
        .onConflict("key")
        .merge();
    },
    async remove(key: string): Promise<void> {
      await db("policy_settings").where({ key }).delete();
    },
    async forRoom(roomId: string): Promise<StoredSetting[]> {
      return (await db("room_policy").where({ room_id: roomId }).orderBy("key")).map(toSetting);
    },
    async putForRoom(roomId: string, setting: StoredSetting): Promise<void> {
      await db("room_policy")
        .insert({
          room_id: roomId,
          key: setting.key,
          value: setting.value,
          changed_by: setting.changedBy,
          changed_at: setting.changedAt,
        })
        .onConflict(["room_id", "key"])
        .merge();
    },
    async removeForRoom(roomId: string, key: string): Promise<void> {
      await db("room_policy").where({ room_id: roomId, key }).delete();
    },
  };
}

export type PolicyRepository = ReturnType<typeof policyRepository>;
