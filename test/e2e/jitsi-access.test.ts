import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const UVS_TOKEN = "uvs-bearer-token-for-tests-0123";

describe("verified call access against the real homeserver's OpenID endpoint", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let roomId: string;
  let conference: string;
  let team: string;
  let meetingId: string;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      config: {
        jitsi: { app_secret: APP_SECRET, uvs_token: UVS_TOKEN, dial_in_numbers: { DE: ["+49 611 000000"] } },
      },
    });
    [alice, bob, mallory] = [
      await env.createUser("alice"),
      await env.createUser("bob"),
      await env.createUser("mallory"),
    ];
    team = await env.roomWithBot(alice, "Team");
    const eventId = await env.say(alice, team, `!meet schedule "Call" tomorrow 10:00 with ${bob.userId}`);
    const reply = String((await env.replyTo(alice, team, eventId)).getContent().body);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    meetingId = id;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    roomId = meeting.roomId!;
    conference = meeting.conferenceName;
    await alice.client.joinRoom(roomId);
    await bob.client.joinRoom(roomId);
    await env.eventually(async () => (await membership(bob)) === "join", "Plenum to see bob's join");
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function membership(user: TestUser): Promise<string | undefined> {
    return env.plenum
      .db("room_state")
      .where({ room_id: roomId, type: "m.room.member", state_key: user.userId })
      .first()
      .then((row) => (row ? JSON.parse(row.content).membership : undefined));
  }

  function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${env.httpUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  }

  async function callToken(user: TestUser, overrides: Record<string, unknown> = {}): Promise<Response> {
    return post("/api/v1/jitsi/token", {
      openid_token: await env.openIdToken(user),
      matrix_server_name: env.state.homeserver.serverName,
      room_id: roomId,
      ...overrides,
    });
  }

  test("a joined member gets a Jitsi token whose claims are exactly right and verify with the configured key", async () => {
    const response = await callToken(bob);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expires_in: number; room: string };
    const claims = await verifiedClaims(body.token, APP_SECRET);
    expect(claims).toMatchObject({
      aud: "jitsi",
      iss: "plenum",
      sub: "meet.example.org",
      room: conference.toLowerCase(),
      context: { user: { id: bob.userId, moderator: "false", affiliation: "member" } },
    });
    expect(claims.exp - claims.iat).toBe(300);
    expect(body.expires_in).toBe(300);
  });

  test("the organizer, at power level 100, gets a moderator token", async () => {
    const body = (await (await callToken(alice)).json()) as { token: string };
    expect((await verifiedClaims(body.token, APP_SECRET)).context).toMatchObject({
      user: { id: alice.userId, moderator: "true", affiliation: "owner" },
    });
  });

  test("a user who is not in the room is refused without learning whether the room exists", async () => {
    const inRoom = await callToken(mallory);
    const nowhere = await callToken(mallory, { room_id: "!doesnotexist:localhost" });
    expect(inRoom.status).toBe(403);
    expect(await inRoom.json()).toEqual(await nowhere.json());
  });

  test("a garbage OpenID token is refused as invalid", async () => {
    const response = await callToken(bob, { openid_token: "garbage" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: "invalid_token" });
  });

  test("a token said to come from another homeserver is refused", async () => {
    const response = await callToken(bob, { matrix_server_name: "elsewhere.example" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ reason: "wrong_server" });
  });

  test("the verification endpoints refuse a request without the bearer token", async () => {
    const response = await post("/verify/user_in_room", {
      token: "x",
      room_id: roomId,
      matrix_server_name: "localhost",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({});
  });

  test("verify/user_in_room answers the upstream service's shape for a member", async () => {
    const response = await post(
      "/verify/user_in_room",
      {
        token: await env.openIdToken(bob),
        room_id: roomId,
        matrix_server_name: env.state.homeserver.serverName,
      },
      { authorization: `Bearer ${UVS_TOKEN}` },
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      results: { user: true, room_membership: true },
      user_id: bob.userId,
      power_levels: { user: 0 },
    });
    expect((body.power_levels as { room: Record<string, unknown> }).room.users).toBeUndefined();
  });

  test("verify/user_in_room answers room_membership false for a non-member and null for a bad token", async () => {
    const auth = { authorization: `Bearer ${UVS_TOKEN}` };
    const outsider = await post(
      "/verify/user_in_room",
      { token: await env.openIdToken(mallory), room_id: roomId, matrix_server_name: "localhost" },
      auth,
    );
    expect(await outsider.json()).toEqual({
      results: { user: true, room_membership: false },
      user_id: mallory.userId,
      power_levels: null,
    });
    const bad = await post(
      "/verify/user_in_room",
      { token: "nope", room_id: roomId, matrix_server_name: "localhost" },
      auth,
    );
    expect(await bad.json()).toEqual({
      results: { user: false, room_membership: null },
      user_id: null,
      power_levels: null,
    });
  });

  test("verify/user answers with the user id for a valid token", async () => {
    const response = await post(
      "/verify/user",
      { token: await env.openIdToken(bob), matrix_server_name: "localhost" },
      { authorization: `Bearer ${UVS_TOKEN}` },
    );
    expect(await response.json()).toEqual({ results: { user: true }, user_id: bob.userId });
  });

  test("the conference mapper gives a stable PIN and maps it back", async () => {
    const jid = `${conference.toLowerCase()}@conference.meet.example.org`;
    const first = (await (
      await fetch(`${env.httpUrl}/api/v1/jitsi/conference-mapper?conference=${encodeURIComponent(jid)}`)
    ).json()) as { id: number; conference: string };
    const again = (await (
      await fetch(`${env.httpUrl}/api/v1/jitsi/conference-mapper?conference=${encodeURIComponent(jid)}`)
    ).json()) as { id: number };
    expect(first.conference).toBe(jid);
    expect(again.id).toBe(first.id);
    const back = (await (
      await fetch(`${env.httpUrl}/api/v1/jitsi/conference-mapper?id=${first.id}`)
    ).json()) as { conference: string };
    expect(back.conference).toBe(jid);
  });

  test("the dial-in number and PIN appear in the welcome message, !meet info and the calendar, as the mapper knows them", async () => {
    const jid = `${conference.toLowerCase()}@conference.meet.example.org`;
    const mapped = (await (
      await fetch(`${env.httpUrl}/api/v1/jitsi/conference-mapper?conference=${encodeURIComponent(jid)}`)
    ).json()) as { id: number };
    const pin = String(mapped.id).replace(/^(\d{4})(\d{4})(\d{2})$/, "$1 $2 $3");
    const line = `Dial-in: +49 611 000000 (DE), PIN ${pin}`;
    const welcome = await env.waitForMessage(roomId, "Welcome to “Call”");
    expect(String(welcome.content.body)).toContain(line);
    const eventId = await env.say(alice, team, `!meet info ${meetingId}`);
    expect(String((await env.replyTo(alice, team, eventId)).getContent().body)).toContain(line);
    const tokenEvent = await env.say(alice, team, "!meet calendar");
    await env.replyTo(alice, team, tokenEvent);
    const row = await env.plenum.db("calendar_tokens").where({ user_id: alice.userId }).first();
    const ics = await (await fetch(`${env.httpUrl}/calendar/${row.token}.ics`)).text();
    expect(ics.replace(/\r\n[ \t]/g, "")).toContain(line.replace(/,/g, "\\,"));
  });

  test("an unknown PIN gets 404 with conference false", async () => {
    const response = await fetch(`${env.httpUrl}/api/v1/jitsi/conference-mapper?id=1234567890`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ id: 1234567890, conference: false });
  });

  test("dial-in numbers are served in the format jitsi-meet's dialInNumbersUrl expects", async () => {
    const numbers = await (await fetch(`${env.httpUrl}/api/v1/jitsi/dial-in-numbers`)).json();
    expect(numbers).toEqual([
      { countryCode: "DE", tollFree: false, formattedNumber: "+49 611 000000", default: true },
    ]);
  });

  test("a user kicked from the room gets no token as soon as Plenum sees the kick", async () => {
    await alice.client.kick(roomId, bob.userId, "test");
    await env.eventually(async () => (await membership(bob)) === "leave", "Plenum to see bob's kick");
    const response = await callToken(bob);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ reason: "not_a_member" });
  });

  test("no OpenID or Jitsi token appears in the logs", () => {
    const logs = env.logLines.join("");
    expect(logs).not.toContain(APP_SECRET);
    expect(logs).not.toContain(UVS_TOKEN);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
