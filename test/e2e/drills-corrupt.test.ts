import type { MatrixEvent } from "matrix-js-sdk";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

/**
 * Failure drill (issue #7): one corrupt meeting row and one corrupt state event in Plenum's copy do
 * not stop start-up or the scheduler; they are logged and skipped, and the other meetings go on.
 */
describe("drill: a corrupt meeting row and a corrupt state event", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ start: { clock, schedulerTimer: false } });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    team = await env.roomWithBot(alice);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function schedule(title: string): Promise<{ id: string; roomId: string }> {
    const eventId = await env.say(
      alice,
      team,
      `!meet schedule "${title}" 2026-11-23 09:30 with ${bob.userId}`,
    );
    const reply: MatrixEvent = await env.replyTo(alice, team, eventId);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))?.[1];
    const meeting = id ? await env.plenum.meetingDeps.meetings.get(id) : undefined;
    if (!meeting?.roomId) throw new Error(`no meeting in: ${reply.getContent().body}`);
    return { id: meeting.id, roomId: meeting.roomId };
  }

  test("start-up and the scheduler go on past them, and both are logged", async () => {
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
    expect(
      (await env.roomMessages("bot", broken.roomId)).filter((e) =>
        String(e.content.body).startsWith("“Broken” starts"),
      ),
    ).toHaveLength(0);
    clock.set(MONDAY_9AM);
  });
});
