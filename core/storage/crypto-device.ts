import type { Database } from "./database.js";

/** The lease that says which instance holds the bot's device (see core/matrix/crypto-host.ts). */
export const DEVICE_LEASE = "crypto-device";
/** Rows per statement, well below the bound parameters a statement may carry. */
const BATCH = 200;

export interface DeviceRecord {
  deviceId: string;
  /** How the store key is derived (JSON); absent for a device of the in-memory era. */
  storeHeader?: string;
}

export interface StoreRow {
  id: string;
  payload: Buffer;
}

export interface StoreChange {
  put: StoreRow[];
  remove: string[];
  /** Names the device the store now belongs to (its first write). */
  device?: { userId: string; deviceId: string; storeHeader: string; now: number };
}

/** The device lease has passed to another holder: this instance must stop using the device. */
export class DeviceLeaseLostError extends Error {
  constructor(readonly holder: string) {
    super(`the bot's device is no longer held by ${holder}`);
    this.name = "DeviceLeaseLostError";
  }
}

/** What Plenum keeps about the bot's crypto device: which one it is, its sealed store, its notices. */
export function cryptoDeviceRepository(db: Database) {
  const postgres = db.client.config.client === "pg";

  return {
    async device(userId: string): Promise<DeviceRecord | undefined> {
      const row = await db("crypto_device").where({ user_id: userId }).first();
      if (!row) return undefined;
      return {
        deviceId: String(row.device_id),
        ...(row.store_header ? { storeHeader: String(row.store_header) } : {}),
      };
    },

    async storeRows(): Promise<StoreRow[]> {
      const rows = await db("crypto_store").select("id", "payload");
      return rows.map((row) => ({ id: String(row.id), payload: Buffer.from(row.payload as Uint8Array) }));
    },

    /**
     * Writes in one transaction, and only while `holder` holds the device lease: the lease row is
     * locked first, so an instance taking the device over waits for this write or sees it refused.
     */
    async write(holder: string, change: StoreChange): Promise<void> {
      await db.transaction(async (trx) => {
        const query = trx("leader_leases").where({ name: DEVICE_LEASE });
        const lease = await (postgres ? query.forUpdate() : query).first();
        if (lease?.holder !== holder) throw new DeviceLeaseLostError(holder);
        if (change.device) {
          const { userId, deviceId, storeHeader, now } = change.device;
          await trx("crypto_device")
            .insert({ user_id: userId, device_id: deviceId, store_header: storeHeader, created_at: now })
            .onConflict("user_id")
            .merge();
        }
        for (let start = 0; start < change.remove.length; start += BATCH)
          await trx("crypto_store")
            .whereIn("id", change.remove.slice(start, start + BATCH))
            .delete();
        for (let start = 0; start < change.put.length; start += BATCH)
          await trx("crypto_store")
            .insert(change.put.slice(start, start + BATCH))
            .onConflict("id")
            .merge();
      });
    },

    /**
     * Forgets the device and its whole store (lost, or its key lost), while `holder` holds the
     * lease; the next start makes a new device and tells the rooms. Returns the retired device.
     */
    async retire(holder: string, userId: string, now: number): Promise<string | undefined> {
      return db.transaction(async (trx) => {
        const query = trx("leader_leases").where({ name: DEVICE_LEASE });
        const lease = await (postgres ? query.forUpdate() : query).first();
        if (lease?.holder !== holder) throw new DeviceLeaseLostError(holder);
        const row = await trx("crypto_device").where({ user_id: userId }).first();
        await trx("crypto_store").delete();
        await trx("crypto_device").where({ user_id: userId }).delete();
        if (!row) return undefined;
        await trx("crypto_devices_replaced")
          .insert({ device_id: row.device_id, replaced_at: now })
          .onConflict("device_id")
          .ignore();
        return String(row.device_id);
      });
    },

    /** Retired devices whose rooms have not been told yet. */
    async unannouncedReplacements(): Promise<string[]> {
      const rows = await db("crypto_devices_replaced").whereNull("announced_at").orderBy("replaced_at");
      return rows.map((row) => String(row.device_id));
    },

    async markAnnounced(deviceIds: string[], now: number): Promise<void> {
      await db("crypto_devices_replaced").whereIn("device_id", deviceIds).update({ announced_at: now });
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
