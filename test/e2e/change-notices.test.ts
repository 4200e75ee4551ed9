import type { MatrixEvent } from "matrix-js-sdk";
import type { Meeting } from "../../core/meetings/model.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

interface Message {
  sender: string;
  type: string;
  content: Record<string, unknown>;
}

describe("changes of a meeting reach the people they concern, on a real Synapse", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: string;
  let budget: Meeting;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      start: { clock: new ManualClock(MONDAY_9AM), schedulerTimer: false },
    });
    [alice, bob, carol] = (await env.createUsers("alice", "bob", "carol")) as [TestUser, TestUser, TestUser];
    team = await env.roomWithMembers(alice, [bob], "Team");
    const reply = await command(alice, team, `!meet schedule "Budget" 2026-11-24 10:00 with ${bob.userId}`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))![1]!;
    budget = (await env.plenum.meetingDeps.meetings.get(id))!;
    await alice.client.joinRoom(budget.roomId!);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(user, roomId, body);
    return env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
  }

  async function messages(roomId: string, prefix: string): Promise<Message[]> {
    return (await env.roomMessages("bot", roomId)).filter(
      (e) => e.type === "m.room.message" && String(e.content.body ?? "").startsWith(prefix),
    );
  }

  /** What the pinned welcome says now: the latest edit's `m.new_content`, read through /relations. */
  async function welcomeNow(): Promise<{ body: string; pinned: unknown }> {
    const welcome = (await env.plenum.meetingDeps.welcomes.get(budget.id))!;
    const room = encodeURIComponent(budget.roomId!);
    const response = await fetch(
      `${env.state.homeserver.url}/_matrix/client/v1/rooms/${room}/relations/${encodeURIComponent(welcome)}/m.replace?dir=b&user_id=${encodeURIComponent(env.botUserId)}`,
      { headers: { authorization: `Bearer ${env.slot.asToken}` } },
    );
    const edits = ((await response.json()) as { chunk: Message[] }).chunk;
    const pinned = (await env.plenum.gateway.getState(budget.roomId!, "m.room.pinned_events", ""))?.pinned;
    const latest = edits[0]?.content["m.new_content"] as { body: string } | undefined;
    return { body: latest?.body ?? "", pinned: pinned === undefined ? undefined : [...(pinned as string[])] };
  }

  const topic = async () =>
    String((await env.plenum.gateway.getState(budget.roomId!, "m.room.topic", ""))?.topic);

  test("a move typed in the team room: the meeting room gets a notice mentioning the participants, the team room only the answer", async () => {
    await command(alice, team, `!meet move ${budget.id} 2026-11-24 11:00`);
    const notice = await env.waitForMessage(budget.roomId!, "“Budget” has moved to");
    expect(notice.content["m.mentions"]).toEqual({ user_ids: [bob.userId] });
    expect(String(notice.content.formatted_body)).toContain(
      `<a href="https://matrix.to/#/${encodeURIComponent(bob.userId)}">${bob.userId}</a>`,
    );
    expect(await messages(team, "“Budget” has moved to")).toHaveLength(1);
  });

  test("after a move the pinned welcome is edited in place to the new time, and the topic follows", async () => {
    const welcome = (await env.plenum.meetingDeps.welcomes.get(budget.id))!;
    await env.eventually(async () => (await welcomeNow()).body.includes("11:00"), "the welcome's edit");
    const now = await welcomeNow();
    expect(now.body).toContain("When: Tue, Nov 24, 2026, 11:00–");
    expect(now.pinned).toEqual([welcome]);
    expect(await topic()).toMatch(/^Tue, Nov 24, 2026, 11:00–/);
  });

  test("an edit typed in the meeting room is one message there that mentions the participants, and a line in the team room", async () => {
    const answer = await command(alice, budget.roomId!, "!meet edit title Budget 2027");
    expect(answer.getContent()["m.mentions"]).toEqual({ user_ids: [alice.userId, bob.userId] });
    expect(answer.getContent().body).toContain(`For: ${bob.userId}`);
    expect(await messages(budget.roomId!, `${alice.userId} changed “Budget”`)).toHaveLength(1);
    const line = await env.waitForMessage(team, `${alice.userId} changed “Budget”`);
    expect(String(line.content.formatted_body)).toContain(">Budget 2027</a>");
    expect(line.content["m.mentions"]).toEqual({});
    await env.eventually(
      async () => (await welcomeNow()).body.includes("“Budget 2027”"),
      "the renamed welcome",
    );
  });

  test("an invite and an uninvite are announced to the participants in the meeting room", async () => {
    await command(alice, team, `!meet invite ${budget.id} ${carol.userId}`);
    const invited = await env.waitForMessage(budget.roomId!, `${alice.userId} invited ${carol.userId}`);
    expect(invited.content["m.mentions"]).toEqual({ user_ids: [bob.userId, carol.userId] });
    await command(alice, team, `!meet uninvite ${budget.id} ${carol.userId}`);
    const removed = await env.waitForMessage(budget.roomId!, `${alice.userId} removed ${carol.userId}`);
    expect(removed.content["m.mentions"]).toEqual({ user_ids: [bob.userId] });
  });

  test("a cancel reaches the participants, and the welcome and the topic say it is cancelled", async () => {
    await command(alice, team, `!meet cancel ${budget.id}`);
    const notice = await env.waitForMessage(budget.roomId!, "“Budget 2027” has been cancelled");
    expect(notice.content["m.mentions"]).toEqual({ user_ids: [bob.userId] });
    await env.eventually(
      async () => (await welcomeNow()).body.startsWith("This meeting has been cancelled."),
      "the welcome to say the meeting is cancelled",
    );
    expect(await topic()).toMatch(/^This meeting has been cancelled\. Tue, Nov 24, 2026, 11:00–/);
  });
});
