import type { CouncilView } from "../../core/widgets/api-types.js";
import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin; the session starts at 09:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");
const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const GROUP_NAME = "Fraktion <b>A</b>";
/** A display name a remote server could send: Plenum's answers name users by id, never by this. */
const HOSTILE_NAME = '<img src=x onerror="alert(1)"> Bob';

describe("council calls: podium, whisper groups, the call widget's API and its tokens, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let mallory: TestUser;
  let team: string;
  let room: string;
  let meetingId: string;
  let conference: string;
  const sessions = new Map<string, string>();

  const podiumState = () => env.plenum.gateway.getState(room, "org.plenum.podium", "");
  const council = () => env.plenum.meetingDeps.council;

  async function session(user: TestUser): Promise<string> {
    const known = sessions.get(user.userId);
    if (known) return known;
    const response = await fetch(`${env.httpUrl}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: await env.openIdToken(user),
        matrix_server_name: env.state.homeserver.serverName,
      }),
    });
    const token = ((await response.json()) as { token: string }).token;
    sessions.set(user.userId, token);
    return token;
  }

  async function api(
    user: TestUser,
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${env.httpUrl}/api/v1/rooms/${encodeURIComponent(room)}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        "accept-language": "en",
        authorization: `Bearer ${await session(user)}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function view(user: TestUser, roomId = room): Promise<CouncilView> {
    const response = await fetch(`${env.httpUrl}/api/v1/rooms/${encodeURIComponent(roomId)}/council`, {
      headers: { authorization: `Bearer ${await session(user)}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as CouncilView;
  }

  async function token(
    user: TestUser,
    fields: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${env.httpUrl}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: await env.openIdToken(user),
        matrix_server_name: env.state.homeserver.serverName,
        room_id: room,
        ...fields,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const claims = (body: Record<string, unknown>) =>
    verifiedClaims(String(body.token), APP_SECRET, new Date(clock.now()));

  async function breakoutRoom(): Promise<string> {
    const [budget] = await env.plenum.meetingDeps.breakouts.open(meetingId);
    return budget!.roomId;
  }

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      start: { clock, schedulerTimer: false },
      config: { jitsi: { app_secret: APP_SECRET } },
    });
    [alice, bob, carol, mallory] = [
      await env.createUser("alice"),
      await env.createUser("bob"),
      await env.createUser("carol"),
      await env.createUser("mallory"),
    ];
    await bob.client.setDisplayName(HOSTILE_NAME);
    team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 2h with ${bob.userId} ${carol.userId}`,
    );
    meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(meetingId))!;
    room = meeting.roomId!;
    conference = meeting.conferenceName;
    for (const user of [alice, bob, carol]) await env.joinRoom(user, room);
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(
      async () => (await env.plenum.meetingDeps.meetings.get(meetingId))?.status === "live",
      "the session to go live",
    );
  });

  afterAll(async () => {
    await env?.stop();
  });

  describe("the podium in chat", () => {
    test("a moderator turns podium mode on and the room state says so", async () => {
      expect(await env.ask(alice, room, "!meet podium on")).toBe(
        "Podium mode is on: only the podium and whoever has the floor may unmute. On the podium: nobody yet",
      );
      expect(await podiumState()).toEqual({ enabled: true, members: [] });
    });

    test("adding joined members puts them on the podium, in the database and in the room state", async () => {
      expect(await env.ask(alice, room, `!meet podium add ${bob.userId} ${carol.userId}`)).toBe(
        `Podium mode is on: only the podium and whoever has the floor may unmute. On the podium: ${bob.userId}, ${carol.userId}`,
      );
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId, carol.userId] });
      expect(await council().podium(room)).toEqual({ enabled: true, members: [bob.userId, carol.userId] });
    });

    test("removing a member takes them off the podium", async () => {
      await env.ask(alice, room, `!meet podium remove ${carol.userId}`);
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId] });
    });

    test("a participant who is not a moderator may not change the podium", async () => {
      expect(await env.ask(bob, room, "!meet podium off")).toBe(
        "Only the moderators of this room may use “!meet podium” here.",
      );
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId] });
    });

    test("adding someone who is not in the room is refused and changes nothing", async () => {
      expect(await env.ask(alice, room, `!meet podium add ${mallory.userId}`)).toBe(
        `${mallory.userId} is not a member of this room, so they cannot be on its podium.`,
      );
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId] });
    });

    test("a podium state written by hand is restored to the stored podium, announced and audited", async () => {
      await alice.client.sendStateEvent(
        room,
        "org.plenum.podium" as never,
        { enabled: false, members: [alice.userId] } as never,
        "",
      );
      await env.eventually(
        async () =>
          (await env.plenum.db("audit_log").where({ action: "restore_podium" }).first()) !== undefined,
        "the podium's restore to be audited",
      );
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId] });
      await env.waitForMessage(
        room,
        `${alice.userId} changed the podium by hand; Plenum restored it. Change it with !meet podium or in the call widget.`,
      );
    });

    test("a podium member who is not a user id is refused with what was typed", async () => {
      expect(await env.ask(alice, room, "!meet podium add bob")).toBe(
        "“bob” is not a Matrix user id such as @name:example.org.",
      );
    });

    test("turning on a podium that is on is refused", async () => {
      expect(await env.ask(alice, room, "!meet podium on")).toBe("Podium mode is already on.");
    });

    test("a podium command with an unknown action is answered with its usage", async () => {
      expect(await env.ask(alice, room, "!meet podium maybe")).toBe(
        "Usage: !meet podium on | off | add @user … | remove @user …",
      );
    });

    test("the podium outside a meeting room is refused", async () => {
      expect(await env.ask(alice, team, "!meet podium on")).toBe(
        "Podium and whisper groups belong to a meeting room; type the command there.",
      );
    });
  });

  describe("whisper groups in chat", () => {
    test("a German speaker is told in German that the meeting has no whisper groups yet", async () => {
      await env.ask(carol, room, "!meet lang de");
      expect(await env.ask(carol, room, "!meet whisper-groups")).toBe(
        "Diese Besprechung hat keine Flüstergruppen.",
      );
    });

    test("a moderator defines a whisper group of room members; markup in its name stays text", async () => {
      expect(
        await env.ask(alice, room, `!meet whisper-group "${GROUP_NAME}" ${alice.userId} ${bob.userId}`),
      ).toBe(`Whisper group “${GROUP_NAME}” created: ${alice.userId}, ${bob.userId}`);
      expect(await council().whisperGroups(meetingId)).toEqual([
        { id: "fraktion-b-a-b", name: GROUP_NAME, members: [alice.userId, bob.userId] },
      ]);
    });

    test("a whisper group with someone outside the meeting room is refused and nothing is stored", async () => {
      expect(
        await env.ask(alice, room, `!meet whisper-group "Chair" ${alice.userId} ${mallory.userId}`),
      ).toBe(`${mallory.userId} is not a member of this meeting room, so they cannot be in a whisper group.`);
      expect((await council().whisperGroups(meetingId)).map((g) => g.name)).toEqual([GROUP_NAME]);
    });

    test("a participant who is not a moderator may not define a whisper group", async () => {
      expect(await env.ask(bob, room, `!meet whisper-group "Mine" ${bob.userId}`)).toBe(
        "Only the moderators of this room may use “!meet whisper-group” here.",
      );
    });

    test("anyone in the room lists the whisper groups, in their language", async () => {
      expect(await env.ask(carol, room, "!meet whisper-groups")).toBe(
        `Flüstergruppen dieser Besprechung:\n• „${GROUP_NAME}“: ${alice.userId}, ${bob.userId}`,
      );
    });

    test("removing a group that does not exist is refused", async () => {
      expect(await env.ask(alice, room, '!meet whisper-group "Nobody" remove')).toBe(
        "This meeting has no whisper group “Nobody”.",
      );
    });

    test("a moderator removes a whisper group", async () => {
      await env.ask(alice, room, `!meet whisper-group "Chair" ${alice.userId}`);
      expect(await env.ask(alice, room, '!meet whisper-group "Chair" remove')).toBe(
        "Whisper group “Chair” removed.",
      );
      expect((await council().whisperGroups(meetingId)).map((g) => g.name)).toEqual([GROUP_NAME]);
    });
  });

  describe("the call widget's council API", () => {
    test("a member's view shows the podium and only the whisper groups they are in", async () => {
      const bobs = await view(bob);
      expect(bobs).toMatchObject({
        podium: { enabled: true, members: [bob.userId] },
        may_moderate: false,
        participants: {},
        whisper_groups: [{ id: "fraktion-b-a-b", name: GROUP_NAME, members: [alice.userId, bob.userId] }],
        listen: [],
      });
      expect((await view(carol)).whisper_groups).toEqual([]);
      expect((await view(alice)).may_moderate).toBe(true);
    });

    test("someone who is not in the room gets 403 from the council view", async () => {
      const { status, body } = await api(mallory, "GET", "/council");
      expect(status).toBe(403);
      expect(body.errcode).toBe("M_FORBIDDEN");
    });

    test("raising a hand in the call puts the caller on the pinned list of speakers, once", async () => {
      await api(bob, "POST", "/council/hand", { raised: true });
      const { status, body } = await api(bob, "POST", "/council/hand", { raised: true });
      expect(status).toBe(200);
      expect(body).toMatchObject({ waiting: [bob.userId], hand_raised: true, floor: null });
      const stored = await env.plenum.meetingDeps.speakers.get(room);
      expect(stored.list.waiting.map((r) => r.userId)).toEqual([bob.userId]);
      const pinned = await env.plenum.gateway.getState(room, "m.room.pinned_events", "");
      expect(pinned?.pinned).toContain(stored.messageId);
    });

    test("a hand raised in the call and !meet speak share one list", async () => {
      expect(await env.ask(bob, room, "!meet speak")).toBe("You are already on the list (position 1).");
    });

    test("lowering the hand withdraws from the list of speakers", async () => {
      await api(carol, "POST", "/council/hand", { raised: true });
      const { body } = await api(carol, "POST", "/council/hand", { raised: false });
      expect(body).toMatchObject({ waiting: [bob.userId], hand_raised: false });
    });

    test("!meet next gives the floor and the view's floor moves with it", async () => {
      await api(carol, "POST", "/council/hand", { raised: true });
      await env.ask(alice, room, "!meet next");
      expect(await view(bob)).toMatchObject({
        floor: bob.userId,
        waiting: [carol.userId],
        hand_raised: true,
      });
      await env.ask(alice, room, "!meet next");
      expect(await view(bob)).toMatchObject({ floor: carol.userId, waiting: [], hand_raised: false });
    });

    test("a hand request without raised is refused as malformed", async () => {
      const { status, body } = await api(bob, "POST", "/council/hand", { raised: "yes" });
      expect(status).toBe(400);
      expect(body.errcode).toBe("M_BAD_JSON");
    });

    test("a participant may not change the podium through the API", async () => {
      const { status, body } = await api(bob, "POST", "/council/podium", { enabled: false });
      expect([status, body.error]).toEqual([403, "Only the moderators of this room may change its podium."]);
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId] });
    });

    test("a moderator changes the podium through the API and the room state follows", async () => {
      const { status, body } = await api(alice, "POST", "/council/podium", { add: [carol.userId] });
      expect(status).toBe(200);
      expect(body.podium).toEqual({ enabled: true, members: [bob.userId, carol.userId] });
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId, carol.userId] });
    });

    test("a podium change the podium refuses is answered with the reason and changes nothing", async () => {
      const { status, body } = await api(alice, "POST", "/council/podium", { remove: [mallory.userId] });
      expect([status, body.error]).toEqual([400, `${mallory.userId} is not on the podium.`]);
      expect(await podiumState()).toEqual({ enabled: true, members: [bob.userId, carol.userId] });
    });

    test("a participant's Jitsi id is shown to moderators only", async () => {
      expect((await api(bob, "POST", "/council/presence", { participant_id: "a1b2c3d4" })).status).toBe(200);
      expect((await view(alice)).participants).toEqual({ [bob.userId]: "a1b2c3d4" });
      expect((await view(bob)).participants).toEqual({});
    });

    test("a participant id that is not Jitsi's shape is refused", async () => {
      const { status } = await api(bob, "POST", "/council/presence", { participant_id: "<x>".repeat(30) });
      expect(status).toBe(400);
      expect((await view(alice)).participants).toEqual({ [bob.userId]: "a1b2c3d4" });
    });
  });

  test("the podium and the whisper groups survive a restart", async () => {
    await env.restartPlenum();
    sessions.clear();
    expect(await view(bob)).toMatchObject({
      podium: { enabled: true, members: [bob.userId, carol.userId] },
      whisper_groups: [{ id: "fraktion-b-a-b" }],
    });
  });

  test("a hand toggled more often than a person would is refused for a while (429)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await api(carol, "POST", "/council/hand", { raised: i % 2 === 1 })).status);
    expect(statuses).toEqual(Array(10).fill(200));
    // Carol had the floor: ten changes lowered and raised her hand, leaving it up.
    const refused = await api(carol, "POST", "/council/hand", { raised: false });
    expect([refused.status, refused.body.errcode]).toEqual([429, "M_LIMIT_EXCEEDED"]);
  });

  test("a hand set again to what it already is counts for nothing against that limit", async () => {
    // Bob's hand is down (he had the floor and gave it on); each of these changes nothing.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await api(bob, "POST", "/council/hand", { raised: false })).status);
    expect(statuses).toEqual(Array(12).fill(200));
  });

  describe("whisper and listener tokens", () => {
    test("a member of a whisper group gets a token for the group's own conference, as no moderator", async () => {
      const { status, body } = await token(alice, { whisper_group: "fraktion-b-a-b" });
      expect(status).toBe(200);
      const room = `${conference}-whisper-fraktion-b-a-b`.toLowerCase();
      expect(body.room).toBe(room);
      const claimed = await claims(body);
      expect(claimed.room).toBe(room);
      expect(claimed.context.user).toMatchObject({ id: alice.userId, moderator: "false" });
    });

    test("a whisper token carries a hostile display name as plain data, and the chat never shows it", async () => {
      const { body } = await token(bob, { whisper_group: "fraktion-b-a-b" });
      expect((await claims(body)).context.user.name).toBe(HOSTILE_NAME);
      const messages = await env.roomMessages("bot", room);
      expect(messages.some((e) => String(e.content.body ?? "").includes("onerror"))).toBe(false);
    });

    test("someone in the meeting room but not in the group gets no whisper token", async () => {
      const { status, body } = await token(carol, { whisper_group: "fraktion-b-a-b" });
      expect([status, body.reason]).toEqual([403, "not_in_whisper_group"]);
    });

    test("a whisper group the meeting does not have gets no token", async () => {
      const { status, body } = await token(alice, { whisper_group: "chair" });
      expect([status, body.reason]).toEqual([403, "not_in_whisper_group"]);
    });

    test("whisper_group and listen_to together are refused as malformed", async () => {
      const { status } = await token(alice, { whisper_group: "fraktion-b-a-b", listen_to: team });
      expect(status).toBe(400);
    });

    test("with a breakout open, its member's view offers the main room and the chair's view the breakout", async () => {
      expect(await env.ask(alice, room, `!meet breakout "Budget" ${alice.userId} ${bob.userId}`)).toMatch(
        /^Opened 1 breakout room/,
      );
      const breakout = await breakoutRoom();
      for (const user of [alice, bob]) await env.joinRoom(user, breakout);
      expect((await view(bob, breakout)).listen).toEqual([{ room_id: room, title: "Council", kind: "main" }]);
      expect((await view(alice)).listen).toEqual([{ room_id: breakout, title: "Budget", kind: "breakout" }]);
      expect((await view(carol)).listen).toEqual([]);
    });

    test("from a breakout, a moderator of the main room gets a listener's token for it with no moderator rights", async () => {
      const { status, body } = await token(alice, { room_id: await breakoutRoom(), listen_to: room });
      expect(status).toBe(200);
      const claimed = await claims(body);
      expect(claimed.room).toBe(conference.toLowerCase());
      expect(claimed.context.user).toMatchObject({ affiliation: "member", moderator: "false" });
    });

    test("the chair in the main room gets a listener's token for a breakout", async () => {
      const breakout = await breakoutRoom();
      const { status, body } = await token(alice, { listen_to: breakout });
      expect(status).toBe(200);
      expect((await claims(body)).context.user.moderator).toBe("false");
    });

    test("a participant who is not a moderator may not listen into a breakout from the main room", async () => {
      const { status, body } = await token(carol, { listen_to: await breakoutRoom() });
      expect([status, body.reason]).toEqual([403, "not_listenable"]);
    });

    test("listening to a room outside the allowed list is refused", async () => {
      const { status, body } = await token(bob, { room_id: await breakoutRoom(), listen_to: team });
      expect([status, body.reason]).toEqual([403, "not_listenable"]);
    });
  });
});
