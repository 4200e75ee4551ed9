import type { ClockUser } from "../support/clock-user.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const UVS_TOKEN = "uvs-bearer-token-for-tests-0123";
/** Ten years ahead: what a remote server may stamp on its events. */
const FAR_FUTURE = Date.now() + 10 * 365 * 24 * 3600_000;

/**
 * Issue #15 (1, 2, 9): Plenum follows the homeserver's order, never the origin_server_ts a sender
 * chose. The clock user sends with `?ts=`, which Synapse honours for appservice users exactly as it
 * takes a remote server's timestamp.
 */
describe("membership and commands follow the homeserver's order, not a sender's clock", () => {
  let env: TestEnv;
  let alice: TestUser;
  let admin: TestUser;
  let adminRoom: string;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { app_secret: "jitsi-app-secret-for-tests-0123", uvs_token: UVS_TOKEN } },
    });
    alice = await env.createUser("alice");
    admin = await env.createUser("admin");
    adminRoom = await env.roomWithBot(admin, "Admins");
    await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** A room of `owner` with the bot and a clock user whose join was stamped ten years ahead. */
  async function roomWithFutureMember(owner: TestUser, roomId?: string): Promise<[string, ClockUser]> {
    const room = roomId ?? (await env.roomWithBot(owner));
    const member = await env.createClockUser("far");
    await owner.client.invite(room, member.userId);
    await env.handled(await member.join(room, FAR_FUTURE), "Plenum to handle the far-future join");
    return [room, member];
  }

  async function callToken(member: ClockUser, roomId: string): Promise<Response> {
    return env.callToken(await member.openIdToken(), roomId);
  }

  async function userInRoom(member: ClockUser, roomId: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${env.httpUrl}/verify/user_in_room`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${UVS_TOKEN}` },
      body: JSON.stringify({
        token: await member.openIdToken(),
        room_id: roomId,
        matrix_server_name: env.state.homeserver.serverName,
      }),
    });
    return ((await response.json()) as { results: Record<string, unknown> }).results;
  }

  /** Bans `userId` as `owner` and resolves once Plenum has handled the ban. */
  async function ban(owner: TestUser, roomId: string, userId: string): Promise<void> {
    await owner.client.ban(roomId, userId, "testing the ban");
    await env.handled(await env.memberEventId(owner, roomId, userId, "ban"), "Plenum to handle the ban");
  }

  test("a member whose join was stamped far in the future gets a call token until the ban", async () => {
    const [roomId, member] = await roomWithFutureMember(alice);
    expect((await callToken(member, roomId)).status).toBe(200);
  });

  test("a ban after a join stamped far in the future takes effect: no call token", async () => {
    const [roomId, member] = await roomWithFutureMember(alice);
    await ban(alice, roomId, member.userId);
    expect(await env.plenum.meetingDeps.roomState.membership(roomId, member.userId)).toBe("ban");
    expect((await callToken(member, roomId)).status).toBe(403);
  });

  test("a ban after a join stamped far in the future takes effect: the room verification says not a member", async () => {
    const [roomId, member] = await roomWithFutureMember(alice);
    await ban(alice, roomId, member.userId);
    expect(await userInRoom(member, roomId)).toMatchObject({ user: true, room_membership: false });
  });

  /** Whether the call token `member` gets for the room is a Jitsi moderator's. */
  async function moderatorToken(member: ClockUser, roomId: string): Promise<unknown> {
    const { token } = (await (await callToken(member, roomId)).json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as {
      context: { user: { moderator: unknown } };
    };
    return claims.context.user.moderator;
  }

  /** The room's power levels with `userId` at `level`. */
  async function powerLevelsWith(roomId: string, userId: string, level: number) {
    const current = (await env.plenum.gateway.getState(roomId, "m.room.power_levels", ""))!;
    const users = { ...(current.users as Record<string, number>), [userId]: level };
    return { ...current, users };
  }

  test("a moderator's power granted by an event stamped far in the future ends when an admin lowers it", async () => {
    const [roomId, member] = await roomWithFutureMember(alice);
    const [, granter] = await roomWithFutureMember(alice, roomId);
    await alice.client.sendStateEvent(
      roomId,
      "m.room.power_levels" as never,
      (await powerLevelsWith(roomId, granter.userId, 100)) as never,
      "",
    );
    const grant = await granter.sendState(
      roomId,
      "m.room.power_levels",
      "",
      await powerLevelsWith(roomId, member.userId, 50),
      FAR_FUTURE,
    );
    await env.handled(grant, "Plenum to handle the far-future grant");
    expect(await moderatorToken(member, roomId)).toBe("true");
    const { event_id: lowered } = await alice.client.sendStateEvent(
      roomId,
      "m.room.power_levels" as never,
      (await powerLevelsWith(roomId, member.userId, 0)) as never,
      "",
    );
    await env.handled(lowered, "Plenum to handle the lowered power");
    expect(await moderatorToken(member, roomId)).toBe("false");
  });

  test("a message stamped far in the future does not silence the bot in its room", async () => {
    const [roomId, member] = await roomWithFutureMember(alice);
    await env.handled(await member.say(roomId, "hello from the future", FAR_FUTURE));
    expect(await env.ask(alice, roomId, "!meet help")).toMatch(/^Plenum: !meet commands/);
  });

  test("a message stamped far in the future does not silence the bot in the admin room", async () => {
    const [, member] = await roomWithFutureMember(admin, adminRoom);
    await env.handled(await member.say(adminRoom, "hello from the future", FAR_FUTURE));
    expect(await env.ask(admin, adminRoom, "!meet help")).toMatch(/^Plenum: !meet commands/);
  });
});
