import { randomBytes } from "node:crypto";
import type { Database } from "./database.js";

/** Secret tokens for private calendar feed URLs; one per user, replaced on reset. */
export function calendarTokensRepository(db: Database) {
  async function issue(userId: string, now: number): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    await db.transaction(async (trx) => {
      await trx("calendar_tokens").where({ user_id: userId }).delete();
      await trx("calendar_tokens").insert({ token, user_id: userId, created_at: now });
    });
    return token;
  }
  return {
    /** A new token for the user; the previous one stops working. */
    reset: issue,
    /** The user's token, made on first use. */
    async tokenFor(userId: string, now: number): Promise<string> {
      const row = await db("calendar_tokens").where({ user_id: userId }).first();
      return row ? String(row.token) : issue(userId, now);
    },
    async userFor(token: string): Promise<string | undefined> {
      const row = await db("calendar_tokens").where({ token }).first();
      return row ? String(row.user_id) : undefined;
    },
  };
}

export type CalendarTokensRepository = ReturnType<typeof calendarTokensRepository>;
