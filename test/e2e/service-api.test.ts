import { DateTime } from "luxon";
import ICAL from "ical.js";
import { roomLink } from "../../core/meetings/format.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const OX_TOKEN = "ox-service-token-0123456789abcdef0123";
const OTHER_TOKEN = "other-service-token-0123456789abcdef01";

describe("the service API for groupware, on the real homeserver", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let mallory: TestUser;
  const tomorrow = (time: string) =>
    `${DateTime.now().setZone("Europe/Berlin").plus({ days: 1 }).toFormat("yyyy-MM-dd")}T${time}`;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      // alice and bob may create meetings; carol may not. ox acts for alice and carol, other for carol.
      config: { access: { creators: ["@alice-*:*", "@bob-*:*"] } },
      services: [
        { id: "ox", token: OX_TOKEN, act_for: ["@alice-*:*", "@carol-*:*"] },
        { id: "other", token: OTHER_TOKEN, act_for: ["@carol-*:*"] },
      ],
    });
    [alice, bob, carol, mallory] = (await env.createUsers("alice", "bob", "carol", "mallory")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
  });

  afterAll(async () => {
    await env?.stop();
  });

  interface Answer {
    status: number;
    body: Record<string, unknown>;
  }

  async function call(
    method: string,
    path: string,
    options: { token?: string | null; key?: string; body?: unknown } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { "content-type": "application/json", "accept-language": "en" };
    const token = options.token === undefined ? OX_TOKEN : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.key) headers["idempotency-key"] = options.key;
    const response = await fetch(`${env.httpUrl}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const create = (body: unknown, key = `key-${Math.random()}`, token?: string | null) =>
    call("POST", "/api/v1/service/meetings", { body, key, ...(token !== undefined ? { token } : {}) });

  const meetingBody = (overrides: Record<string, unknown> = {}) => ({
    as_user: alice.userId,
    title: "Budget review",
    start: tomorrow("10:00"),
    duration: 45,
    timezone: "Europe/Berlin",
    participants: [bob.userId],
    ...overrides,
  });

  const meetingsOf = async (user: TestUser) =>
    (await env.plenum.meetingDeps.meetings.forUser(user.userId)).length;

  test("a service creates a meeting for a user it acts for: 201 with its id, room, join link and calendar link", async () => {
    const { status, body } = await create(meetingBody({ description: "Q3 figures" }));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      room_id: expect.stringMatching(/^!/),
      title: "Budget review",
      duration_minutes: 45,
    });
    const meeting = await env.plenum.meetingDeps.meetings.get(String(body.id));
    expect(meeting).toMatchObject({ organizer: alice.userId, description: "Q3 figures" });
    expect(meeting!.participants).toEqual(expect.arrayContaining([alice.userId, bob.userId]));
    expect(body.join_url).toBe(roomLink(String(body.room_id), env.config.homeserver.domain));
    const ics = await fetch(String(body.ics_url).replace("http://127.0.0.1", env.httpUrl));
    expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/);
    const event = new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("summary")).toBe("Budget review");
    const audited = await env.plenum
      .db("audit_log")
      .where({ action: "service.meeting.create", target: body.id });
    expect(audited).toEqual([expect.objectContaining({ actor: alice.userId, reason: "by service ox" })]);
  });

  test("the same Idempotency-Key again answers 200 with the same meeting and creates no second one", async () => {
    const first = await create(meetingBody({ title: "Weekly sync" }), "ox-event-4711");
    const before = await meetingsOf(alice);
    const again = await create(meetingBody({ title: "Weekly sync" }), "ox-event-4711");
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(await meetingsOf(alice)).toBe(before);
  });

  test("the same Idempotency-Key with a different body is refused with 422 and changes nothing", async () => {
    const first = await create(meetingBody({ title: "Planning" }), "ox-event-4712");
    const before = await meetingsOf(alice);
    const other = await create(meetingBody({ title: "Something else" }), "ox-event-4712");
    expect(other).toEqual({
      status: 422,
      body: { errcode: "M_INVALID_PARAM", error: expect.stringContaining("ox-event-4712 was already used") },
    });
    expect(await meetingsOf(alice)).toBe(before);
    expect((await env.plenum.meetingDeps.meetings.get(String(first.body.id)))!.title).toBe("Planning");
  });

  test("a request without an Idempotency-Key is refused with 400 and creates nothing", async () => {
    const before = await meetingsOf(alice);
    const answer = await call("POST", "/api/v1/service/meetings", { body: meetingBody() });
    expect(answer).toMatchObject({ status: 400, body: { errcode: "M_MISSING_PARAM" } });
    expect(await meetingsOf(alice)).toBe(before);
  });

  test("PATCH moves and retitles a meeting, audited with the service's id", async () => {
    const { body } = await create(meetingBody({ title: "To move" }));
    const moved = await call("PATCH", `/api/v1/service/meetings/${String(body.id)}`, {
      body: { start: tomorrow("14:30"), end: tomorrow("15:00"), title: "Moved" },
    });
    expect(moved).toMatchObject({ status: 200, body: { title: "Moved", duration_minutes: 30 } });
    const meeting = await env.plenum.meetingDeps.meetings.get(String(body.id));
    expect(DateTime.fromISO(meeting!.start).setZone("Europe/Berlin").toFormat("HH:mm")).toBe("14:30");
    const audited = await env.plenum
      .db("audit_log")
      .where({ action: "service.meeting.update", target: body.id });
    expect(audited).toEqual([expect.objectContaining({ actor: alice.userId, reason: "by service ox" })]);
  });

  test("DELETE cancels a meeting", async () => {
    const { body } = await create(meetingBody({ title: "To cancel" }));
    const cancelled = await call("DELETE", `/api/v1/service/meetings/${String(body.id)}`);
    expect(cancelled).toMatchObject({ status: 200, body: { id: body.id, status: "cancelled" } });
    expect((await env.plenum.meetingDeps.meetings.get(String(body.id)))!.status).toBe("cancelled");
  });

  test("a service acting for a user outside its act_for is refused with 403 and creates nothing", async () => {
    const before = await meetingsOf(mallory);
    const answer = await create(meetingBody({ as_user: mallory.userId }));
    expect(answer).toEqual({
      status: 403,
      body: {
        errcode: "M_FORBIDDEN",
        error: `The service ox may not act for ${mallory.userId}: its act_for does not name that user.`,
      },
    });
    expect(await meetingsOf(mallory)).toBe(before);
  });

  test("a service may not change a meeting whose organizer it does not act for", async () => {
    const { body } = await create(meetingBody({ title: "Alice's" }));
    const answer = await call("PATCH", `/api/v1/service/meetings/${String(body.id)}`, {
      token: OTHER_TOKEN,
      body: { title: "Taken over" },
    });
    expect(answer).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    expect((await env.plenum.meetingDeps.meetings.get(String(body.id)))!.title).toBe("Alice's");
  });

  test("a user the creators policy does not name is refused with 403 and nothing is created", async () => {
    const answer = await create(meetingBody({ as_user: carol.userId }));
    expect(answer).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: expect.stringMatching(/creators/) },
    });
    expect(await meetingsOf(carol)).toBe(0);
  });

  test.each([
    ["the user may not create meetings", "carol", [], 403],
    ["a participant is unknown to the homeserver", "alice", ["@nobody-4711"], 400],
  ])(
    "a request refused because %s leaves nothing behind: no meeting, no direct chat, no stored key",
    async (_name, who, localparts, status) => {
      // A user of their own, so that no earlier test opened a direct chat with them.
      const [user] = (await env.createUsers(who)) as [TestUser];
      const participants = localparts.map((p) => `${p}:${env.config.homeserver.domain}`);
      const key = `refused-${user.userId}`;
      const answer = await create(meetingBody({ as_user: user.userId, participants }), key);
      expect(answer.status).toBe(status);
      expect(await meetingsOf(user)).toBe(0);
      expect(await env.plenum.db("direct_chats").where({ user_id: user.userId })).toEqual([]);
      expect(await env.plenum.db("service_requests").where({ idempotency_key: key })).toEqual([]);
      expect(user.client.getRooms()).toEqual([]);
    },
  );

  test.each([
    ["a missing title", { title: undefined }, "title: "],
    ["both end and duration", { end: tomorrow("11:00") }, "Give either end or duration, not both."],
    ["an end before the start", { duration: undefined, end: tomorrow("09:00") }, "is not after the start"],
    ["an unknown field", { room: "!x:example.org" }, 'Unrecognized key: "room"'],
    ["a time zone that does not exist", { timezone: "Mars/Olympus" }, "timezone: expected an IANA time zone"],
    ["a start in the past", { start: "2020-01-01T10:00:00" }, "has already passed"],
    ["a participant that is no Matrix id", { participants: ["bob"] }, "bob"],
    ["a recurrence rule that is not one", { rrule: "FREQ=SOMETIMES" }, "FREQ=SOMETIMES"],
  ])(
    "a body with %s is refused with 400 saying what is wrong, and creates nothing",
    async (_name, change, message) => {
      const before = await meetingsOf(alice);
      const answer = await create(meetingBody(change));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual(expect.stringContaining(message));
      expect(await meetingsOf(alice)).toBe(before);
    },
  );

  test("a missing token is refused with 401 M_UNAUTHORIZED", async () => {
    expect(await create(meetingBody(), "k-missing", null)).toMatchObject({
      status: 401,
      body: { errcode: "M_UNAUTHORIZED" },
    });
  });

  test("a forged token, or a token from elsewhere, is refused with 401 M_UNKNOWN_TOKEN and creates nothing", async () => {
    const before = await meetingsOf(alice);
    for (const token of [`${OX_TOKEN}x`, env.config.appservice.as_token])
      expect(await create(meetingBody(), "k-forged", token)).toMatchObject({
        status: 401,
        body: { errcode: "M_UNKNOWN_TOKEN" },
      });
    expect(await meetingsOf(alice)).toBe(before);
  });

  test("ics_url is the meeting's own signed calendar link; a forged signature answers 404", async () => {
    const { body } = await create(meetingBody({ title: "Linked" }));
    const url = new URL(String(body.ics_url));
    expect(url.pathname).toMatch(new RegExp(`^/calendar/meeting/${String(body.id)}/[\\w-]+\\.ics$`));
    const forged = `${env.httpUrl}${url.pathname.replace(/\/[\w-]+\.ics$/, `/${"A".repeat(43)}.ics`)}`;
    expect((await fetch(forged)).status).toBe(404);
  });
});
