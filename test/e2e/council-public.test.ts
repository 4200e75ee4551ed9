import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin; the session runs 09:30–10:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");
const STREAM = "https://stream.example.org/council.m3u8";

describe("public sessions with a read-only audience room, on a real Synapse", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let meetingId: string;
  let room: string;
  let audience: string;

  /** The audience room's timeline as `user` reads it from the homeserver, without having joined. */
  async function readAs(user: TestUser): Promise<{ status: number; events: Record<string, unknown>[] }> {
    const response = await fetch(
      `${env.state.homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(audience)}/messages?dir=b&limit=100`,
      { headers: { authorization: `Bearer ${user.accessToken}` } },
    );
    const body = (await response.json()) as { chunk?: Record<string, unknown>[] };
    return { status: response.status, events: body.chunk ?? [] };
  }

  /** The pinned status message's text after its latest edit. */
  async function status(id = meetingId): Promise<string> {
    const session = (await env.plenum.meetingDeps.publicSessions.get(id))!;
    const pinned = (await env.plenum.gateway.getState(session.audienceRoomId, "m.room.pinned_events", ""))
      ?.pinned;
    expect(pinned).toContain(session.statusMessageId);
    const events = await env.roomMessages("bot", session.audienceRoomId);
    const edit = events.find(
      (e) =>
        (e.content["m.relates_to"] as { event_id?: string } | undefined)?.event_id ===
        session.statusMessageId,
    );
    if (edit) return (edit.content["m.new_content"] as { body: string }).body;
    return String(
      events.find((e) => String(e.content.body ?? "").startsWith("Public session"))?.content.body,
    );
  }

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ locale: "en", start: { clock, schedulerTimer: false } });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    eve = await env.createUser("eve");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 1h with ${bob.userId}`,
    );
    meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    room = (await env.plenum.meetingDeps.meetings.get(meetingId))!.roomId!;
    await alice.client.joinRoom(room);
    await bob.client.joinRoom(room);
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("only moderators may make a session public, and only with an https stream address", async () => {
    expect(await env.ask(bob, room, "!meet public on")).toBe(
      "You are not allowed to use “!meet public” here.",
    );
    expect(await env.ask(alice, room, "!meet public on http://stream.example.org/x")).toBe(
      "“http://stream.example.org/x” is not an https address of a stream or player page.",
    );
    expect(await env.plenum.meetingDeps.publicSessions.get(meetingId)).toBeUndefined();
  });

  test("a public session gets an audience room that an uninvited user can read", async () => {
    expect(await env.ask(alice, room, `!meet public on ${STREAM}`)).toMatch(
      /^“Council” is a public session now/,
    );
    audience = (await env.plenum.meetingDeps.publicSessions.get(meetingId))!.audienceRoomId;
    expect((await env.plenum.gateway.getState(audience, "m.room.create", ""))?.type).toBe(
      "org.plenum.audience",
    );
    const read = await readAs(eve);
    expect(read.status).toBe(200);
    const bodies = read.events.map((e) => String((e.content as { body?: string }).body ?? ""));
    expect(bodies.some((b) => b.startsWith("Public session: “Council”"))).toBe(true);
    expect(await status()).toContain("Status: upcoming");
    await env.waitForMessage(room, "This meeting is a public session.");
  });

  test("a visitor may join the audience room but not post in it", async () => {
    await eve.client.joinRoom(audience);
    await expect(env.say(eve, audience, "Hello council")).rejects.toMatchObject({ httpStatus: 403 });
  });

  test("moving the session updates the audience room's status to the new time", async () => {
    const topic = async () => String((await env.plenum.gateway.getState(room, "m.room.topic", ""))?.topic);
    await env.ask(alice, room, "!meet move 2026-11-23 10:00");
    expect(await topic()).toMatch(/10:00/);
    await env.eventually(async () => (await status()).includes(`When: ${await topic()}`), "the moved time");
    await env.ask(alice, room, "!meet move 2026-11-23 09:30");
    await env.eventually(
      async () => (await status()).includes(`When: ${await topic()}`),
      "the time moved back",
    );
    expect(await status()).toContain("Status: upcoming");
  });

  test("when the session goes live, the status says so and links the stream", async () => {
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(async () => (await status()).includes("Status: 🔴 live"), "the live status");
    expect(await status()).toContain(`Watch the stream: ${STREAM}`);
  });

  test("when the session ends, the status says ended and the stream link is gone", async () => {
    clock.set(SESSION_START + 60 * 60_000);
    await env.plenum.scheduler!.tick();
    await env.eventually(async () => (await status()).includes("Status: ended"), "the ended status");
    expect(await status()).not.toContain("Watch the stream");
  });

  test("public off closes the audience room to newcomers and says so", async () => {
    clock.set(MONDAY_9AM);
    expect(await env.ask(alice, room, "!meet public off")).toBe(
      "“Council” is no longer public; its audience room takes no new visitors.",
    );
    expect((await env.plenum.gateway.getState(audience, "m.room.join_rules", ""))?.join_rule).toBe("invite");
    expect(await status()).toContain("This session is no longer public");
    expect(await env.ask(alice, room, "!meet public off")).toBe("“Council” is not a public session.");
  });

  test("cancelling a public session shows it as cancelled in its audience room", async () => {
    const team = await env.roomWithBot(alice, "Hearing");
    const reply = await env.ask(alice, team, `!meet schedule "Hearing" 2026-11-24 14:00 for 1h`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const hearing = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
    await alice.client.joinRoom(hearing);
    await env.ask(alice, hearing, "!meet public on");
    expect(await status(id)).toContain("Status: upcoming");
    await env.ask(alice, hearing, "!meet cancel");
    await env.eventually(
      async () => (await status(id)).includes("Status: cancelled"),
      "the cancelled status",
    );
  });
});
