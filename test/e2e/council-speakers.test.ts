import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin; the session starts at 09:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");

describe("the list of speakers of a council session, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: string;

  async function ask(user: TestUser, roomId: string, text: string): Promise<string> {
    const eventId = await env.say(user, roomId, text);
    return String((await env.replyTo(user, roomId, eventId, `the reply to “${text}”`)).getContent().body);
  }

  /** The pinned list message and its text after the latest edit, read from the homeserver. */
  async function pinnedList(): Promise<{ eventId: string; text: string; originals: number }> {
    const pinned = (await env.plenum.gateway.getState(room, "m.room.pinned_events", ""))?.pinned as string[];
    const stored = await env.plenum.meetingDeps.speakers.get(room);
    const eventId = stored.messageId!;
    expect(pinned).toContain(eventId);
    const events = await env.roomMessages("bot", room);
    const edits = events.filter(
      (e) =>
        (e.content["m.relates_to"] as { rel_type?: string; event_id?: string } | undefined)?.event_id ===
        eventId,
    );
    const originals = events.filter(
      (e) => !e.content["m.relates_to"] && String(e.content.body ?? "").startsWith("List of speakers"),
    ).length;
    const latest = edits[0]?.content["m.new_content"] as { body: string } | undefined;
    const original = events.find((e) => (e as { event_id?: string }).event_id === eventId);
    return { eventId, text: latest?.body ?? String(original?.content.body), originals };
  }

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ locale: "en", start: { clock, schedulerTimer: false } });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    carol = await env.createUser("carol");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 2h with ${bob.userId} ${carol.userId}`,
    );
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    room = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
    for (const user of [alice, bob, carol]) await user.client.joinRoom(room);
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("before the session is live, asking to speak is refused", async () => {
    expect(await ask(bob, room, "!meet speak")).toBe("The list of speakers opens when the meeting is live.");
  });

  test("requests to speak appear in one pinned message, edited in place", async () => {
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(
      async () => (await env.plenum.meetingDeps.meetings.byRoomId(room))?.status === "live",
      "the session to go live",
    );
    expect(await ask(bob, room, "!meet speak Budget 2027")).toBe(
      "You are on the list of speakers at position 1.",
    );
    const first = await pinnedList();
    expect(first.text).toContain(`1. ${bob.userId} on “Budget 2027”`);
    expect(await ask(carol, room, "!meet speak")).toBe("You are on the list of speakers at position 2.");
    const second = await pinnedList();
    expect(second.eventId).toBe(first.eventId);
    expect(second.text).toContain(`2. ${carol.userId}`);
    expect(second.originals).toBe(1);
  });

  test("asking twice is answered with the position already held", async () => {
    expect(await ask(carol, room, "!meet speak again")).toBe("You are already on the list (position 2).");
  });

  test("only moderators may give the floor", async () => {
    expect(await ask(bob, room, "!meet next")).toBe("You are not allowed to use “!meet next” here.");
  });

  test("next with a speaking time gives the floor and shows until when", async () => {
    expect(await ask(alice, room, "!meet next 3m")).toBe(`${bob.userId} has the floor for 3m.`);
    const { text } = await pinnedList();
    expect(text).toContain(`🎤 Speaking: ${bob.userId} on “Budget 2027” (until 09:33)`);
    expect(text).toContain(`1. ${carol.userId}`);
  });

  test("the list survives a restart, and a withdrawal still edits the same message", async () => {
    const before = await pinnedList();
    await env.restartPlenum();
    expect(await ask(carol, room, "!meet withdraw")).toBe("You have left the list of speakers.");
    const after = await pinnedList();
    expect(after.eventId).toBe(before.eventId);
    expect(after.text).toContain(`🎤 Speaking: ${bob.userId}`);
    expect(after.text).toContain("Nobody is waiting.");
    expect(after.originals).toBe(1);
  });

  test("when the speaking time runs out, the speaker is told, once", async () => {
    clock.set(SESSION_START + 3 * 60_000);
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(room, `${bob.userId}, your speaking time is up.`);
    await env.plenum.scheduler!.tick();
    const notices = (await env.roomMessages("bot", room)).filter((e) =>
      String(e.content.body ?? "").endsWith("your speaking time is up."),
    );
    expect(notices).toHaveLength(1);
  });

  test("a wrong speaking time is refused and changes nothing", async () => {
    const before = await env.plenum.meetingDeps.speakers.get(room);
    expect(await ask(alice, room, "!meet next soon")).toBe(
      "“soon” is not a speaking time. Examples: 3m, 90s, 1m30s",
    );
    expect(await env.plenum.meetingDeps.speakers.get(room)).toEqual(before);
  });

  test("clear empties the list and the turns given stay on record", async () => {
    expect(await ask(alice, room, "!meet clear")).toBe("The list of speakers is empty now.");
    expect((await pinnedList()).text).toContain("🎤 Nobody has the floor.");
    const turns = await env.plenum.meetingDeps.speakers.turns(room);
    expect(turns.map((t) => t.userId)).toEqual([bob.userId]);
  });
});
