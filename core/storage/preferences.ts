import type { Locale } from "../i18n/translate.js";
import type { Database } from "./database.js";

export interface UserPreferences {
  locale?: Locale;
  timezone?: string;
}

/** Per-user language and time zone, set with `!meet lang` and `!meet tz`. */
export function preferencesRepository(db: Database) {
  async function upsert(userId: string, values: Record<string, string>, now: number): Promise<void> {
    await db("user_preferences")
      .insert({ user_id: userId, ...values, updated_at: now })
      .onConflict("user_id")
      .merge({ ...values, updated_at: now });
  }
  return {
    async get(userId: string): Promise<UserPreferences> {
      const row = await db("user_preferences").where({ user_id: userId }).first();
      return { locale: row?.locale ?? undefined, timezone: row?.timezone ?? undefined };
    },
    setLocale: (userId: string, locale: Locale, now: number) => upsert(userId, { locale }, now),
    setTimezone: (userId: string, timezone: string, now: number) => upsert(userId, { timezone }, now),
  };
}

export type PreferencesRepository = ReturnType<typeof preferencesRepository>;
