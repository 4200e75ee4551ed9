import { openDatabase } from "../../core/storage/database.js";
import { roomStateRepository } from "../../core/storage/room-state.js";
import { translate } from "../../core/i18n/translate.js";
import { registerUser, type RegisteredUser } from "../../scripts/synapse-admin.js";
import { startFederation, type Federation } from "../support/federation.js";
import { meetingNamedIn } from "../support/meeting-scene.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/**
 * Issue #15, items 3 and 7, on two real Synapses that federate: users of another server named like
 * the bot, and invites to the bot from other servers.
 */

const LOCALPART = "plenum_fed";
const LOOKALIKES = [LOCALPART, `${LOCALPART}_x`];
const ADMIN = "@admin:example.org";

describe("users and invites from another homeserver", () => {
  let federation: Federation;
  let env: TestEnv;
  let alice: TestUser;
  let team: string;
  const partnerUsers = new Map<string, RegisteredUser>();

  beforeAll(async () => {
    federation = await startFederation(LOCALPART);
    env = await TestEnv.start({
      homeserver: federation.home,
      config: { access: { open_join_rules: ["public"], remote_invites_per_hour: 2 } },
    });
    alice = await env.createUser("alice");
    team = await env.roomWithBot(alice);
    for (const name of [...LOOKALIKES, "carol"])
      partnerUsers.set(name, await registerUser(federation.partner, name));
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
    await federation?.stop();
  });

  const partnerName = () => federation.partner.serverName;

  /** A client-server API call on the partner's homeserver as `user`. */
  async function onPartner(
    user: RegisteredUser,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${federation.partner.url}/_matrix/client/v3${path}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${method} ${path} on the partner: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A meeting room alice organizes, opened to anyone (the policy allows `public`). */
  async function publicMeetingRoom(): Promise<string> {
    const eventId = await env.say(alice, team, '!meet schedule "Open door" tomorrow 10:00');
    const { roomId } = await meetingNamedIn(env, await env.replyTo(alice, team, eventId));
    await alice.client.joinRoom(roomId);
    await alice.client.sendStateEvent(
      roomId,
      "m.room.join_rules" as never,
      { join_rule: "public" } as never,
      "",
    );
    await env.eventually(
      async () =>
        (await env.plenum.meetingDeps.roomState.get(roomId, "m.room.join_rules", ""))?.join_rule === "public",
      "Plenum to see the meeting room opened",
    );
    return roomId;
  }

  /** A breakout room of a live meeting alice organizes, opened to anyone as its meeting room is. */
  async function publicBreakoutRoom(): Promise<string> {
    const meetingRoom = await publicMeetingRoom();
    const meetings = env.plenum.meetingDeps.meetings;
    const meeting = (await meetings.byRoomId(meetingRoom))!;
    // Breakout rooms are opened in live meetings; the meeting's start is not waited for.
    await meetings.update({ ...meeting, status: "live" });
    expect(await env.ask(alice, meetingRoom, `!meet breakout "Side" ${alice.userId}`)).toMatch(
      /^Opened 1 breakout room/,
    );
    const [breakout] = await env.plenum.meetingDeps.breakouts.open(meeting.id);
    await alice.client.joinRoom(breakout!.roomId);
    await alice.client.sendStateEvent(
      breakout!.roomId,
      "m.room.join_rules" as never,
      { join_rule: "public" } as never,
      "",
    );
    await env.eventually(
      async () =>
        (await env.plenum.meetingDeps.roomState.get(breakout!.roomId, "m.room.join_rules", ""))?.join_rule ===
        "public",
      "Plenum to see the breakout room opened",
    );
    return breakout!.roomId;
  }

  /** The partner's user joins a room of Plenum's homeserver over federation. */
  async function joinFromPartner(name: string, roomId: string): Promise<RegisteredUser> {
    const user = partnerUsers.get(name)!;
    const via = encodeURIComponent(federation.home.homeserver.serverName);
    await onPartner(user, "POST", `/join/${encodeURIComponent(roomId)}?server_name=${via}`, {});
    return user;
  }

  async function waitUntilRemoved(roomId: string, userId: string): Promise<Record<string, unknown>> {
    let member: Record<string, unknown> | undefined;
    await env.eventually(
      async () => {
        member = await env.plenum.gateway.getState(roomId, "m.room.member", userId);
        return member?.membership === "leave";
      },
      `${userId} to be removed from ${roomId}`,
      30_000,
    );
    return member!;
  }

  describe("a user of another server named like the bot", () => {
    test.each(LOOKALIKES)("@%s who joins a meeting room is removed by the member guard", async (name) => {
      const roomId = await publicMeetingRoom();
      const user = await joinFromPartner(name, roomId);
      expect(await waitUntilRemoved(roomId, user.userId)).toMatchObject({
        reason: translate("en", "guard.removed_server", { server: partnerName() }),
      });
    });

    test.each(LOOKALIKES)("@%s who joins a breakout room is removed by the member guard", async (name) => {
      const roomId = await publicBreakoutRoom();
      const user = await joinFromPartner(name, roomId);
      expect(await waitUntilRemoved(roomId, user.userId)).toMatchObject({
        reason: translate("en", "guard.removed_server", { server: partnerName() }),
      });
    });

    test.each(LOOKALIKES)(
      "@%s whose join an earlier Plenum stored unjudged is removed at start-up",
      async (name) => {
        const roomId = await publicMeetingRoom();
        await env.plenum.stop();
        const user = await joinFromPartner(name, roomId);
        // Plenum before issue #15 took the user for its own: it stored the join and judged nothing.
        const db = openDatabase(env.config.database.url);
        try {
          const copy = roomStateRepository(db);
          const upTo = await copy.streamPosition();
          await copy.replace(roomId, (await env.plenum.gateway.roomStateEvents(roomId)) as never, upTo);
        } finally {
          await db.destroy();
        }
        // Judged before the appservice listener opens: removed by the time Plenum has started.
        await env.startPlenum();
        expect(await env.plenum.gateway.getState(roomId, "m.room.member", user.userId)).toMatchObject({
          membership: "leave",
          reason: translate("en", "guard.removed_server", { server: partnerName() }),
        });
      },
    );
  });

  describe("an invite to the bot from another server", () => {
    const policy = () => env.plenum.meetingDeps.policy;

    /** carol, on the partner, makes a room and invites the bot; returns the room. */
    async function inviteBot(): Promise<string> {
      const created = await onPartner(partnerUsers.get("carol")!, "POST", "/createRoom", {
        preset: "private_chat",
        invite: [env.botUserId],
      });
      return String(created.room_id);
    }

    /** The bot's membership in the room once it has answered the invite, as the partner sees it. */
    async function answerTo(roomId: string): Promise<Record<string, unknown>> {
      const path = `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(env.botUserId)}`;
      let member: Record<string, unknown> = {};
      await env.eventually(
        async () => {
          member = await onPartner(partnerUsers.get("carol")!, "GET", path);
          return member.membership === "join" || member.membership === "leave";
        },
        `the bot to answer the invite to ${roomId}`,
        30_000,
      );
      return member;
    }

    /** Every event of the room that reached Plenum, once all are handled. */
    async function handledEvents(roomId: string): Promise<Record<string, unknown>[]> {
      const rows = () => env.plenum.db("inbox").where({ room_id: roomId });
      await env.eventually(
        async () => (await rows().whereNull("processed_at")).length === 0,
        `Plenum to handle the events of ${roomId}`,
      );
      return (await rows()).map((row) => JSON.parse(String(row.event)) as Record<string, unknown>);
    }

    test("from a server the policy does not admit is rejected, and Plenum keeps nothing of the room", async () => {
      await policy().reset("partner_servers", ADMIN);
      const roomId = await inviteBot();
      expect(await answerTo(roomId)).toEqual({
        membership: "leave",
        reason: translate("en", "invite.refused_server", { server: partnerName() }),
      });
      await env.eventually(
        async () =>
          (await handledEvents(roomId)).some(
            (e) =>
              e.state_key === env.botUserId && (e.content as { membership?: unknown }).membership === "leave",
          ),
        "the rejection to come back to Plenum",
      );
      expect(await env.plenum.db("room_state").where({ room_id: roomId })).toEqual([]);
      expect(await env.plenum.gateway.joinedRooms()).not.toContain(roomId);
    });

    test("from a partner server is accepted", async () => {
      await policy().set("partner_servers", partnerName(), ADMIN);
      const roomId = await inviteBot();
      expect(await answerTo(roomId)).toMatchObject({ membership: "join" });
      await env.eventually(
        async () => (await env.plenum.meetingDeps.roomState.membership(roomId, env.botUserId)) === "join",
        "Plenum's copy of the room to hold the bot's join",
      );
    });

    test("beyond the hourly limit of invites from one server is rejected", async () => {
      await policy().set("partner_servers", partnerName(), ADMIN);
      await env.restartPlenum(); // a fresh count: each process counts its own
      const answers: unknown[] = [];
      for (let i = 0; i < 3; i++) answers.push(await answerTo(await inviteBot()));
      expect(answers).toEqual([
        expect.objectContaining({ membership: "join" }),
        expect.objectContaining({ membership: "join" }),
        {
          membership: "leave",
          reason: translate("en", "invite.refused_rate", { server: partnerName() }),
        },
      ]);
    });

    /** A room carol invited the bot to, once Plenum has joined it and remembered who invited it. */
    async function joinedAtCarolsInvite(): Promise<string> {
      const roomId = await inviteBot();
      expect(await answerTo(roomId)).toMatchObject({ membership: "join" });
      await env.eventually(
        async () => (await env.plenum.db("room_inviters").where({ room_id: roomId })).length === 1,
        "Plenum to remember who invited the bot",
      );
      return roomId;
    }

    async function waitUntilBotLeft(roomId: string): Promise<void> {
      const path = `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(env.botUserId)}`;
      await env.eventually(
        async () => (await onPartner(partnerUsers.get("carol")!, "GET", path)).membership === "leave",
        `the bot to leave ${roomId}`,
        30_000,
      );
    }

    test("a room joined at a partner's invite is left at start-up once the partner is no longer admitted", async () => {
      await policy().set("partner_servers", partnerName(), ADMIN);
      await env.restartPlenum(); // a fresh count of invites
      const roomId = await joinedAtCarolsInvite();
      await policy().reset("partner_servers", ADMIN);
      await env.restartPlenum();
      await waitUntilBotLeft(roomId);
      const leftLogged = env.logLines
        .map((line) => JSON.parse(line) as { msg?: unknown; room_id?: unknown })
        .filter((entry) => entry.msg === "left room: the invite policy now refuses its inviter");
      expect(leftLogged.map((entry) => entry.room_id)).toContain(roomId);
      expect(await env.plenum.gateway.joinedRooms()).not.toContain(roomId);
    });

    test("a room joined at a partner's invite is left when an admin withdraws the partner", async () => {
      const admin = await env.createUser("admin");
      const adminRoom = await env.roomWithBot(admin, "Admins");
      await policy().set("partner_servers", partnerName(), ADMIN);
      await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
      const roomId = await joinedAtCarolsInvite();
      const reply = await env.ask(admin, adminRoom, "!admin policy reset partner_servers");
      // Earlier tests' rooms of the partner were left at start-up already.
      expect(reply).toContain(translate("en", "policy.rooms_left", { left: 1 }));
      await waitUntilBotLeft(roomId);
      expect(await env.plenum.gateway.joinedRooms()).toEqual(expect.arrayContaining([adminRoom, team]));
    });
  });
});
