import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("meeting policies from the configuration", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: string;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      start: { clock, schedulerTimer: false },
      config: {
        meetings: {
          max_participants: 2,
          allow_open_ended_series: false,
          after_end: "close",
          after_end_delay: 0,
        },
      },
    });
    [alice, bob, carol] = [
      await env.createUser("alice"),
      await env.createUser("bob"),
      await env.createUser("carol"),
    ];
    team = await env.roomWithBot(alice, "Team");
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function answer(body: string): Promise<string> {
    const eventId = await env.say(alice, team, body);
    return String((await env.replyTo(alice, team, eventId)).getContent().body);
  }

  async function meetingCount(): Promise<number> {
    const [{ count }] = (await env.plenum.db("meetings").count({ count: "*" })) as [
      { count: number | string },
    ];
    return Number(count);
  }

  test("more participants than the configured maximum are refused and nothing is created", async () => {
    const reply = await answer(`!meet schedule "Crowd" tomorrow 10:00 with ${bob.userId} ${carol.userId}`);
    expect(reply).toBe("That would be 3 participants; at most 2 may be invited to one meeting.");
    expect(await meetingCount()).toBe(0);
  });

  test("a series without an end is refused when the policy forbids open-ended series", async () => {
    const reply = await answer(`!meet schedule "Forever" tomorrow 10:00 every week with ${bob.userId}`);
    expect(reply).toContain("A series must end");
    expect(await meetingCount()).toBe(0);
  });

  test("after a one-off meeting ends, the close policy removes everyone and makes the room invite-only", async () => {
    const reply = await answer(`!meet schedule "Closing" 2026-11-23 09:30 for 30m with ${bob.userId}`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    await bob.client.joinRoom(meeting.roomId!);
    clock.set(Date.parse("2026-11-23T09:00:00Z"));
    await env.plenum.scheduler!.tick();
    await env.plenum.scheduler!.tick();
    expect((await env.plenum.meetingDeps.meetings.get(id))!.status).toBe("ended");
    const members = await env.plenum.gateway.joinedMembers(meeting.roomId!);
    expect(members).toEqual([env.botUserId]);
    expect(await env.plenum.gateway.getState(meeting.roomId!, "m.room.join_rules", "")).toEqual({
      join_rule: "invite",
    });
  });
});
