import {
  calendarTokensRepository,
  type CalendarTokensRepository,
} from "../../core/storage/calendar-tokens.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const ALICE = "@alice:example.org";
const DAY_MS = 86_400_000;
const NOW = Date.parse("2026-12-04T12:00:00Z");

describe.each(databaseKinds())("calendar feed tokens on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let tokens: CalendarTokensRepository;

  beforeEach(() => {
    tokens = calendarTokensRepository(db());
  });

  test("a feed made without a lifetime works until it is reset", async () => {
    const feed = await tokens.feedFor(ALICE, NOW);
    expect(feed).toMatchObject({ createdAt: NOW, expiresAt: null });
    expect(await tokens.feedFor(ALICE, NOW + 1000 * DAY_MS)).toEqual(feed);
    expect(await tokens.userFor(feed.token, NOW + 1000 * DAY_MS)).toBe(ALICE);
  });

  test("an expired feed names no user, and asking for the feed then makes a new one", async () => {
    const feed = await tokens.feedFor(ALICE, NOW, 30 * DAY_MS);
    expect(feed.expiresAt).toBe(NOW + 30 * DAY_MS);
    expect(await tokens.userFor(feed.token, NOW + 30 * DAY_MS - 1)).toBe(ALICE);
    expect(await tokens.userFor(feed.token, NOW + 30 * DAY_MS)).toBeUndefined();
    const renewed = await tokens.feedFor(ALICE, NOW + 30 * DAY_MS, 30 * DAY_MS);
    expect(renewed.token).not.toBe(feed.token);
    expect(await tokens.userFor(renewed.token, NOW + 30 * DAY_MS)).toBe(ALICE);
  });

  test("a reset replaces the token, and switching the feed off removes it", async () => {
    const first = await tokens.feedFor(ALICE, NOW);
    const second = await tokens.reset(ALICE, NOW);
    expect(await tokens.userFor(first.token, NOW)).toBeUndefined();
    expect(await tokens.feedOf(ALICE)).toEqual(second);
    expect(await tokens.revoke(ALICE)).toBe(true);
    expect(await tokens.userFor(second.token, NOW)).toBeUndefined();
    expect(await tokens.feedOf(ALICE)).toBeUndefined();
    expect(await tokens.revoke(ALICE)).toBe(false);
  });
});
