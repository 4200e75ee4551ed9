import { isLocale, type Locale } from "../i18n/translate.js";
import type { Database } from "./database.js";

/** The language a room's moderators chose for what everyone in the room reads. */
export function roomLanguagesRepository(db: Database) {
  return {
    async get(roomId: string): Promise<Locale | undefined> {
      const row = (await db("room_languages").where({ room_id: roomId }).first()) as
        { locale: string } | undefined;
      // A value no catalogue knows (written by a newer Plenum) falls back to the default.
      return row && isLocale(row.locale) ? row.locale : undefined;
    },
    async set(roomId: string, locale: Locale, setBy: string, now: number): Promise<void> {
      await db("room_languages")
        .insert({ room_id: roomId, locale, set_by: setBy, updated_at: now })
        .onConflict("room_id")
        .merge({ locale, set_by: setBy, updated_at: now });
    },
    async clear(roomId: string): Promise<void> {
      await db("room_languages").where({ room_id: roomId }).delete();
    },
  };
}

export type RoomLanguagesRepository = ReturnType<typeof roomLanguagesRepository>;
