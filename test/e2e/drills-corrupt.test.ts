import {
  meetingNamedIn,
  meetingScene,
  messagesStartingWith,
  type MeetingScene,
} from "../support/meeting-scene.js";

/**
 * Failure drill (issue #7): one corrupt meeting row and one corrupt state event in Plenum's copy do
 * not stop start-up or the scheduler; they are logged and skipped, and the other meetings go on.
 */
describe("drill: a corrupt meeting row and a corrupt state event", () => {
  let scene: MeetingScene;

  beforeAll(async () => {
    scene = await meetingScene();
  });

  afterAll(async () => {
    await scene?.env.stop();
  });

  async function schedule(title: string) {
    const { env, alice, bob, team } = scene;
    const eventId = await env.say(
      alice,
      team,
      `!meet schedule "${title}" 2026-11-23 09:30 with ${bob.userId}`,
    );
    return meetingNamedIn(env, await env.replyTo(alice, team, eventId));
  }

  test("start-up and the scheduler go on past them, and both are logged", async () => {
    const { env, clock, alice } = scene;
    const broken = await schedule("Broken");
    const healthy = await schedule("Healthy");
    await env.plenum.db("meetings").where({ id: broken.id }).update({ exdates: "{not json" });
    await env.plenum
      .db("room_state")
      .where({ room_id: healthy.roomId, type: "m.room.member", state_key: alice.userId })
      .update({ content: "[1, 2" });

    await env.restartPlenum();
    clock.set(Date.parse("2026-11-23T08:20:00Z"));
    await env.plenum.scheduler!.tick();
    await env.waitForMessage(healthy.roomId, "“Healthy” starts in 10 minutes");

    const skipped = env.logLines
      .map((line) => JSON.parse(line) as { msg?: string; table?: string; key?: Record<string, unknown> })
      .filter((entry) => entry.msg === "stored row cannot be read; skipped");
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: "meetings", key: { id: broken.id } }),
        expect.objectContaining({
          table: "room_state",
          key: { room_id: healthy.roomId, type: "m.room.member", state_key: alice.userId },
        }),
      ]),
    );
    expect(await messagesStartingWith(env, broken.roomId, "“Broken” starts")).toBe(0);
  });
});
