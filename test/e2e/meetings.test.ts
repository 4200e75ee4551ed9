import { EventType, type MatrixEvent } from "matrix-js-sdk";
import ICAL from "ical.js";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Tests run at a fixed, known instant: Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

interface StateEvent {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
}

describe("meetings scheduled from chat, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ locale: "en", start: { clock, schedulerTimer: false } });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    team = await env.roomWithBot(alice, "Team");
    await alice.client.invite(team, bob.userId);
    await bob.client.joinRoom(team);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(user, roomId, body);
    return env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
  }

  /** The room's state as the homeserver holds it, read with the bot's token (it is in every meeting room). */
  async function state(roomId: string): Promise<StateEvent[]> {
    const url = `${env.state.homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state?user_id=${encodeURIComponent(env.botUserId)}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${env.slot.asToken}` } });
    if (!response.ok) throw new Error(`reading the state of ${roomId} failed: ${response.status}`);
    return (await response.json()) as StateEvent[];
  }

  /** Schedules as alice and has alice join the new meeting room, so her client sees its timeline. */
  async function scheduleAndJoin(body: string) {
    const stored = await meeting(await meetingIdFrom(await command(alice, team, body)));
    await alice.client.joinRoom(stored.roomId!);
    return stored;
  }

  function stateOf(events: StateEvent[], type: string, stateKey = ""): Record<string, unknown> | undefined {
    return events.find((e) => e.type === type && e.state_key === stateKey)?.content;
  }

  async function meetingIdFrom(reply: MatrixEvent): Promise<string> {
    const match = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body));
    if (!match) throw new Error(`no meeting id in: ${reply.getContent().body}`);
    return match[1]!;
  }

  async function meeting(id: string) {
    const found = await env.plenum.meetingDeps.meetings.get(id);
    if (!found) throw new Error(`meeting ${id} not stored`);
    return found;
  }

  async function countRows(): Promise<number> {
    const [{ count }] = (await env.plenum.db("meetings").count({ count: "*" })) as [
      { count: number | string },
    ];
    return Number(count);
  }

  test("an English schedule command creates one meeting room with the meeting, widget and layout state", async () => {
    const reply = await command(
      alice,
      team,
      `!meet schedule "Budget review" tomorrow 10:00 for 30m with ${bob.userId}`,
    );
    const id = await meetingIdFrom(reply);
    const stored = await meeting(id);
    expect(stored.start).toBe("2026-11-24T10:00:00+01:00");
    expect(stored.durationMinutes).toBe(30);
    const events = await state(stored.roomId!);
    expect(stateOf(events, "m.room.create")).toMatchObject({ type: "org.plenum.meeting" });
    expect(stateOf(events, "m.room.name")).toEqual({ name: "Budget review" });
    expect(stateOf(events, "m.room.guest_access")).toEqual({ guest_access: "forbidden" });
    expect(stateOf(events, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
    expect(stateOf(events, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    const levels = stateOf(events, "m.room.power_levels")!;
    expect((levels.users as Record<string, number>)[alice.userId]).toBe(100);
    expect(levels.state_default).toBe(50);
    const meetingState = stateOf(events, "org.plenum.meeting")!;
    expect(meetingState).toMatchObject({
      id,
      title: "Budget review",
      organizer: alice.userId,
      origin_room_id: team,
      timezone: "Europe/Berlin",
      start: "2026-11-24T10:00:00+01:00",
      end: "2026-11-24T10:30:00+01:00",
      status: "scheduled",
      jitsi: { domain: "meet.example.org", conference: stored.conferenceName },
    });
    const widgetEvent = events.find((e) => e.type === "im.vector.modular.widgets")!;
    expect(widgetEvent.content).toMatchObject({
      type: "jitsi",
      data: {
        domain: "meet.example.org",
        conferenceId: stored.conferenceName,
        isAudioOnly: false,
        auth: "openidtoken-jwt",
      },
    });
    // The encoding itself is held to fixed known names in test/unit/conference.test.ts (Element's name
    // for the fixtures' room, RFC 4648's vectors); here, that the meeting uses its own room's name.
    expect(stored.conferenceName).toBe(conferenceNameForRoom(stored.roomId!));
    expect(stateOf(events, "io.element.widgets.layout")).toEqual({
      widgets: { [widgetEvent.state_key]: { container: "top", index: 0, width: 100 } },
    });
    expect(stateOf(events, "m.room.member", bob.userId)).toMatchObject({ membership: "invite" });
    expect(stateOf(events, "m.room.pinned_events")).toEqual({ pinned: [expect.stringMatching(/^\$/)] });
  });

  test("the origin room gets an announcement with title, time, zone, id and a link", async () => {
    const reply = await command(
      alice,
      team,
      `!meet schedule "Staff meeting" 2026-12-01 14:00 with ${bob.userId}`,
    );
    const id = await meetingIdFrom(reply);
    const announcement = await env.waitForEvent(
      alice,
      team,
      (e) =>
        e.getSender() === env.botUserId &&
        String(e.getContent().body).startsWith("New meeting “Staff meeting”"),
      "the announcement",
    );
    expect(announcement.getContent().body).toContain(id);
    expect(announcement.getContent().body).toContain("Europe/Berlin");
    expect(announcement.getContent().body).toContain("https://matrix.to/#/");
  });

  test("German forms of the time are understood", async () => {
    const reply = await command(alice, team, `!meet schedule "Haushalt" 1.12.2026 10:00 mit ${bob.userId}`);
    expect((await meeting(await meetingIdFrom(reply))).start).toBe("2026-12-01T10:00:00+01:00");
    const tomorrow = await command(alice, team, `!meet schedule "Jour fixe" morgen 10 Uhr mit ${bob.userId}`);
    expect((await meeting(await meetingIdFrom(tomorrow))).start).toBe("2026-11-24T10:00:00+01:00");
  });

  test("relative English times are read in the sender's zone", async () => {
    const next = await command(alice, team, `!meet schedule "Planning" next monday 14:30 with ${bob.userId}`);
    expect((await meeting(await meetingIdFrom(next))).start).toBe("2026-11-30T14:30:00+01:00");
    const soon = await command(alice, team, `!meet schedule "Quick sync" in 2h with ${bob.userId}`);
    expect(Date.parse((await meeting(await meetingIdFrom(soon))).start)).toBe(MONDAY_9AM + 2 * 3600_000);
  });

  test("without participants, the team room's members are invited and the room is restricted to them", async () => {
    const reply = await command(alice, team, `!meet schedule "All hands" tomorrow 15:00`);
    const stored = await meeting(await meetingIdFrom(reply));
    const events = await state(stored.roomId!);
    expect(stateOf(events, "m.room.join_rules")).toEqual({
      join_rule: "restricted",
      allow: [{ type: "m.room_membership", room_id: team }],
    });
    expect(stateOf(events, "m.room.member", bob.userId)).toMatchObject({ membership: "invite" });
  });

  test("an invited participant can join the meeting room", async () => {
    const reply = await command(alice, team, `!meet schedule "Join test" tomorrow 11:00 with ${bob.userId}`);
    const stored = await meeting(await meetingIdFrom(reply));
    await bob.client.joinRoom(stored.roomId!);
    const events = await state(stored.roomId!);
    expect(stateOf(events, "m.room.member", bob.userId)).toMatchObject({ membership: "join" });
  });

  describe("bad input gets a clear answer and creates nothing", () => {
    const cases: [string, string, RegExp][] = [
      ["an unparseable time", '!meet schedule "X" someday soonish', /./],
      ["a time in the past", '!meet schedule "X" 2020-01-01 10:00', /already passed/],
      ["a missing title", "!meet schedule tomorrow 10:00", /title|quot/i],
      ["a title without quotes", "!meet schedule Standup tomorrow 10:00", /quot/i],
      ["an unclosed quote", '!meet schedule "Standup tomorrow 10:00', /quotation mark is not closed/],
      ["a badly formed user id", '!meet schedule "X" tomorrow 10:00 with bob', /bob/],
      [
        "an unknown user",
        '!meet schedule "X" tomorrow 10:00 with @nobody-here:localhost',
        /@nobody-here:localhost/,
      ],
      ["an overlong title", `!meet schedule "${"x".repeat(201)}" tomorrow 10:00`, /200/],
      ["a bad duration", '!meet schedule "X" tomorrow 10:00 for forever', /./],
      ["an unknown rule", '!meet schedule "X" tomorrow 10:00 every fortnightish', /./],
      [
        "an end before the start",
        '!meet schedule "X" 2026-12-10 10:00 every weekly until 2026-12-01',
        /before its first meeting/,
      ],
      ["a control character", '!meet schedule "X\u0007" tomorrow 10:00', /control characters/],
      ["an unknown meeting id", "!meet info ZZZ-ZZZ", /no meeting with the id ZZZ-ZZZ/],
      ["a malformed room as participant", '!meet schedule "X" tomorrow 10:00 with #nowhere', /#nowhere/],
    ];
    test.each(cases)("%s", async (_what, body, message) => {
      const before = await countRows();
      const reply = await command(alice, team, body);
      expect(String(reply.getContent().body)).toMatch(message);
      expect(await countRows()).toBe(before);
    });
  });

  test("a weekly series keeps its wall-clock time in the state and the calendar across the DST change", async () => {
    clock.set(Date.parse("2027-03-15T08:00:00Z"));
    try {
      const reply = await command(
        alice,
        team,
        `!meet schedule "Weekly" 2027-03-22 10:00 every weekly until 2027-04-12 with ${bob.userId}`,
      );
      const stored = await meeting(await meetingIdFrom(reply));
      expect(stored.rrule).toMatch(/FREQ=WEEKLY/);
      const feed = await calendarFeed(alice);
      const event = feed
        .getAllSubcomponents("vevent")
        .find((v) => v.getFirstPropertyValue("uid") === `${stored.id}@plenum`)!;
      const expansion = new ICAL.Event(event).iterator();
      const starts: string[] = [];
      for (let next = expansion.next(); next && starts.length < 5; next = expansion.next())
        starts.push(next.toJSDate().toISOString());
      expect(starts).toEqual([
        "2027-03-22T09:00:00.000Z",
        "2027-03-29T08:00:00.000Z",
        "2027-04-05T08:00:00.000Z",
        "2027-04-12T08:00:00.000Z",
      ]);
    } finally {
      clock.set(MONDAY_9AM);
    }
  });

  async function calendarFeed(user: TestUser): Promise<ICAL.Component> {
    const token = await env.plenum.db("calendar_tokens").where({ user_id: user.userId }).first();
    const url = `${env.httpUrl}/calendar/${token?.token ?? (await issueToken(user))}.ics`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const component = new ICAL.Component(ICAL.parse(await response.text()));
    for (const zone of component.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    return component;
  }

  async function issueToken(user: TestUser): Promise<string> {
    await command(user, team, "!meet calendar");
    const row = await env.plenum.db("calendar_tokens").where({ user_id: user.userId }).first();
    return String(row.token);
  }

  test("!meet calendar sends the feed link in a direct chat and an unknown token gets 404", async () => {
    const reply = await command(alice, team, "!meet calendar");
    expect(reply.getContent().body).toBe("I have sent you the link to your calendar feed in a direct chat.");
    expect(String(await (await fetch(`${env.httpUrl}/calendar/not-a-token.ics`)).status)).toBe("404");
    const feed = await calendarFeed(alice);
    expect(feed.getAllSubcomponents("vevent").length).toBeGreaterThan(0);
  });

  test("!meet calendar reset makes the old link stop working", async () => {
    const old = String(
      (await env.plenum.db("calendar_tokens").where({ user_id: alice.userId }).first())?.token ??
        (await issueToken(alice)),
    );
    await command(alice, team, "!meet calendar reset");
    expect((await fetch(`${env.httpUrl}/calendar/${old}.ics`)).status).toBe(404);
  });

  test("!meet calendar off switches the feed off, and says so when there is none left", async () => {
    const token = await issueToken(alice);
    expect((await command(alice, team, "!meet calendar off")).getContent().body).toBe(
      "Your calendar feed link no longer works. !meet calendar makes a new one.",
    );
    expect((await fetch(`${env.httpUrl}/calendar/${token}.ics`)).status).toBe(404);
    expect((await command(alice, team, "!meet calendar off")).getContent().body).toBe(
      "You have no calendar feed link. !meet calendar makes one.",
    );
  });

  test("reminders arrive at their offsets, mention the participants, and the meeting goes live", async () => {
    const reply = await command(
      alice,
      team,
      `!meet schedule "Reminder test" 2026-11-23 09:30 for 15m with ${bob.userId}`,
    );
    const stored = await meeting(await meetingIdFrom(reply));
    clock.set(Date.parse("2026-11-23T08:20:00Z"));
    await env.plenum.scheduler!.tick();
    const soon = await env.waitForMessage(stored.roomId!, "“Reminder test” starts in 10 minutes");
    expect(soon.content["m.mentions"]).toEqual({
      user_ids: expect.arrayContaining([alice.userId, bob.userId]),
    });
    clock.set(Date.parse("2026-11-23T08:30:00Z"));
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(stored.roomId!, "“Reminder test” starts now");
    expect((await meeting(stored.id)).status).toBe("live");
    clock.set(MONDAY_9AM);
  });

  test("a restart between scheduling and the reminder loses nothing and sends nothing twice", async () => {
    const reply = await command(
      alice,
      team,
      `!meet schedule "Restart test" 2026-11-23 10:00 with ${bob.userId}`,
    );
    const stored = await meeting(await meetingIdFrom(reply));
    await env.restartPlenum();
    clock.set(Date.parse("2026-11-23T08:50:00Z"));
    await env.plenum.scheduler!.tick();
    await env.plenum.scheduler!.tick();
    await env.restartPlenum();
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(stored.roomId!, "“Restart test” starts in 10 minutes");
    const reminders = (await env.roomMessages("bot", stored.roomId!)).filter((e) =>
      String((e.content as { body?: string }).body).startsWith("“Restart test” starts in"),
    );
    expect(reminders).toHaveLength(1);
    clock.set(MONDAY_9AM);
  });

  test("a reminder missed by more than the grace period is dropped, not sent late", async () => {
    const stored = await scheduleAndJoin(`!meet schedule "Missed" 2026-11-23 11:00 with ${bob.userId}`);
    clock.set(Date.parse("2026-11-23T10:30:00Z"));
    await env.plenum.scheduler!.tick();
    await env.plenum.bots!.processor.idle();
    const late = (await env.roomMessages("bot", stored.roomId!)).filter((e) =>
      String((e.content as { body?: string }).body).startsWith("“Missed” starts"),
    );
    expect(late).toHaveLength(0);
    clock.set(MONDAY_9AM);
  });

  test("move changes the state and the topic and posts a notice", async () => {
    const reply = await command(alice, team, `!meet schedule "Movable" tomorrow 10:00 with ${bob.userId}`);
    const stored = await meeting(await meetingIdFrom(reply));
    const moved = await command(alice, team, `!meet move ${stored.id} tomorrow 16:00`);
    expect(moved.getContent().body).toContain("has moved to");
    const events = await state(stored.roomId!);
    expect(stateOf(events, "org.plenum.meeting")).toMatchObject({ start: "2026-11-24T16:00:00+01:00" });
    expect((await meeting(stored.id)).sequence).toBe(1);
  });

  test("inside the meeting room the id may be left out", async () => {
    const stored = await scheduleAndJoin(`!meet schedule "In-room" tomorrow 12:00 with ${bob.userId}`);
    const info = await command(alice, stored.roomId!, "!meet info");
    expect(info.getContent().body).toContain(stored.id);
  });

  test("invite adds a participant and uninvite removes them with a reason", async () => {
    const carol = await env.createUser("carol");
    const reply = await command(alice, team, `!meet schedule "Invites" tomorrow 13:00 with ${bob.userId}`);
    const stored = await meeting(await meetingIdFrom(reply));
    await command(alice, team, `!meet invite ${stored.id} ${carol.userId}`);
    expect(stateOf(await state(stored.roomId!), "m.room.member", carol.userId)).toMatchObject({
      membership: "invite",
    });
    await command(alice, team, `!meet uninvite ${stored.id} ${carol.userId}`);
    const member = stateOf(await state(stored.roomId!), "m.room.member", carol.userId);
    expect(member).toMatchObject({
      membership: "leave",
      reason: expect.stringContaining("Removed from the meeting"),
    });
    expect((await meeting(stored.id)).participants).not.toContain(carol.userId);
  });

  test("someone who is not the organizer or a moderator may not cancel", async () => {
    const reply = await command(alice, team, `!meet schedule "Protected" tomorrow 14:00 with ${bob.userId}`);
    const stored = await meeting(await meetingIdFrom(reply));
    const refused = await command(bob, team, `!meet cancel ${stored.id}`);
    expect(refused.getContent().body).toContain("not allowed");
    expect((await meeting(stored.id)).status).toBe("scheduled");
  });

  test("cancelling a meeting marks it cancelled and locks its room", async () => {
    const reply = await command(alice, team, `!meet schedule "Cancel me" tomorrow 17:00 with ${bob.userId}`);
    const stored = await meeting(await meetingIdFrom(reply));
    await command(alice, team, `!meet cancel ${stored.id}`);
    expect((await meeting(stored.id)).status).toBe("cancelled");
    const events = await state(stored.roomId!);
    expect(stateOf(events, "org.plenum.meeting")).toMatchObject({ status: "cancelled" });
    expect(stateOf(events, "m.room.power_levels")).toMatchObject({ events_default: 100 });
  });

  test("cancelling one date of a series excludes just that occurrence", async () => {
    const reply = await command(
      alice,
      team,
      `!meet schedule "Series" tomorrow 09:00 every daily until 2026-11-30 with ${bob.userId}`,
    );
    const stored = await meeting(await meetingIdFrom(reply));
    await command(alice, team, `!meet cancel ${stored.id} 2026-11-26`);
    const updated = await meeting(stored.id);
    expect(updated.exdates).toEqual(["2026-11-26T09:00:00+01:00"]);
    expect(updated.status).toBe("scheduled");
    expect(stateOf(await state(stored.roomId!), "org.plenum.meeting")).toMatchObject({
      exdates: ["2026-11-26T09:00:00+01:00"],
    });
  });

  test("!meet lang and !meet tz are remembered per user", async () => {
    const lang = await command(bob, team, "!meet lang de");
    expect(lang.getContent().body).toBe("Ich antworte Ihnen ab jetzt auf Deutsch.");
    const unknown = await command(bob, team, "!meet tanzen");
    expect(unknown.getContent().body).toContain("Den Befehl „tanzen“ gibt es nicht");
    const tz = await command(bob, team, "!meet tz America/New_York");
    expect(tz.getContent().body).toContain("America/New_York");
    await command(bob, team, "!meet lang en");
  });

  test("!meet now without the power to add widgets says what power the bot needs", async () => {
    const refused = await command(alice, team, '!meet now "Quick call"');
    expect(refused.getContent().body).toContain("power level 50");
  });

  test("!meet now adds a Jitsi widget to the current room and pins it", async () => {
    await alice.client.setPowerLevel(team, env.botUserId, 50);
    await command(alice, team, '!meet now "Quick call"');
    const events = await state(team);
    const widget = events.find((e) => e.type === "im.vector.modular.widgets")!;
    expect(widget.content).toMatchObject({
      type: "jitsi",
      data: { conferenceId: conferenceNameForRoom(team) },
    });
    expect(stateOf(events, "io.element.widgets.layout")).toMatchObject({
      widgets: { [widget.state_key]: { container: "top" } },
    });
  });

  test("!meet list shows the upcoming meetings of this room", async () => {
    const reply = await command(alice, team, "!meet list");
    expect(reply.getContent().body).toContain("Upcoming meetings:");
    expect(reply.getContent().body).toContain("Budget review");
  });
});

export type { EventType };
