import { DateTime } from "luxon";
import type {
  ApiError,
  MeetingResponse,
  MeetingsResponse,
  MyMeetingsResponse,
  RoomMembersResponse,
  SessionResponse,
} from "../../core/widgets/api-types.js";
import { widgetIdFor } from "../../core/meetings/jitsi-widget.js";
import { WIDGET_STATE } from "../../core/meetings/room-state.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

describe("the planner's HTTP API, authorized by OpenID tokens from the real homeserver", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let team: string;
  const sessions = new Map<string, string>();
  const tomorrow = (time: string) =>
    `${DateTime.now().setZone("Europe/Berlin").plus({ days: 1 }).toFormat("yyyy-MM-dd")} ${time}`;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en" });
    [alice, bob, mallory] = (await env.createUsers("alice", "bob", "mallory")) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    team = await env.roomWithMembers(alice, [bob]);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function api(
    user: TestUser | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { "content-type": "application/json", "accept-language": "en" };
    if (user) headers.authorization = `Bearer ${await session(user)}`;
    const response = await fetch(`${env.httpUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function session(user: TestUser): Promise<string> {
    const known = sessions.get(user.userId);
    if (known) return known;
    const { body } = await api(undefined, "POST", "/api/v1/session", {
      openid_token: await env.openIdToken(user),
      matrix_server_name: env.state.homeserver.serverName,
    });
    const token = (body as SessionResponse).token;
    sessions.set(user.userId, token);
    return token;
  }

  const room = (roomId: string) => `/api/v1/rooms/${encodeURIComponent(roomId)}`;

  async function create(fields: Record<string, unknown>): Promise<MeetingResponse> {
    const { status, body } = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      timezone: "Europe/Berlin",
      ...fields,
    });
    if (status !== 201) throw new Error(`creating failed: ${status} ${JSON.stringify(body)}`);
    return body as MeetingResponse;
  }

  /** What the bot answers in the team room to `command`, typed by alice. */
  async function botReply(command: string): Promise<string> {
    const eventId = await env.say(alice, team, command);
    return String((await env.replyTo(alice, team, eventId)).getContent().body);
  }

  test("an OpenID token the homeserver confirms is exchanged for a session naming that user", async () => {
    const { status, body } = await api(undefined, "POST", "/api/v1/session", {
      openid_token: await env.openIdToken(bob),
      matrix_server_name: env.state.homeserver.serverName,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ user_id: bob.userId, expires_in: 900 });
  });

  test("a made-up OpenID token gets no session (401)", async () => {
    const { status, body } = await api(undefined, "POST", "/api/v1/session", {
      openid_token: "made-up",
      matrix_server_name: env.state.homeserver.serverName,
    });
    expect(status).toBe(401);
    expect(body).toEqual({
      errcode: "M_UNKNOWN_TOKEN",
      error: "The homeserver did not confirm who you are. Reload the widget and try again.",
    });
  });

  test("a session request without a token is refused as malformed (400)", async () => {
    const { status, body } = await api(undefined, "POST", "/api/v1/session", {});
    expect(status).toBe(400);
    expect((body as ApiError).errcode).toBe("M_BAD_JSON");
  });

  test("a request without a session, or with a forged one, is refused (401)", async () => {
    const missing = await fetch(`${env.httpUrl}/api/v1/meetings`);
    const forged = await fetch(`${env.httpUrl}/api/v1/meetings`, {
      headers: {
        authorization: `Bearer ${(await session(mallory)).replace(/^[^.]+/, "eyJzdWIiOiJAYWRtaW4ifQ")}`,
      },
    });
    expect(missing.status).toBe(401);
    expect(forged.status).toBe(401);
    expect(await missing.json()).toMatchObject({ errcode: "M_UNKNOWN_TOKEN" });
  });

  test("a meeting created through the API gets its room on the homeserver, announced like the bot's", async () => {
    const { meeting } = await create({
      title: "API planning",
      start: tomorrow("10:00"),
      duration: "45m",
      description: "Agenda in the pad",
    });
    expect(meeting).toMatchObject({
      title: "API planning",
      duration_minutes: 45,
      organizer: alice.userId,
      origin_room_id: team,
      status: "scheduled",
      can_edit: true,
    });
    expect(meeting.participants).toEqual(expect.arrayContaining([alice.userId, bob.userId]));
    expect(meeting.room_id).toMatch(/^!/);
    const state = (await env.roomMessages("bot", meeting.room_id!)).find((e) => e.type === "m.room.create");
    expect(state?.content).toMatchObject({ type: "org.plenum.meeting" });
    await env.waitForMessage(team, "New meeting “API planning”");
  });

  test("a member lists the room's upcoming meetings; each shows its join link", async () => {
    await create({ title: "Listed", start: tomorrow("11:00") });
    const { status, body } = await api(bob, "GET", `${room(team)}/meetings`);
    expect(status).toBe(200);
    const listed = (body as MeetingsResponse).meetings.find((m) => m.title === "Listed");
    expect(listed).toMatchObject({
      can_edit: false,
      join_link: expect.stringContaining("https://matrix.to/#/"),
    });
  });

  test("someone who is not in the room cannot list its meetings or members (403)", async () => {
    for (const path of [`${room(team)}/meetings`, `${room(team)}/members`]) {
      const { status, body } = await api(mallory, "GET", path);
      expect(status).toBe(403);
      expect(body).toEqual({
        errcode: "M_FORBIDDEN",
        error: "You are not a member of this room, so you cannot see or plan its meetings.",
      });
    }
  });

  test("someone who is not in the room cannot plan a meeting from it (403)", async () => {
    const { status } = await api(mallory, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "Intrusion",
      start: tomorrow("12:00"),
    });
    expect(status).toBe(403);
  });

  test("the room's members are offered as participants, without the bot", async () => {
    const { body } = await api(alice, "GET", `${room(team)}/members`);
    const ids = (body as RoomMembersResponse).members.map((m) => m.user_id);
    expect(ids).toEqual(expect.arrayContaining([alice.userId, bob.userId]));
    expect(ids).not.toContain(env.botUserId);
  });

  test("a time in the past gets the same message as from !meet schedule", async () => {
    const { status, body } = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "Too late",
      start: "2020-01-06 10:00",
      timezone: "Europe/Berlin",
    });
    expect(status).toBe(400);
    expect((body as ApiError).errcode).toBe("M_INVALID_PARAM");
    expect((body as ApiError).error).toBe(await botReply('!meet schedule "Too late" 2020-01-06 10:00'));
  });

  test("an unknown repetition and a bad participant get the bot's messages", async () => {
    const rule = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "X",
      start: tomorrow("10:00"),
      rrule: "fortnightly-ish",
    });
    expect((rule.body as ApiError).error).toBe(
      await botReply('!meet schedule "X" tomorrow 10:00 every fortnightly-ish'),
    );
    const who = await api(alice, "POST", "/api/v1/meetings", {
      room_id: team,
      title: "X",
      start: tomorrow("10:00"),
      participants: ["alice"],
    });
    expect(who.status).toBe(400);
    expect((who.body as ApiError).error).toBe(await botReply('!meet schedule "X" tomorrow 10:00 with alice'));
  });

  test("the organizer moves a meeting and invites someone; the meeting room hears of both", async () => {
    const { meeting } = await create({
      title: "Movable",
      start: tomorrow("13:00"),
      participants: [alice.userId],
    });
    const moved = await api(alice, "PATCH", `/api/v1/meetings/${meeting.id}`, {
      start: tomorrow("15:30"),
      timezone: "Europe/Berlin",
      invite: [bob.userId],
    });
    expect(moved.status).toBe(200);
    const after = (moved.body as MeetingResponse).meeting;
    expect(DateTime.fromISO(after.start).setZone("Europe/Berlin").toFormat("HH:mm")).toBe("15:30");
    expect(after.participants).toContain(bob.userId);
    await env.waitForMessage(meeting.room_id!, "“Movable” has moved to");
    await env.waitForMessage(meeting.room_id!, `${alice.userId} invited ${bob.userId}`);
  });

  test("the organizer renames a meeting, shortens it and describes it; the room's name and topic follow and the room hears of it", async () => {
    const { meeting } = await create({ title: "Draft title", start: tomorrow("08:00"), duration: 60 });
    const { status, body } = await api(alice, "PATCH", `/api/v1/meetings/${meeting.id}`, {
      title: "Final title",
      duration: "45m",
      description: "Bring the figures",
    });
    expect(status).toBe(200);
    expect((body as MeetingResponse).meeting).toMatchObject({
      title: "Final title",
      duration_minutes: 45,
      description: "Bring the figures",
    });
    const gateway = env.plenum.meetingDeps.gateway;
    expect(await gateway.getState(meeting.room_id!, "m.room.name", "")).toEqual({ name: "Final title" });
    expect((await gateway.getState(meeting.room_id!, "m.room.topic", ""))?.topic).toMatch(/08:00.08:45/);
    const callWidget = await gateway.getState(meeting.room_id!, WIDGET_STATE, widgetIdFor(meeting.id));
    expect(callWidget?.data).toMatchObject({ roomName: "Final title" });
    await env.waitForMessage(
      meeting.room_id!,
      `${alice.userId} changed “Draft title”: it is now called “Final title”`,
    );
  });

  test("a bad duration or an empty title from the API gets the same message as from !meet edit, and changes nothing", async () => {
    const { meeting } = await create({ title: "Keeps its details", start: tomorrow("08:30") });
    const duration = await api(alice, "PATCH", `/api/v1/meetings/${meeting.id}`, { duration: "2m" });
    expect(duration.status).toBe(400);
    expect((duration.body as ApiError).error).toBe(await botReply(`!meet edit ${meeting.id} duration 2m`));
    const title = await api(alice, "PATCH", `/api/v1/meetings/${meeting.id}`, { title: "  " });
    expect((title.body as ApiError).error).toBe(await botReply(`!meet edit ${meeting.id} title "  "`));
    expect(await env.plenum.meetingDeps.meetings.get(meeting.id)).toMatchObject({
      title: "Keeps its details",
      durationMinutes: meeting.duration_minutes,
    });
  });

  test("!meet edit changes a meeting's title from the chat, and an unknown detail is named", async () => {
    const { meeting } = await create({ title: "Typed title", start: tomorrow("07:30") });
    expect(await botReply(`!meet edit ${meeting.id} title "Retitled in chat"`)).toBe(
      `${alice.userId} changed “Typed title”: it is now called “Retitled in chat”.`,
    );
    expect((await env.plenum.meetingDeps.meetings.get(meeting.id))?.title).toBe("Retitled in chat");
    expect(await botReply(`!meet edit ${meeting.id} colour blue`)).toBe(
      "“colour” cannot be edited. Edit one of: title, description, duration.",
    );
  });

  test("the organizer removes an invited participant; the meeting room hears of it", async () => {
    const { meeting } = await create({
      title: "Shrinking",
      start: tomorrow("17:00"),
      participants: [alice.userId, bob.userId],
    });
    const { status, body } = await api(alice, "PATCH", `/api/v1/meetings/${meeting.id}`, {
      uninvite: [bob.userId],
    });
    expect(status).toBe(200);
    expect((body as MeetingResponse).meeting.participants).toEqual([alice.userId]);
    await env.waitForMessage(meeting.room_id!, `${alice.userId} removed ${bob.userId} from “Shrinking”`);
  });

  test("a participant who is not an organizer or moderator may read but not change a meeting (403)", async () => {
    const { meeting } = await create({ title: "Not yours", start: tomorrow("14:00") });
    expect((await api(bob, "GET", `/api/v1/meetings/${meeting.id}`)).status).toBe(200);
    const { status, body } = await api(bob, "DELETE", `/api/v1/meetings/${meeting.id}`);
    expect(status).toBe(403);
    expect((body as ApiError).error).toBe(
      "Only the organizer, moderators of the meeting room and admins may change this meeting.",
    );
  });

  test("the organizer's widget session downloads the attendance CSV; a participant's session does not", async () => {
    const { meeting } = await create({
      title: "Counted",
      start: tomorrow("17:00"),
      participants: [bob.userId],
    });
    const csv = (user: TestUser) =>
      fetch(`${env.httpUrl}/api/v1/meetings/${meeting.id}/attendance.csv`, {
        headers: { authorization: `Bearer ${sessions.get(user.userId) ?? ""}` },
      });
    await session(alice);
    await session(bob);
    const organizer = await csv(alice);
    expect(organizer.status).toBe(200);
    expect(organizer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await organizer.text()).split("\r\n")[0]).toMatch(/^call_started/);
    const participant = await csv(bob);
    expect(participant.status).toBe(403);
  });

  test("an outsider cannot read a meeting: the answer is the one an unknown id gets (404)", async () => {
    const { meeting } = await create({ title: "Private", start: tomorrow("16:00") });
    const outsider = await api(mallory, "GET", `/api/v1/meetings/${meeting.id}`);
    expect(outsider.status).toBe(404);
    const unknown = await api(alice, "GET", "/api/v1/meetings/ZZZ-ZZZ");
    expect(unknown.status).toBe(404);
    expect((outsider.body as ApiError).error).toBe(
      (unknown.body as ApiError).error.replace("ZZZ-ZZZ", meeting.id),
    );
  });

  test("one occurrence of a series is cancelled, then the whole series", async () => {
    const until = DateTime.now().plus({ weeks: 5 }).toFormat("yyyy-MM-dd");
    const { meeting } = await create({ title: "Weekly", start: tomorrow("09:00"), rrule: "weekly", until });
    const second = DateTime.fromISO(meeting.start)
      .setZone("Europe/Berlin")
      .plus({ weeks: 1 })
      .toFormat("yyyy-MM-dd");
    const one = await api(alice, "DELETE", `/api/v1/meetings/${meeting.id}/occurrences/${second}`);
    expect(one.status).toBe(200);
    expect((one.body as MeetingResponse).meeting.exdates).toHaveLength(1);
    await env.waitForMessage(meeting.room_id!, `The meeting “Weekly” on ${second} has been cancelled`);
    const all = await api(alice, "DELETE", `/api/v1/meetings/${meeting.id}`);
    expect((all.body as MeetingResponse).meeting.status).toBe("cancelled");
    const again = await api(alice, "DELETE", `/api/v1/meetings/${meeting.id}`);
    expect((again.body as ApiError).error).toBe(`The meeting ${meeting.id} has already been cancelled.`);
  });

  async function weeklySeries(title: string) {
    const until = DateTime.now().plus({ weeks: 5 }).toFormat("yyyy-MM-dd");
    const { meeting } = await create({
      title,
      start: tomorrow("09:00"),
      rrule: "weekly",
      until,
      participants: [bob.userId],
    });
    const second = DateTime.fromISO(meeting.start).setZone("Europe/Berlin").plus({ weeks: 1 });
    return { meeting, second };
  }

  test("the organizer moves one date of a series; it is stored as an override and the meeting room hears of it", async () => {
    const { meeting, second } = await weeklySeries("Moving weekly");
    const to = second.plus({ days: 1 }).set({ hour: 15 });
    const moved = await api(
      alice,
      "PATCH",
      `/api/v1/meetings/${meeting.id}/occurrences/${second.toFormat("yyyy-MM-dd")}`,
      {
        start: to.toFormat("yyyy-MM-dd HH:mm"),
        timezone: "Europe/Berlin",
      },
    );
    expect(moved.status).toBe(200);
    expect((moved.body as MeetingResponse).meeting.overrides).toEqual([
      expect.objectContaining({ start: to.toISO({ suppressMilliseconds: true }) }),
    ]);
    await env.waitForMessage(
      meeting.room_id!,
      `The meeting “Moving weekly” on ${second.toFormat("yyyy-MM-dd")} moves to`,
    );
  });

  test("a participant who may not edit the series cannot move one of its dates (403), and nothing changes", async () => {
    const { meeting, second } = await weeklySeries("Not bob's weekly");
    const { status, body } = await api(
      bob,
      "PATCH",
      `/api/v1/meetings/${meeting.id}/occurrences/${second.toFormat("yyyy-MM-dd")}`,
      {
        start: second.plus({ days: 1 }).toFormat("yyyy-MM-dd 15:00"),
      },
    );
    expect(status).toBe(403);
    expect((body as ApiError).error).toBe(
      "Only the organizer, moderators of the meeting room and admins may change this meeting.",
    );
    expect((await env.plenum.meetingDeps.meetings.get(meeting.id))!.overrides).toEqual([]);
  });

  test("a date that is not in the series gets the bot's answer (400), and nothing changes", async () => {
    const { meeting, second } = await weeklySeries("Weekly without Tuesdays");
    const tuesday = second.plus({ days: 1 }).toFormat("yyyy-MM-dd");
    const { status, body } = await api(
      alice,
      "PATCH",
      `/api/v1/meetings/${meeting.id}/occurrences/${tuesday}`,
      {
        start: second.plus({ days: 2 }).toFormat("yyyy-MM-dd 15:00"),
      },
    );
    expect(status).toBe(400);
    expect((body as ApiError).error).toBe(
      `The series ${meeting.id} has no meeting on ${tuesday}. !meet info ${meeting.id} shows the next dates.`,
    );
    expect((await env.plenum.meetingDeps.meetings.get(meeting.id))!.overrides).toEqual([]);
  });

  test("the caller's own meetings come with their occurrences in the asked range", async () => {
    const from = DateTime.now().toISO();
    const to = DateTime.now().plus({ days: 7 }).toISO();
    const { status, body } = await api(bob, "GET", `/api/v1/meetings?from=${from}&to=${to}`);
    expect(status).toBe(200);
    const mine = body as MyMeetingsResponse;
    expect(
      mine.meetings.every((m) => m.participants.includes(bob.userId) || m.organizer === bob.userId),
    ).toBe(true);
    expect(mine.occurrences.map((o) => o.title)).toContain("API planning");
  });

  test("!meet widget without the power to add widgets says what the bot needs", async () => {
    expect(await botReply("!meet widget")).toBe(
      "I may not add the planner widget here. Give me power level 50 in this room, then try again.",
    );
  });

  test("!meet widget adds the planner as a room widget whose URL carries the widget template variables", async () => {
    await alice.client.setPowerLevel(team, env.botUserId, 50);
    expect(await botReply("!meet widget")).toMatch(/^I added the meeting planner/);
    const event = await env.waitForEvent(
      alice,
      team,
      (e) => e.getType() === "im.vector.modular.widgets" && e.getStateKey() === "plenum_planner",
      "the planner widget state",
    );
    expect(event.getContent()).toEqual({
      type: "m.custom",
      id: "plenum_planner",
      name: "Meeting planner",
      creatorUserId: env.botUserId,
      data: {},
      url:
        "http://127.0.0.1/widgets/planner/?room_id=$matrix_room_id&user_id=$matrix_user_id" +
        "&display_name=$matrix_display_name&avatar_url=$matrix_avatar_url" +
        "&lang=$org.matrix.msc2873.client_language&theme=$org.matrix.msc2873.client_theme",
    });
  });

  test("errors are answered in German when the widget asks for German", async () => {
    const response = await fetch(`${env.httpUrl}/api/v1/meetings`, { headers: { "accept-language": "de" } });
    expect(await response.json()).toEqual({
      errcode: "M_UNKNOWN_TOKEN",
      error: "Ihre Sitzung fehlt oder ist abgelaufen; laden Sie das Widget neu, um sich erneut anzumelden.",
    });
  });
});
