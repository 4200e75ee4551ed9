import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { fixtureText } from "../support/fixtures.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const EVENTS_TOKEN = "events-bearer-token-for-tests-01";
const FIXTURE_CONFERENCE = "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy";
const FIXTURE_CREATED_AT = 1773320700;
const TIME_KEYS = new Set(["created_at", "destroyed_at", "joined_at", "left_at"]);

/** Moves every timestamp of a payload by the same number of seconds, keeping the fixture's gaps. */
function shifted(value: unknown, seconds: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shifted(item, seconds));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      TIME_KEYS.has(key) && typeof item === "number" ? item + seconds : shifted(item, seconds),
    ]),
  );
}

describe("call activity from Jitsi's event-sync webhooks, against the real homeserver", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  let meetingId: string;
  let roomId: string;
  let conference: string;
  // The fixture's call, moved to an hour ago so it lies in the past like a real one.
  const offset = Math.floor(Date.now() / 1000) - 3600 - FIXTURE_CREATED_AT;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en", config: { jitsi: { events_token: EVENTS_TOKEN } } });
    [alice, bob] = [await env.createUser("alice"), await env.createUser("bob")];
    team = await env.roomWithBot(alice, "Team");
    const eventId = await env.say(alice, team, `!meet schedule "Call" tomorrow 10:00 with ${bob.userId}`);
    const reply = String((await env.replyTo(alice, team, eventId)).getContent().body);
    meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(meetingId))!;
    roomId = meeting.roomId!;
    conference = meeting.conferenceName.toLowerCase();
  });

  afterAll(async () => {
    await env?.stop();
  });

  /** A fixture payload as Prosody would send it for this meeting's conference, with alice's Matrix id. */
  function fixture(name: string, conferenceName = conference): Record<string, unknown> {
    const text = fixtureText(`jitsi/event-sync/${name}.json`)
      .replaceAll(FIXTURE_CONFERENCE, conferenceName)
      .replaceAll("@alice:example.org", alice.userId);
    return shifted(JSON.parse(text), offset) as Record<string, unknown>;
  }

  function send(kind: string, body: unknown, authorization = `Bearer ${EVENTS_TOKEN}`): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (authorization) headers.authorization = authorization;
    return fetch(`${env.httpUrl}/api/v1/jitsi/events/${kind}`, {
      method: "POST",
      headers,
      // A string is sent as it is, to see how broken JSON is answered.
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  function attendanceRows(): Promise<Record<string, unknown>[]> {
    return env.plenum.db("attendance").orderBy("joined_at");
  }

  async function notices(prefix: string): Promise<{ content: Record<string, unknown> }[]> {
    return (await env.roomMessages("bot", roomId)).filter(
      (e) => e.type === "m.room.message" && String(e.content.body ?? "").startsWith(prefix),
    );
  }

  test("a missing or forged bearer token is refused and nothing is stored", async () => {
    const missing = await send("occupant/joined", fixture("occupant-joined"), "");
    const forged = await send(
      "occupant/joined",
      fixture("occupant-joined"),
      "Bearer events-bearer-token-for-tests-02",
    );
    expect([missing.status, forged.status]).toEqual([401, 403]);
    expect(await attendanceRows()).toEqual([]);
  });

  test("a conference that belongs to no known Matrix room is not found and nothing is stored", async () => {
    const elsewhere = conferenceNameForRoom("!nowhere:localhost").toLowerCase();
    const response = await send("occupant/joined", fixture("occupant-joined", elsewhere));
    expect(response.status).toBe(404);
    expect(await attendanceRows()).toEqual([]);
  });

  test("a malformed payload is refused with its problems and nothing is stored", async () => {
    const { occupant: _dropped, ...withoutOccupant } = fixture("occupant-joined");
    const response = await send("occupant/joined", withoutOccupant);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problems: ["occupant: missing"] });
    expect((await send("occupant/left", "{not json")).status).toBe(400);
    expect(await attendanceRows()).toEqual([]);
  });

  test("the first participant's join announces the call once, mentioning invitees not yet in it", async () => {
    expect((await send("room/created", fixture("room-created"))).status).toBe(200);
    expect((await send("occupant/joined", fixture("occupant-joined"))).status).toBe(200);
    expect((await send("occupant/joined", fixture("occupant-joined"))).status).toBe(200);
    const started = await env.waitForMessage(roomId, "📞 The call has started: Alice Example joined.");
    expect(started.content["m.mentions"]).toEqual({ user_ids: [bob.userId] });
    expect(String(started.content.body)).toContain(`Not in the call yet: ${bob.userId}`);
    expect(await notices("📞 The call has started")).toHaveLength(1);
    expect(await attendanceRows()).toEqual([
      expect.objectContaining({
        meeting_id: meetingId,
        user_id: alice.userId,
        name: "Alice Example",
        left_at: null,
      }),
    ]);
  });

  test("a guest joining a breakout room is recorded but not announced", async () => {
    expect((await send("occupant/joined", fixture("breakout-occupant-joined"))).status).toBe(200);
    const rows = await attendanceRows();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      name: "Bob Beispiel",
      user_id: null,
      breakout_room_id: "001d51e6-6fb6-456b-bb14-18fbcc4e219f",
    });
    expect(Boolean(rows[1]!.is_guest)).toBe(true);
    expect(await notices("📞 The call has started")).toHaveLength(1);
  });

  test("leaving and the room's end post the call's duration and number of participants", async () => {
    expect((await send("occupant/left", fixture("occupant-left"))).status).toBe(200);
    expect((await send("room/destroyed", fixture("room-destroyed"))).status).toBe(200);
    expect((await send("room/destroyed", fixture("room-destroyed"))).status).toBe(200);
    // 3175 s from creation to destruction; alice and the guest Bob (in a breakout room and the main room).
    await env.waitForMessage(roomId, "The call ended after 53 min. Participants: 2.");
    expect(await notices("The call ended")).toHaveLength(1);
    const rows = await attendanceRows();
    expect(rows.map((row) => [row.name, row.breakout_room_id === null, Number(row.left_at) > 0])).toEqual([
      ["Alice Example", true, true],
      ["Bob Beispiel", false, true],
      ["Bob Beispiel", true, true],
    ]);
    expect(rows.every((row) => !String(row.occupant_jid).includes("recorder"))).toBe(true);
  });

  test("!meet recording on from the team room tells the meeting room that the call is recorded", async () => {
    const eventId = await env.say(alice, team, `!meet recording ${meetingId} on`);
    expect(String((await env.replyTo(alice, team, eventId)).getContent().body)).toBe(
      "I told the room of “Call”.",
    );
    await env.waitForMessage(
      roomId,
      `🔴 ${alice.userId} announces: from now on this call is being recorded.`,
    );
  });

  test("!meet recording with neither on nor off says how to use it", async () => {
    const eventId = await env.say(alice, team, `!meet recording ${meetingId} maybe`);
    expect(String((await env.replyTo(alice, team, eventId)).getContent().body)).toBe(
      "Say on or off: !meet recording on, or !meet recording off.",
    );
  });

  test("a participant who is not a moderator cannot announce a recording", async () => {
    await bob.client.joinRoom(roomId);
    const eventId = await env.say(bob, roomId, "!meet recording off");
    expect(String((await env.replyTo(bob, roomId, eventId)).getContent().body)).toBe(
      "You are not allowed to use “!meet recording” here.",
    );
  });

  test("!meet attendance lists who was in the call, marking guests", async () => {
    const eventId = await env.say(alice, team, `!meet attendance ${meetingId}`);
    const body = String((await env.replyTo(alice, team, eventId)).getContent().body);
    expect(body).toMatch(/Alice Example: \d\d:\d\d–\d\d:\d\d\n/);
    expect(body).toMatch(/Bob Beispiel: \d\d:\d\d–\d\d:\d\d \(guest\) \(breakout room\)/);
    expect(body).toMatch(/Bob Beispiel: \d\d:\d\d–\d\d:\d\d \(guest\)$/m);
  });

  test("!meet attendance comes as HTML: each call a paragraph, the people in it a list", async () => {
    const eventId = await env.say(alice, team, `!meet attendance ${meetingId}`);
    const html = String((await env.replyTo(alice, team, eventId)).getContent().formatted_body);
    expect(html).toMatch(/^<p><strong>Attendance for “Call” \(times in [^)]+\):<\/strong><\/p><p>Call on /);
    expect(html).toMatch(/<ul><li>Alice Example: \d\d:\d\d–\d\d:\d\d<\/li>/);
  });

  const CSV_LINE = /Download as CSV \(a link for you alone, working until \d\d:\d\d\): (\S+)/;

  /** The signed CSV link of `!meet attendance`, as a URL on this test's HTTP server. */
  async function csvLink(): Promise<string> {
    // The team room holds only alice and the bot, a direct chat: the link comes in the reply.
    const eventId = await env.say(alice, team, `!meet attendance ${meetingId}`);
    const body = String((await env.replyTo(alice, team, eventId)).getContent().body);
    const url = new URL(CSV_LINE.exec(body)![1]!);
    return `${env.httpUrl}${url.pathname}${url.search}`;
  }

  test("asked in a room with others, !meet attendance sends the CSV link only to the asker's direct chat", async () => {
    await alice.client.joinRoom(roomId);
    await bob.client.joinRoom(roomId);
    const eventId = await env.say(alice, roomId, "!meet attendance");
    const body = String((await env.replyTo(alice, roomId, eventId)).getContent().body);
    expect(body).toMatch(/\nI have sent you a link to download this as CSV in our direct chat\.$/);
    expect(body).not.toContain("attendance.csv");
    const dm = await env.plenum.db("direct_chats").where({ user_id: alice.userId }).first();
    const message = await env.waitForMessage(String(dm.room_id), "Download as CSV");
    const link = new URL(CSV_LINE.exec(String(message.content.body))![1]!);
    expect(link.searchParams.get("for")).toBe(alice.userId);
    expect((await fetch(`${env.httpUrl}${link.pathname}${link.search}`)).status).toBe(200);
  });

  test("the signed link in !meet attendance downloads the attendance as CSV", async () => {
    const response = await fetch(await csvLink());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text())
      .replace(/^\ufeff/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "call_started,call_ended,name,matrix_user_id,guest,breakout_room,joined,left,minutes",
    );
    expect(lines.slice(1).map((line) => line.split(",").slice(2, 6))).toEqual([
      ["Alice Example", alice.userId, "false", ""],
      ["Bob Beispiel", "", "true", "001d51e6-6fb6-456b-bb14-18fbcc4e219f"],
      ["Bob Beispiel", "", "true", ""],
    ]);
  });

  test("the attendance CSV is refused without a valid signed link", async () => {
    const link = await csvLink();
    const tampered = link.replace(/sig=[^&]+/, "sig=AAAA");
    const otherMeeting = link.replace(meetingId, "ZZZ-ZZZ");
    const otherHolder = link.replace(/for=[^&]+/, `for=${encodeURIComponent(bob.userId)}`);
    const unsigned = link.split("?")[0]!;
    for (const url of [tampered, otherMeeting, otherHolder, unsigned])
      expect((await fetch(url)).status).toBe(403);
  });

  /** Sets `user`'s power level in the meeting room as alice (its organizer) and waits until Plenum sees it. */
  async function setPower(user: TestUser, level: number): Promise<void> {
    const levels = (await alice.client.getStateEvent(roomId, "m.room.power_levels", "")) as {
      users?: Record<string, number>;
    };
    await alice.client.sendStateEvent(
      roomId,
      "m.room.power_levels" as never,
      { ...levels, users: { ...levels.users, [user.userId]: level } } as never,
      "",
    );
    await env.eventually(async () => {
      const seen = await env.plenum.meetingDeps.roomState.get(roomId, "m.room.power_levels", "");
      return (seen?.users as Record<string, number> | undefined)?.[user.userId] === level;
    }, `Plenum to see ${user.userId} at power ${level}`);
  }

  test("an attendance link made for a moderator stops working once their power is lowered", async () => {
    await env.joinRoom(alice, roomId);
    await env.joinRoom(bob, roomId);
    await setPower(bob, 50);
    const eventId = await env.say(bob, roomId, "!meet attendance");
    expect(String((await env.replyTo(bob, roomId, eventId)).getContent().body)).toMatch(
      /I have sent you a link to download this as CSV in our direct chat\.$/,
    );
    const dm = await env.plenum.db("direct_chats").where({ user_id: bob.userId }).first();
    const message = await env.waitForMessage(String(dm.room_id), "Download as CSV");
    const link = new URL(CSV_LINE.exec(String(message.content.body))![1]!);
    expect(link.searchParams.get("for")).toBe(bob.userId);
    const url = `${env.httpUrl}${link.pathname}${link.search}`;
    expect((await fetch(url)).status).toBe(200);
    await setPower(bob, 0);
    expect((await fetch(url)).status).toBe(403);
  });
});
