import type { MatrixEvent } from "matrix-js-sdk";
import ICAL from "ical.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Tests run at a fixed, known instant: Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("what staff see of a meeting series on a real Synapse: invites, series in words, calendar files", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: string;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ locale: "en", start: { clock, schedulerTimer: false } });
    [alice, bob, carol] = (await env.createUsers("alice", "bob", "carol")) as [TestUser, TestUser, TestUser];
    team = await env.roomWithMembers(alice, [bob]);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(user, roomId, body);
    return env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
  }

  async function schedule(body: string) {
    const reply = String((await command(alice, team, body)).getContent().body);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in: ${reply}`);
    const found = await env.plenum.meetingDeps.meetings.get(id);
    if (!found) throw new Error(`meeting ${id} not stored`);
    return found;
  }

  /** The invites in `user`'s initial /sync, as Element sees them before joining. */
  async function invitesOf(
    user: TestUser,
  ): Promise<Record<string, { type: string; content: Record<string, unknown> }[]>> {
    const response = await fetch(`${env.state.homeserver.url}/_matrix/client/v3/sync?timeout=0`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    if (!response.ok) throw new Error(`/sync for ${user.userId} failed: ${response.status}`);
    const body = (await response.json()) as {
      rooms?: {
        invite?: Record<
          string,
          { invite_state: { events: { type: string; content: Record<string, unknown> }[] } }
        >;
      };
    };
    return Object.fromEntries(
      Object.entries(body.rooms?.invite ?? {}).map(([roomId, room]) => [roomId, room.invite_state.events]),
    );
  }

  async function welcomeOf(roomId: string): Promise<string> {
    return String((await env.waitForMessage(roomId, "Welcome to")).content.body);
  }

  function calendarUrlIn(text: string): string {
    const url = /(https?:\/\/\S+\/calendar\/meeting\/\S+\.ics)/.exec(text)?.[1];
    if (!url) throw new Error(`no calendar link in: ${text}`);
    return url;
  }

  async function calendarFile(url: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${env.httpUrl}${new URL(url).pathname}`);
    return { status: response.status, text: await response.text() };
  }

  test("an invitee's invite carries the meeting's title, times, zone, series, organizer and status before they join", async () => {
    const stored = await schedule(
      `!meet schedule "Jour fixe" 2026-11-30 10:00 every weekly until 2027-03-31 with ${carol.userId}`,
    );
    const invites = await invitesOf(carol);
    const meetingState = invites[stored.roomId!]?.find((e) => e.type === "org.plenum.meeting");
    expect(meetingState?.content).toMatchObject({
      id: stored.id,
      title: "Jour fixe",
      start: "2026-11-30T10:00:00+01:00",
      end: "2026-11-30T11:00:00+01:00",
      timezone: "Europe/Berlin",
      rrule: stored.rrule,
      organizer: alice.userId,
      status: "scheduled",
    });
  });

  test("!meet info says the series in words in English, never the raw rule", async () => {
    const stored = await schedule(
      `!meet schedule "Weekly sync" 2026-11-30 10:00 every weekly until 2027-03-31`,
    );
    const info = String((await command(alice, team, `!meet info ${stored.id}`)).getContent().body);
    expect(info).toContain("Repeats: every week on Monday until 31 March 2027");
    expect(info).not.toContain("FREQ=");
  });

  test("!meet info says the series in words in German for a reader who chose German", async () => {
    const stored = await schedule(
      `!meet schedule "Morgenrunde" 2026-11-30 09:00 every weekdays until 2027-03-31 with ${bob.userId}`,
    );
    await command(bob, team, "!meet lang de");
    try {
      const info = String((await command(bob, team, `!meet info ${stored.id}`)).getContent().body);
      expect(info).toContain("Wiederholung: jeden Werktag bis 31.03.2027");
      expect(info).not.toContain("FREQ=");
    } finally {
      await command(bob, team, "!meet lang en");
    }
  });

  test("!meet list names each series in words", async () => {
    const list = String((await command(alice, team, "!meet list")).getContent().body);
    expect(list).toMatch(/“Weekly sync”, .*, every week on Monday until 31 March 2027/);
    expect(list).not.toContain("FREQ=");
  });

  test("the welcome message says the series in words and links to the meeting's own calendar file", async () => {
    const stored = await schedule(
      `!meet schedule "Fortnightly" 2026-12-02 14:00 every biweekly until 2027-02-24`,
    );
    const welcome = await welcomeOf(stored.roomId!);
    expect(welcome).toContain("Repeats: every 2 weeks on Wednesday until 24 February 2027");
    expect(welcome).not.toContain("FREQ=");
    expect(calendarUrlIn(welcome)).toContain(`/calendar/meeting/${stored.id}/`);
  });

  test("the signed calendar link serves that meeting's .ics, which ical.js imports with its series", async () => {
    const stored = await schedule(
      `!meet schedule "Importable" 2026-12-01 11:00 every weekly until 2026-12-22`,
    );
    const info = String((await command(alice, team, `!meet info ${stored.id}`)).getContent().body);
    const url = calendarUrlIn(info);
    expect(url).not.toMatch(/token/);
    const file = await calendarFile(url);
    expect(file.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(file.text));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe(`${stored.id}@plenum`);
    expect(event.summary).toBe("Importable");
    const starts: string[] = [];
    const expansion = event.iterator();
    for (let next = expansion.next(); next && starts.length < 6; next = expansion.next())
      starts.push(next.toJSDate().toISOString());
    expect(starts).toEqual([
      "2026-12-01T10:00:00.000Z",
      "2026-12-08T10:00:00.000Z",
      "2026-12-15T10:00:00.000Z",
      "2026-12-22T10:00:00.000Z",
    ]);
  });

  test("a calendar link with a wrong signature, or signed for another meeting, gets 404", async () => {
    const first = await schedule(`!meet schedule "First" 2026-12-03 10:00`);
    const second = await schedule(`!meet schedule "Second" 2026-12-03 11:00`);
    const url = calendarUrlIn(await welcomeOf(first.roomId!));
    expect((await calendarFile(url.replace(/\/[^/]+\.ics$/, "/AAAA.ics"))).status).toBe(404);
    expect((await calendarFile(url.replace(`/${first.id}/`, `/${second.id}/`))).status).toBe(404);
  });

  test("!meet move <id> <date> to <when> moves one date of a series; the calendar file carries it as an overridden instance", async () => {
    const stored = await schedule(`!meet schedule "Movable" 2026-12-07 10:00 every weekly until 2026-12-28`);
    const reply = String(
      (await command(alice, team, `!meet move ${stored.id} 2026-12-14 to 2026-12-16 15:00`)).getContent()
        .body,
    );
    expect(reply).toContain("on 2026-12-14 moves to Wed, Dec 16, 2026, 15:00–16:00 (Europe/Berlin)");
    const moved = await env.plenum.meetingDeps.meetings.get(stored.id);
    expect(moved).toMatchObject({
      start: "2026-12-07T10:00:00+01:00",
      overrides: [{ recurrenceId: "2026-12-14T10:00:00+01:00", start: "2026-12-16T15:00:00+01:00" }],
    });
    const state = (await env.roomMessages("bot", stored.roomId!)).find(
      (e) => e.type === "org.plenum.meeting",
    );
    expect(state?.content.overrides).toEqual([
      {
        recurrence_id: "2026-12-14T10:00:00+01:00",
        start: "2026-12-16T15:00:00+01:00",
        end: "2026-12-16T16:00:00+01:00",
      },
    ]);
    const file = await calendarFile(calendarUrlIn(await welcomeOf(stored.roomId!)));
    expect(file.text).toContain("RECURRENCE-ID;TZID=Europe/Berlin:20261214T100000");
    const calendar = new ICAL.Component(ICAL.parse(file.text));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const [master, ...exceptions] = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    for (const exception of exceptions) master!.relateException(exception);
    const starts: string[] = [];
    const expansion = master!.iterator();
    for (let next = expansion.next(); next && starts.length < 6; next = expansion.next())
      starts.push(master!.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    expect(starts).toEqual([
      "2026-12-07T09:00:00.000Z",
      "2026-12-16T14:00:00.000Z",
      "2026-12-21T09:00:00.000Z",
      "2026-12-28T09:00:00.000Z",
    ]);
  });

  test("the reminders of a moved date follow it", async () => {
    const stored = await schedule(`!meet schedule "Reminded" 2026-11-23 17:00 every daily until 2026-11-27`);
    await command(alice, team, `!meet move ${stored.id} 2026-11-24 to 2026-11-24 18:30`);
    const jobs = await env.plenum.db("jobs").where("key", "like", `${stored.id}|%`).select("key");
    expect(jobs.map((j: { key: string }) => j.key)).toEqual(
      expect.arrayContaining([`${stored.id}|2026-11-23T16:00:00.000Z|start`]),
    );
    clock.set(Date.parse("2026-11-23T18:00:00Z"));
    try {
      await command(alice, team, `!meet move ${stored.id} 2026-11-25 to 2026-11-25 09:00`);
      const keys = (await env.plenum.db("jobs").where("key", "like", `${stored.id}|%`).select("key")).map(
        (j: { key: string }) => j.key,
      );
      expect(keys).toEqual(expect.arrayContaining([`${stored.id}|2026-11-24T17:30:00.000Z|start`]));
      expect(keys).not.toEqual(expect.arrayContaining([`${stored.id}|2026-11-24T16:00:00.000Z|start`]));
    } finally {
      clock.set(MONDAY_9AM);
    }
  });

  test("moving a date that is not in the series, or one already over, gets a clear answer and changes nothing", async () => {
    const stored = await schedule(`!meet schedule "Strict" 2026-11-23 10:00 every daily until 2026-11-27`);
    // The first date, 10:00–11:00, is over at 12:30.
    clock.set(Date.parse("2026-11-23T11:30:00Z"));
    try {
      const notInSeries = String(
        (await command(alice, team, `!meet move ${stored.id} 2026-12-01 to 2026-12-02 10:00`)).getContent()
          .body,
      );
      expect(notInSeries).toBe(
        `The series ${stored.id} has no meeting on 2026-12-01. !meet info ${stored.id} shows the next dates.`,
      );
      const over = String(
        (await command(alice, team, `!meet move ${stored.id} 2026-11-23 to 2026-11-24 12:00`)).getContent()
          .body,
      );
      expect(over).toBe("The meeting on 2026-11-23 is already over; only coming dates can be moved.");
      const intoPast = String(
        (await command(alice, team, `!meet move ${stored.id} 2026-11-25 to 2026-11-20 10:00`)).getContent()
          .body,
      );
      expect(intoPast).toContain("has already passed");
      expect((await env.plenum.meetingDeps.meetings.get(stored.id))?.overrides).toEqual([]);
    } finally {
      clock.set(MONDAY_9AM);
    }
  });
});
