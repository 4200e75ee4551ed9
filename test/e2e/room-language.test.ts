import type { MatrixEvent } from "matrix-js-sdk";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("a room's own language, on a real Synapse", () => {
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
    team = await env.roomWithMembers(alice, [bob], "Team");
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(user, roomId, body);
    return env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
  }

  test("a member who is not a moderator may not set the room's language", async () => {
    expect(await env.ask(bob, team, "!meet roomlang de")).toBe(
      "Only the moderators of this room may use “!meet roomlang” here.",
    );
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBeUndefined();
  });

  test("a moderator sets the room's language, answered in that language", async () => {
    expect(await env.ask(alice, team, "!meet roomlang de")).toBe(
      "Hinweise in diesem Raum erscheinen ab jetzt auf Deutsch.",
    );
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBe("de");
  });

  test("replies to one person keep that person's language in a German room", async () => {
    expect(await env.ask(bob, team, "!meet list")).toBe("No upcoming meetings.");
  });

  test("a change notice in a meeting room follows the meeting room's language, the answer the sender's", async () => {
    const reply = await command(alice, team, `!meet schedule "Budget" 2026-11-24 10:00 with ${bob.userId}`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))![1]!;
    const { roomId } = (await env.plenum.meetingDeps.meetings.get(id))!;
    await alice.client.joinRoom(roomId!);
    expect(await env.ask(alice, roomId!, "!meet roomlang de")).toBe(
      "Hinweise in diesem Raum erscheinen ab jetzt auf Deutsch.",
    );
    const moved = await env.ask(alice, team, `!meet move ${id} 2026-11-25 11:00`);
    expect(moved).toMatch(/^“Budget” has moved to Wed, Nov 25, 2026, 11:00–/);
    const notice = await env.waitForMessage(
      roomId!,
      "„Budget“ wurde verschoben auf Mi., 25. Nov. 2026, 11:00–",
    );
    expect(notice.sender).toBe(env.botUserId);
  });

  test("set back to default, the room's notices follow the configured language again", async () => {
    expect(await env.ask(alice, team, "!meet roomlang default")).toBe(
      "Notices in this room follow the configured default language (en) again.",
    );
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBeUndefined();
  });

  test("a moderator's !meet lang sets the room's language as well as their own, and says so", async () => {
    expect(await env.ask(alice, team, "!meet lang de")).toBe(
      "Ich antworte Ihnen ab jetzt auf Deutsch, und Hinweise in diesem Raum (Erinnerungen, Anrufaktivität, Änderungen) erscheinen ebenfalls auf Deutsch. Um nur Ihre eigene Sprache zu ändern, schreiben Sie das in Ihren Direktchat mit mir.",
    );
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBe("de");
    expect(await env.ask(alice, team, "!meet tanzen")).toContain("Den Befehl „tanzen“ gibt es nicht");
  });

  test("a member who is not a moderator changes only their own language with !meet lang, and is told so", async () => {
    expect(await env.ask(bob, team, "!meet lang en")).toBe(
      "I will answer you in English from now on. Notices in this room keep the language its moderators chose.",
    );
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBe("de");
    expect(await env.ask(bob, team, "!meet tanzen")).toContain("There is no command “tanzen”");
  });

  test("in a direct chat with the bot, !meet lang changes only the person's own language", async () => {
    const direct = await env.roomWithBot(alice, "Alice and Plenum");
    expect(await env.ask(alice, direct, "!meet lang en")).toBe("I will answer you in English from now on.");
    expect(await env.plenum.meetingDeps.roomLanguages.get(direct)).toBeUndefined();
    expect(await env.plenum.meetingDeps.roomLanguages.get(team)).toBe("de");
  });
});
