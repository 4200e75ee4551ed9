import type { ConfigSlice } from "../config/slice.js";
import type { Locale } from "../i18n/translate.js";
import type { RoomLanguagesRepository } from "../storage/room-languages.js";

export interface RoomLanguageDeps {
  roomLanguages: Pick<RoomLanguagesRepository, "get">;
  config: ConfigSlice<{ i18n: "locale" }>;
}

/**
 * The language of what everyone in a room reads (reminders, call activity, change notices): the one
 * its moderators chose, else the configured default. Replies to one person follow that person instead.
 */
export async function roomLocale(deps: RoomLanguageDeps, roomId: string): Promise<Locale> {
  return (await deps.roomLanguages.get(roomId)) ?? deps.config.i18n.locale;
}
