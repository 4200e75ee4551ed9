import { randomBytes } from "node:crypto";
import type { Database } from "./database.js";

/** A user's calendar feed link: its secret token, when it was made and until when it works (epoch ms). */
export interface CalendarFeed {
  token: string;
  createdAt: number;
  /** null: until the user resets it or turns it off. */
  expiresAt: number | null;
}

type Row = Record<string, unknown>;

function toFeed(row: Row): CalendarFeed {
  return {
    token: String(row.token),
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null || row.expires_at === undefined ? null : Number(row.expires_at),
  };
}

const works = (feed: CalendarFeed, now: number) => feed.expiresAt === null || feed.expiresAt > now;

/**
 * Secret tokens for private calendar feed URLs; one per user, replaced on reset, removed when the user
 * turns the feed off. `lifetimeMs` (http.calendar_feed_days) gives new tokens an expiry.
 */
export function calendarTokensRepository(db: Database) {
  async function issue(userId: string, now: number, lifetimeMs?: number): Promise<CalendarFeed> {
    const feed = {
      token: randomBytes(24).toString("base64url"),
      createdAt: now,
      expiresAt: lifetimeMs === undefined ? null : now + lifetimeMs,
    };
    await db.transaction(async (trx) => {
      await trx("calendar_tokens").where({ user_id: userId }).delete();
      await trx("calendar_tokens").insert({
        token: feed.token,
        user_id: userId,
        created_at: feed.createdAt,
        expires_at: feed.expiresAt,
      });
    });
    return feed;
  }
  async function feedOf(userId: string): Promise<CalendarFeed | undefined> {
    const row = (await db("calendar_tokens").where({ user_id: userId }).first()) as Row | undefined;
    return row ? toFeed(row) : undefined;
  }
  return {
    /** A new feed for the user; the previous link stops working. */
    reset: issue,
    /** The user's feed as it is, if they have one (expired or not). */
    feedOf,
    /** The user's working feed, made on first use and anew once the old one has expired. */
    async feedFor(userId: string, now: number, lifetimeMs?: number): Promise<CalendarFeed> {
      const feed = await feedOf(userId);
      return feed && works(feed, now) ? feed : issue(userId, now, lifetimeMs);
    },
    /** Turns the user's feed off; false if they had none. */
    async revoke(userId: string): Promise<boolean> {
      return (await db("calendar_tokens").where({ user_id: userId }).delete()) > 0;
    },
    /** The user a token belongs to, while it works. */
    async userFor(token: string, now: number): Promise<string | undefined> {
      const row = (await db("calendar_tokens").where({ token }).first()) as Row | undefined;
      return row && works(toFeed(row), now) ? String(row.user_id) : undefined;
    },
  };
}

export type CalendarTokensRepository = ReturnType<typeof calendarTokensRepository>;
