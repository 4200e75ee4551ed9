import { GUEST_TOKEN_LIMIT } from "../../bridge/http/guest.js";
import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("guest links through Jitsi's lobby, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let room: string;
  let conference: string;

  /** Asks for a guest link in the meeting room and returns its path on the bridge. */
  async function guestLink(options = ""): Promise<string> {
    const reply = await env.ask(alice, room, `!meet guest-link ${options}`.trim());
    const path = /http:\/\/127\.0\.0\.1(\/guest\/\S+)/.exec(reply)?.[1];
    if (!path) throw new Error(`no guest link in “${reply}”`);
    return path;
  }

  function join(path: string, name: unknown): Promise<Response> {
    return fetch(`${env.httpUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
  }

  function claimsOf(token: string) {
    return verifiedClaims(token, APP_SECRET, new Date(clock.now()));
  }

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { app_secret: APP_SECRET } },
      start: { clock, schedulerTimer: false },
    });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(alice, team, `!meet schedule "Council" tomorrow 10:00 with ${bob.userId}`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    room = meeting.roomId!;
    conference = meeting.conferenceName;
    await alice.client.joinRoom(room);
    await bob.client.joinRoom(room);
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("a guest link opens a page asking for the guest's name", async () => {
    const response = await fetch(`${env.httpUrl}${await guestLink()}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Council</h1>");
    expect(html).toContain("You will wait in the lobby");
  });

  test("a guest's name yields a lobby token: their name, a guest mark, no moderator, no lobby bypass", async () => {
    const response = await join(await guestLink("valid 2h"), "Erika Muster");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; room: string; url: string };
    const claims = await claimsOf(body.token);
    expect(claims).toMatchObject({ aud: "jitsi", sub: "meet.example.org", room: conference.toLowerCase() });
    expect(claims.context.user).toMatchObject({
      name: "Erika Muster",
      guest: "true",
      moderator: "false",
      affiliation: "member",
    });
    expect(claims.context.user).not.toHaveProperty("lobby_bypass");
    expect(body.url).toBe(`https://meet.example.org/${body.room}?jwt=${body.token}`);
  });

  test("a room member's call token bypasses the lobby", async () => {
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(room, bob.userId)) === "join",
      "Plenum to see bob's join",
    );
    const openId = await fetch(
      `${env.state.homeserver.url}/_matrix/client/v3/user/${encodeURIComponent(bob.userId)}/openid/request_token`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${bob.accessToken}`, "content-type": "application/json" },
        body: "{}",
      },
    );
    const response = await fetch(`${env.httpUrl}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: ((await openId.json()) as { access_token: string }).access_token,
        matrix_server_name: env.state.homeserver.serverName,
        room_id: room,
      }),
    });
    const claims = await claimsOf(((await response.json()) as { token: string }).token);
    expect(claims.context.user.lobby_bypass).toBe(true);
  });

  test("an empty or overlong name is refused", async () => {
    const path = await guestLink();
    expect((await join(path, "")).status).toBe(400);
    expect((await join(path, "x".repeat(65))).status).toBe(400);
    expect((await join(path, 42)).status).toBe(400);
  });

  test("too many token requests for one link from one address are refused with 429 and a time to wait", async () => {
    const path = await guestLink("valid 3h");
    for (let i = 0; i < GUEST_TOKEN_LIMIT.limit; i++) expect((await join(path, "Gast")).status).toBe(200);
    const limited = await join(path, "Gast");
    expect(limited.status).toBe(429);
    // The wait is what remains of the minute that began with the first request.
    const seconds = Number(limited.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({
      errcode: "M_LIMIT_EXCEEDED",
      error: `Too many attempts with this link. Please try again in ${seconds} seconds.`,
    });
    // Another link (here: another validity) has a count of its own.
    expect((await join(await guestLink("valid 4h"), "Gast")).status).toBe(200);
  });

  test("an expired link is refused", async () => {
    const path = await guestLink("valid 30m");
    clock.advance(31 * 60_000);
    try {
      const response = await join(path, "Late Guest");
      expect(response.status).toBe(410);
      expect(await response.json()).toMatchObject({ reason: "expired" });
    } finally {
      clock.set(MONDAY_9AM);
    }
  });

  test("revoking voids every earlier link, and a new link works again", async () => {
    const earlier = await guestLink();
    expect(await env.ask(alice, room, "!meet guest-link revoke")).toBe(
      "Every guest link for “Council” has been revoked.",
    );
    const response = await join(earlier, "Guest");
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ reason: "revoked" });
    expect((await join(await guestLink(), "Guest")).status).toBe(200);
  });

  test("a forged link gets the same answer as an unknown path", async () => {
    const path = await guestLink();
    const forged = `${path.slice(0, -3)}${path.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect((await join(forged, "Mallory")).status).toBe(404);
  });

  test("only moderators may hand out guest links", async () => {
    expect(await env.ask(bob, room, "!meet guest-link")).toBe(
      "You are not allowed to use “!meet guest-link” here.",
    );
  });

  test("with guest links turned off by policy, none is issued and earlier ones are refused", async () => {
    const earlier = await guestLink();
    await env.restartPlenum({ meetings: { guest_links: false } });
    expect(await env.ask(alice, room, "!meet guest-link")).toBe(
      "Guest links are turned off by the access policy.",
    );
    expect((await join(earlier, "Guest")).status).toBe(403);
  });
});
