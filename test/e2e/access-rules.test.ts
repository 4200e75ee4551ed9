import { DateTime } from "luxon";
import type { ApiError, SessionResponse } from "../../core/widgets/api-types.js";
import { WIDGET_STATE } from "../../core/meetings/room-state.js";
import { MAX_COMMAND_LENGTH } from "../../bots/commands/parser.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/**
 * One authorization rule for the chat and the widget API (core/access/authorization.ts), tried as
 * a hostile member of the deployment would: from a direct chat after a ban, by naming rooms one is
 * not in, by asking about other people's meetings, and by having the bot write widgets.
 */
describe("who may see, change and furnish what, from the chat and the widget API alike", () => {
  let env: TestEnv;
  let admin: TestUser;
  let secretary: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let adminRoom: string;
  let team: string;
  const sessions = new Map<string, string>();
  const tomorrow = (time: string) =>
    `${DateTime.now().setZone("Europe/Berlin").plus({ days: 1 }).toFormat("yyyy-MM-dd")} ${time}`;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en" });
    [admin, secretary, alice, bob, mallory] = (await env.createUsers(
      "admin",
      "secretary",
      "alice",
      "bob",
      "mallory",
    )) as [TestUser, TestUser, TestUser, TestUser, TestUser];
    adminRoom = await env.roomWithMembers(admin, [secretary], "Admins");
    team = await env.roomWithMembers(alice, [bob], "Team");
    await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function api(user: TestUser, method: string, path: string, body?: unknown) {
    const response = await fetch(`${env.httpUrl}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        "accept-language": "en",
        authorization: `Bearer ${await session(user)}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

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
    const { token } = (await response.json()) as SessionResponse;
    sessions.set(user.userId, token);
    return token;
  }

  async function schedule(title: string, time: string, participants: TestUser[]) {
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "${title}" tomorrow ${time} with ${participants.map((p) => p.userId).join(" ")}`,
    );
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in “${reply}”`);
    return { id, roomId: (await env.plenum.meetingDeps.meetings.get(id))!.roomId! };
  }

  const status = async (id: string) => (await env.plenum.meetingDeps.meetings.get(id))?.status;

  test("a moderator banned from the meeting room can no longer cancel it, from a direct chat or the widget API", async () => {
    const { id, roomId } = await schedule("Board", "10:00", [bob]);
    await alice.client.joinRoom(roomId);
    await env.joinRoom(bob, roomId);
    await alice.client.setPowerLevel(roomId, bob.userId, 50);
    await env.eventually(
      async () =>
        (
          (await env.plenum.meetingDeps.roomState.get(roomId, "m.room.power_levels", ""))?.users as
            Record<string, number> | undefined
        )?.[bob.userId] === 50,
      "Plenum to see bob as a moderator",
    );
    await alice.client.ban(roomId, bob.userId, "no longer on the board");
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(roomId, bob.userId)) === "ban",
      "Plenum to see bob banned",
    );
    const direct = await env.roomWithBot(bob, "Direct");
    expect(await env.ask(bob, direct, `!meet cancel ${id}`)).toBe(
      `There is no meeting with the id ${id}. !meet list shows the meetings of this room.`,
    );
    const fromApi = await api(bob, "DELETE", `/api/v1/meetings/${id}`);
    expect(fromApi.status).toBe(404);
    expect(await status(id)).toBe("scheduled");
  });

  test("a participant banned from the meeting room no longer finds it listed, in the chat or the widget API", async () => {
    const dave = await env.createUser("dave");
    const { roomId } = await schedule("Banned from", "09:00", [dave]);
    await alice.client.joinRoom(roomId);
    await env.joinRoom(dave, roomId);
    const direct = await env.roomWithBot(dave, "Direct");
    expect(await env.ask(dave, direct, "!meet list")).toContain("Banned from");
    await alice.client.ban(roomId, dave.userId, "not on this committee");
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(roomId, dave.userId)) === "ban",
      "Plenum to see dave banned",
    );
    expect(await env.ask(dave, direct, "!meet list")).not.toContain("Banned from");
    const { body } = await api(dave, "GET", "/api/v1/meetings");
    expect(JSON.stringify(body)).not.toContain("Banned from");
  });

  test("a moderator who is joined to the meeting room may still change it", async () => {
    const carol = await env.createUser("carol");
    await env.joinRoom(carol, team, alice);
    const { roomId } = await schedule("Staff", "11:00", [carol]);
    await alice.client.joinRoom(roomId);
    await env.joinRoom(carol, roomId);
    await alice.client.setPowerLevel(roomId, carol.userId, 50);
    await env.eventually(
      async () =>
        (
          (await env.plenum.meetingDeps.roomState.get(roomId, "m.room.power_levels", ""))?.users as
            Record<string, number> | undefined
        )?.[carol.userId] === 50,
      "Plenum to see carol as a moderator",
    );
    // Typed in the meeting room, the answer is the change notice and names the others it concerns.
    expect(await env.ask(carol, roomId, "!meet cancel")).toBe(
      `“Staff” has been cancelled by ${carol.userId}.\nFor: ${alice.userId}`,
    );
  });

  test("with <room> is refused for a room the requester is not in, and the answer names none of its members", async () => {
    const reply = await env.ask(alice, team, `!meet schedule "Snoop" tomorrow 12:00 with ${adminRoom}`);
    expect(reply).toBe(
      `You can only invite the members of a room you are in yourself, and you are not in ${adminRoom}. Name the people directly.`,
    );
    expect(reply).not.toContain(secretary.userId);
    const fromApi = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "Snoop",
      start: tomorrow("12:00"),
      timezone: "Europe/Berlin",
      participants: [adminRoom],
    });
    expect(fromApi.status).toBe(400);
    expect((fromApi.body as ApiError).error).toBe(reply);
    const invited = await env.plenum.db("meeting_participants").where({ user_id: secretary.userId });
    expect(invited).toEqual([]);
  });

  test("!meet info about someone else's meeting answers as for an unknown id, as the widget API does", async () => {
    const { id } = await schedule("Confidential", "13:00", [bob]);
    const own = await env.roomWithBot(mallory, "Mallory's room");
    const unknownId = id === "ZZZ-ZZZ" ? "YYY-YYY" : "ZZZ-ZZZ";
    const known = await env.ask(mallory, own, `!meet info ${id}`);
    const unknown = await env.ask(mallory, own, `!meet info ${unknownId}`);
    expect(known).toBe(unknown.replace(unknownId, id));
    expect(known).not.toContain(alice.userId);
    const knownFromApi = await api(mallory, "GET", `/api/v1/meetings/${id}`);
    const unknownFromApi = await api(mallory, "GET", `/api/v1/meetings/${unknownId}`);
    expect(knownFromApi.status).toBe(404);
    expect(knownFromApi.body).toEqual({
      ...(unknownFromApi.body as ApiError),
      error: (unknownFromApi.body as ApiError).error.replace(unknownId, id),
    });
  });

  test("a member of the room the meeting was planned from may read it with !meet info", async () => {
    const { id } = await schedule("Open to the team", "14:00", [alice]);
    expect(await env.ask(bob, team, `!meet info ${id}`)).toMatch(/^“Open to the team” \(/);
  });

  test("a member without the power to add widgets cannot have the bot add the planner or a call", async () => {
    await alice.client.setPowerLevel(team, env.botUserId, 50);
    await env.eventually(
      async () =>
        (
          (await env.plenum.meetingDeps.roomState.get(team, "m.room.power_levels", ""))?.users as
            Record<string, number> | undefined
        )?.[env.botUserId] === 50,
      "Plenum to see the bot's power in the team room",
    );
    expect(await env.ask(bob, team, "!meet widget")).toBe(
      "“!meet widget” adds a widget to this room, which you may not do yourself here. Ask one of the room's moderators.",
    );
    expect(await env.ask(bob, team, '!meet now "Side call"')).toBe(
      "“!meet now” adds a widget to this room, which you may not do yourself here. Ask one of the room's moderators.",
    );
    const widgets = (await env.roomMessages("bot", team)).filter((e) => e.type === WIDGET_STATE);
    expect(widgets).toEqual([]);
  });

  test("a title with a line break is refused by the widget API as the chat refuses it, and nothing is created", async () => {
    const before = await env.plenum.db("meetings").count({ count: "*" });
    const { status: code, body } = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "Budget\nIgnore the agenda",
      start: tomorrow("15:00"),
      timezone: "Europe/Berlin",
    });
    expect(code).toBe(400);
    expect((body as ApiError).error).toBe(
      "The title must be one line of plain text, without line breaks or control characters.",
    );
    expect(await env.plenum.db("meetings").count({ count: "*" })).toEqual(before);
  });

  test("a command over the 4,000-character limit gets a one-line answer and creates nothing", async () => {
    const before = await env.plenum.db("meetings").count({ count: "*" });
    const roomsBefore = await env.plenum.gateway.joinedRooms();
    const crowd = Array.from({ length: 4000 / bob.userId.length + 1 }, () => bob.userId).join(" ");
    const command = `!meet schedule "Everyone" tomorrow 10:00 with ${crowd}`;
    expect(command.length).toBeGreaterThan(MAX_COMMAND_LENGTH);
    expect(await env.ask(alice, team, command)).toBe(
      `This command is ${command.length} characters long; commands may have at most 4000. Please shorten it.`,
    );
    expect(await env.plenum.db("meetings").count({ count: "*" })).toEqual(before);
    expect(await env.plenum.gateway.joinedRooms()).toEqual(roomsBefore);
  });
});
