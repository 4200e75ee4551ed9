import type { MatrixEvent } from "matrix-js-sdk";
import type { Meeting } from "../../core/meetings/model.js";
import { ManualClock } from "./clock.js";
import { TestEnv, type TestEnvOptions, type TestUser } from "./testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC): the instant meeting drills start at. */
export const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

export interface MeetingScene {
  env: TestEnv;
  clock: ManualClock;
  alice: TestUser;
  bob: TestUser;
  /** Alice's room with the bot, where she schedules. */
  team: string;
}

/** Plenum on a manual clock at MONDAY_9AM (the test ticks the scheduler), alice, bob and alice's team room. */
export async function meetingScene(config?: TestEnvOptions["config"]): Promise<MeetingScene> {
  const clock = new ManualClock(MONDAY_9AM);
  const env = await TestEnv.start({ ...(config ? { config } : {}), start: { clock, schedulerTimer: false } });
  const alice = await env.createUser("alice");
  const bob = await env.createUser("bob");
  return { env, clock, alice, bob, team: await env.roomWithBot(alice) };
}

/** The stored meeting (with its room) that a `!meet schedule` reply names. */
export async function meetingNamedIn(
  env: TestEnv,
  reply: MatrixEvent,
): Promise<Meeting & { roomId: string }> {
  const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))?.[1];
  const meeting = id ? await env.plenum.meetingDeps.meetings.get(id) : undefined;
  if (!meeting?.roomId) throw new Error(`no meeting room for: ${reply.getContent().body}`);
  return { ...meeting, roomId: meeting.roomId };
}

/** How many messages in the room start with `prefix`, read fresh from the homeserver. */
export async function messagesStartingWith(env: TestEnv, roomId: string, prefix: string): Promise<number> {
  return (await env.roomMessages("bot", roomId)).filter((e) =>
    String(e.content.body ?? "").startsWith(prefix),
  ).length;
}
