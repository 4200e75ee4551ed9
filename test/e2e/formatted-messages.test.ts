import type { MatrixEvent } from "matrix-js-sdk";
import { registerUser } from "../../scripts/synapse-admin.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Tests run at a fixed, known instant: Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

/** A display name as anyone may choose it: markup, a javascript: link and a room mention. */
const HOSTILE_NAME = '<b>Boss</b> <a href="javascript:alert(1)">click</a> @room';

describe("formatted answers on a real Synapse: help, lists, info, paging", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      start: { clock: new ManualClock(MONDAY_9AM), schedulerTimer: false },
    });
    [alice, bob] = (await env.createUsers("alice", "bob")) as [TestUser, TestUser];
    await bob.client.setDisplayName("Bob Beispiel");
    team = await env.roomWithMembers(alice, [bob]);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(user, roomId, body);
    return env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
  }

  const html = (event: MatrixEvent) => String(event.getContent().formatted_body);
  const body = (event: MatrixEvent) => String(event.getContent().body);

  async function schedule(roomId: string, text: string) {
    const reply = body(await command(alice, roomId, text));
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in: ${reply}`);
    return (await env.plenum.meetingDeps.meetings.get(id))!;
  }

  const roomHref = (roomId: string) =>
    `https://matrix.to/#/${encodeURIComponent(roomId)}?via=${encodeURIComponent(env.state.homeserver.serverName)}`;

  test("!meet help comes as HTML with a heading for each group, and as plain text", async () => {
    const reply = await command(alice, team, "!meet help");
    expect(reply.getContent().format).toBe("org.matrix.custom.html");
    for (const heading of ["Planning", "During a meeting", "Council sessions", "Settings"])
      expect(html(reply)).toContain(`<h4>${heading}</h4><ul><li><code>!meet `);
    expect(body(reply)).toContain("\n\nPlanning\n!meet schedule");
  });

  test("!meet list shows each title in bold, linked to its meeting room by name", async () => {
    const meeting = await schedule(team, '!meet schedule "Budget review" 2026-11-24 10:00');
    const reply = await command(alice, team, "!meet list");
    expect(html(reply)).toContain(
      `<li><code>${meeting.id}</code>: “<strong><a href="${roomHref(meeting.roomId!)}">Budget review</a></strong>”, Tue, Nov 24, 2026`,
    );
    expect(body(reply)).toContain(`• ${meeting.id}: “Budget review”, Tue, Nov 24, 2026, 10:00–11:00`);
  });

  describe("a room with more meetings than fit on one page", () => {
    let busy: string;

    beforeAll(async () => {
      busy = await env.roomWithMembers(alice, [bob], "Busy");
      for (let day = 1; day <= 11; day++)
        await schedule(busy, `!meet schedule "Session ${day}" 2026-12-${String(day).padStart(2, "0")} 10:00`);
    });

    test("!meet list shows the first ten and names the command for the next page", async () => {
      const reply = body(await command(alice, busy, "!meet list"));
      expect(reply).toContain("“Session 10”");
      expect(reply).not.toContain("“Session 11”");
      expect(reply).toMatch(/\n\nPage 1 of 2\. Next page: !meet list 2$/);
    });

    test("!meet list 2 shows the rest and says it is the last page", async () => {
      const reply = body(await command(alice, busy, "!meet list 2"));
      expect(reply).toContain("“Session 11”");
      expect(reply).not.toContain("“Session 1”");
      expect(reply).toMatch(/\n\nPage 2 of 2\.$/);
    });

    test("a page beyond the list is answered with how many pages there are", async () => {
      expect(await env.ask(alice, busy, "!meet list 3")).toBe("There is no page 3: the last page is 2.");
    });

    test("a page that is no number is answered clearly, in German for a German reader", async () => {
      await env.ask(alice, busy, "!meet lang de");
      expect(await env.ask(alice, busy, "!meet list zwei")).toBe(
        "„zwei“ ist keine Seitenzahl. Geben Sie eine Zahl wie 2 an oder nichts für die erste Seite.",
      );
      await env.ask(alice, busy, "!meet lang en");
    });
  });

  test("!meet info names the participants by their display names, as pills", async () => {
    const meeting = await schedule(team, `!meet schedule "Names" 2026-11-25 10:00 with ${bob.userId}`);
    const reply = await command(alice, team, `!meet info ${meeting.id}`);
    expect(body(reply)).toMatch(/\n• Participants \(2\): [^\n]*Bob Beispiel/);
    expect(html(reply)).toContain(
      `<a href="https://matrix.to/#/${encodeURIComponent(bob.userId)}">Bob Beispiel</a>`,
    );
    expect(html(reply)).toContain(`Meeting room: <a href="${roomHref(meeting.roomId!)}">Names</a>`);
  });

  test("!meet info answers a German reader in German, the participants by display name", async () => {
    const meeting = await schedule(team, `!meet schedule "Namen" 2026-11-25 12:00 with ${bob.userId}`);
    await env.ask(bob, team, "!meet lang de");
    const reply = await command(bob, team, `!meet info ${meeting.id}`);
    await env.ask(bob, team, "!meet lang en");
    expect(body(reply)).toMatch(/^„Namen“ \([A-Z0-9-]+\)\n• Wann: Mi\., 25\. Nov\. 2026/);
    expect(body(reply)).toMatch(/\n• Teilnehmende \(2\): [^\n]*Bob Beispiel/);
    expect(html(reply)).toContain(`Besprechungsraum: <a href="${roomHref(meeting.roomId!)}">Namen</a>`);
  });

  test("!meet info names twenty participants, then says how many more there are", async () => {
    const many: string[] = [];
    for (let n = 0; n < 22; n++)
      many.push((await registerUser(env.state.homeserver, `many${n}-${Date.now().toString(36)}`)).userId);
    const meeting = await schedule(team, `!meet schedule "Crowd" 2026-11-26 10:00 with ${many.join(" ")}`);
    const reply = body(await command(alice, team, `!meet info ${meeting.id}`));
    const line = /• Participants \(23\): (.*) and 3 more\n/.exec(reply);
    expect(line?.[1]?.split(", ")).toHaveLength(20);
  });

  describe("names and titles anyone may choose", () => {
    let carol: TestUser;
    let answer: MatrixEvent;

    beforeAll(async () => {
      carol = await env.createUser("carol");
      await carol.client.setDisplayName(HOSTILE_NAME);
      const meeting = await schedule(
        team,
        `!meet schedule "<b>Plenary</b> @room <a href=javascript:alert(1)>x</a>" 2026-11-27 10:00 with ${carol.userId}`,
      );
      // Synapse keeps its own users' names short; a remote server may send a member event of 64 KB.
      const forged = "@remote:elsewhere.example";
      await env.plenum.meetingDeps.meetings.addParticipants(meeting.id, [forged], MONDAY_9AM);
      await env.plenum.meetingDeps.roomState.apply(
        meeting.roomId!,
        {
          type: "m.room.member",
          state_key: forged,
          content: { membership: "invite", displayname: `<i>${"x".repeat(65_000)}` },
          event_id: "$forged-member",
          sender: forged,
        },
        Number.MAX_SAFE_INTEGER,
      );
      answer = await command(alice, team, `!meet info ${meeting.id}`);
    });

    test("markup and javascript: links in them reach formatted_body only as text", () => {
      expect(html(answer)).not.toMatch(/<b>|<i>|<a href="javascript/);
      expect(html(answer)).toContain(
        "&lt;b&gt;Boss&lt;/b&gt; &lt;a href=&quot;javascript:alert(1)&quot;&gt;click",
      );
      expect(html(answer)).toContain(
        "<strong>“&lt;b&gt;Plenary&lt;/b&gt; @room &lt;a href=javascript:alert(1)&gt;x&lt;/a&gt;”",
      );
    });

    test("@room in them mentions nobody but the one who asked", () => {
      expect(answer.getContent()["m.mentions"]).toEqual({ user_ids: [alice.userId] });
    });

    test("a 64 KB display name is cut to 64 characters, so the answer stays small", () => {
      expect(html(answer)).toContain(`&lt;i&gt;${"x".repeat(60)}…</a>`);
      expect(html(answer).length).toBeLessThan(4_000);
      expect(body(answer).length).toBeLessThan(2_000);
    });
  });
});
