import { calendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const DAY_MS = 86_400_000;
const REFUSED = "!admin commands are only accepted as new messages";

/** Each user's one calendar feed, with `http.calendar_feed_days: 30`: what the user and the admins see of it. */
describe("calendar feeds that expire, listed and revoked per user, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let adminRoom: string;
  let aliceChat: string;
  let bobChat: string;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      start: { clock, schedulerTimer: false },
      config: { http: { calendar_feed_days: 30 } },
    });
    [admin, alice, bob] = (await env.createUsers("admin", "alice", "bob")) as [TestUser, TestUser, TestUser];
    adminRoom = await env.roomWithBot(admin, "Admins");
    aliceChat = await env.roomWithBot(alice, "Alice and Plenum");
    bobChat = await env.roomWithBot(bob, "Bob and Plenum");
    await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
  });

  afterAll(async () => {
    await env?.stop();
  });

  const tokens = () => calendarTokensRepository(env.plenum.db);

  /** The user's feed as stored, made now with the configured 30 days if they have none. */
  const feedOf = (user: TestUser) => tokens().feedFor(user.userId, clock.now(), 30 * DAY_MS);

  const feedStatus = async (token: string) => (await fetch(`${env.httpUrl}/calendar/${token}.ics`)).status;

  test("!meet calendar says when the feed was made and until which date it works, and stores an expiry 30 days out", async () => {
    const body = await env.ask(alice, aliceChat, "!meet calendar");
    const stored = (await tokens().feedOf(alice.userId))!;
    expect(body).toBe(
      `Your private calendar feed with all your meetings (keep this link to yourself): http://127.0.0.1/calendar/${stored.token}.ics\n` +
        "Made on Nov 23, 2026, it works until Dec 23, 2026. Add it to your calendar app as a subscription. " +
        "!meet calendar reset makes a new link and switches this one off; !meet calendar off switches it off.",
    );
    expect(stored).toEqual({
      token: stored.token,
      createdAt: MONDAY_9AM,
      expiresAt: MONDAY_9AM + 30 * DAY_MS,
    });
  });

  test("!admin calendar shows when a user's feed was made and until when it works, never its link", async () => {
    const feed = await feedOf(alice);
    const reply = await env.ask(admin, adminRoom, `!admin calendar ${alice.userId}`);
    expect(reply).toBe(
      `${alice.userId} has a calendar feed link, made on 2026-11-23 09:00; it works until 2026-12-23 09:00. ` +
        `!admin calendar ${alice.userId} off switches it off.`,
    );
    expect(reply).not.toContain(feed.token);
  });

  test("a feed made before feeds expired works until it is reset or switched off, as the user and the admin are told", async () => {
    await tokens().feedFor(bob.userId, clock.now());
    expect(await env.ask(bob, bobChat, "!meet calendar")).toContain(
      "Made on Nov 23, 2026, it works until you reset it or switch it off.",
    );
    expect(await env.ask(admin, adminRoom, `!admin calendar ${bob.userId}`)).toBe(
      `${bob.userId} has a calendar feed link, made on 2026-11-23 09:00; it works until it is reset or switched off. ` +
        `!admin calendar ${bob.userId} off switches it off.`,
    );
  });

  test("an admin switches a user's feed off: its URL then gets 404, the change is audited, and the user has no feed", async () => {
    const feed = await feedOf(alice);
    expect(await feedStatus(feed.token)).toBe(200);
    expect(await env.ask(admin, adminRoom, `!admin calendar ${alice.userId} off`)).toBe(
      `Switched off the calendar feed link of ${alice.userId}: it no longer works. They can make a new one with !meet calendar.`,
    );
    expect(await feedStatus(feed.token)).toBe(404);
    const audited = await env.plenum.db("audit_log").where({ action: "calendar_off", target: alice.userId });
    expect(audited.map((row) => row.actor)).toEqual([admin.userId]);
    expect(await env.ask(admin, adminRoom, `!admin calendar ${alice.userId}`)).toBe(
      `${alice.userId} has no calendar feed link.`,
    );
  });

  test("someone who is not an admin may not switch another user's feed off", async () => {
    const feed = await feedOf(alice);
    expect(await env.ask(bob, bobChat, `!admin calendar ${alice.userId} off`)).toMatch(REFUSED);
    expect(await feedStatus(feed.token)).toBe(200);
  });

  test("!admin calendar with a malformed user or an unknown action says what is wrong and changes nothing", async () => {
    const feed = await feedOf(alice);
    expect(await env.ask(admin, adminRoom, "!admin calendar alice off")).toBe(
      "“alice” is not a user id such as @jane:example.org.",
    );
    expect(await env.ask(admin, adminRoom, `!admin calendar ${alice.userId} reset`)).toBe(
      "“reset” is not a calendar action. Use: !admin calendar <user> off",
    );
    expect(await feedStatus(feed.token)).toBe(200);
  });
});
