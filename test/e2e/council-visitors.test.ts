import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("the audience of a public session watches through Jitsi's visitors mode, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let eve: TestUser;
  let room: string;
  let conference: string;
  let audience: string;

  async function tokenFor(user: TestUser, roomId: string): Promise<Response> {
    return fetch(`${env.httpUrl}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: await env.openIdToken(user),
        matrix_server_name: env.state.homeserver.serverName,
        room_id: roomId,
      }),
    });
  }

  async function userClaims(token: string): Promise<Record<string, unknown>> {
    const claims = await verifiedClaims(token, APP_SECRET, new Date(clock.now()));
    return { room: claims.room, ...claims.context.user };
  }

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { app_secret: APP_SECRET, visitors: true } },
      start: { clock, schedulerTimer: false },
    });
    alice = await env.createUser("alice");
    eve = await env.createUser("eve");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(alice, team, `!meet schedule "Council" 2026-11-23 09:30 for 1h`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    room = meeting.roomId!;
    conference = meeting.conferenceName;
    await alice.client.joinRoom(room);
    await env.ask(alice, room, "!meet public on");
    audience = (await env.plenum.meetingDeps.publicSessions.get(id))!.audienceRoomId;
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("the audience room carries Plenum's call widget for the meeting's conference", async () => {
    const widgets = await env.plenum.gateway.roomStateEvents(audience);
    const widget = widgets.find((e) => e.type === "im.vector.modular.widgets");
    expect(widget?.content).toMatchObject({
      type: "m.custom",
      url: expect.stringContaining("/widgets/call/"),
      data: { conferenceId: conference },
    });
  });

  test("a member of the audience room gets a viewer-only token for the meeting's conference", async () => {
    await eve.client.joinRoom(audience);
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(audience, eve.userId)) === "join",
      "Plenum to see eve join the audience room",
    );
    const response = await tokenFor(eve, audience);
    expect(response.status).toBe(200);
    const claims = await userClaims(((await response.json()) as { token: string }).token);
    expect(claims).toMatchObject({
      room: conference.toLowerCase(),
      id: eve.userId,
      role: "visitor",
      moderator: "false",
      affiliation: "member",
    });
    expect(claims).not.toHaveProperty("lobby_bypass");
  });

  test("someone who has not joined the audience room gets no token", async () => {
    const mallory = await env.createUser("mallory");
    expect((await tokenFor(mallory, audience)).status).toBe(403);
  });

  test("once the session is no longer public, the audience gets no more tokens", async () => {
    await env.ask(alice, room, "!meet public off");
    const response = await tokenFor(eve, audience);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ reason: "session_over" });
  });
});
