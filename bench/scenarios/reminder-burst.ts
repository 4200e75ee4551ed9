import { REMINDER } from "../../core/meetings/reminders.js";
import { underLoad, type Figure } from "../figures.js";
import type { BenchClient } from "../matrix-http.js";
import type { BenchEnv } from "../setup.js";

// Reminders go into meeting rooms; 20 real meetings carry the burst, so the homeserver holds 20
// rooms rather than 1,000 (creating 1,000 rooms would dominate the run and measure Synapse).
const MEETINGS = 20;
const DELAY_MS = 3_000;
/** The scheduler's default number of rooms served side by side. */
const LANES = 16;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Resolves with the time at which `count` messages from `sender` have arrived in `rooms`. */
function arrivals(client: BenchClient, sender: string, rooms: Set<string>, count: number): Promise<number> {
  let seen = 0;
  return client
    .waitFor((e) => {
      if (rooms.has(e.roomId) && e.event.sender === sender && e.event.type === "m.room.message") seen += 1;
      return seen >= count;
    }, 600_000)
    .then(() => performance.now());
}

async function meetings(env: BenchEnv, organizer: BenchClient, team: string) {
  const bot = env.plenum.gateway.botUserId;
  const made = [];
  for (let i = 0; i < MEETINGS; i++) {
    let id: string | undefined;
    const replied = organizer.waitFor((e) => {
      if (e.roomId === team && e.event.sender === bot)
        id ??= /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(e.event.content?.body ?? ""))?.[1];
      return id !== undefined;
    });
    await organizer.send(team, `!meet schedule "Burst ${i}" tomorrow 10:00`);
    await replied;
    let meeting = await env.plenum.meetingDeps.meetings.get(id!);
    while (!meeting?.roomId) {
      await sleep(100);
      meeting = await env.plenum.meetingDeps.meetings.get(id!);
    }
    await organizer.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(meeting.roomId)}`, {});
    made.push(meeting);
  }
  return made;
}

/**
 * `count` reminders due in the same instant, spread over 20 meeting rooms: the time from their due
 * time until the organizer's client has seen the last one, against the bot posting the same number of
 * messages into the same rooms through the same gateway, 16 rooms at a time like the scheduler.
 */
export async function reminderBurst(env: BenchEnv, count: number): Promise<Figure[]> {
  const organizer = await env.newUser("burst-org");
  const bot = env.plenum.gateway.botUserId;
  const team = await organizer.roomWithBot(bot);
  const made = await meetings(env, organizer, team);
  const rooms = new Set(made.map((m) => m.roomId!));
  await organizer.catchUp();

  const { jobs, wakeScheduler } = env.plenum.meetingDeps;
  const dueAt = Date.now() + DELAY_MS;
  for (let i = 0; i < count; i++) {
    const meeting = made[i % MEETINGS]!;
    const start = new Date(meeting.start);
    await jobs.schedule({
      kind: REMINDER,
      key: `${meeting.id}|bench|${i}`,
      payload: {
        meetingId: meeting.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + meeting.durationMinutes * 60_000).toISOString(),
        offset: 15,
      },
      dueAt,
    });
  }
  const due = performance.now() + (dueAt - Date.now());
  wakeScheduler();
  const plenum = (await arrivals(organizer, bot, rooms, count)) - due;

  // The floor sends as the scheduler does: each room's messages in order, rooms side by side.
  const targets = [...rooms];
  const floorStart = performance.now();
  const floorSeen = arrivals(organizer, bot, rooms, count);
  await underLoad(targets.length, LANES, async (room) => {
    for (let i = room; i < count; i += targets.length)
      await env.plenum.gateway.sendEvent(
        targets[room]!,
        "m.room.message",
        { msgtype: "m.text", body: `Floor ${i}` },
        `bench.floor.${process.pid}.${i}`,
      );
  });
  const floor = (await floorSeen) - floorStart;
  return [
    {
      name: "reminder burst",
      metric: `${count} due at once, until the last arrived`,
      plenum: plenum / 1000,
      floor: floor / 1000,
      unit: "s",
      ratio: plenum / floor,
      target: "(reported)",
      met: true,
      note: `${MEETINGS} meeting rooms; floor: the same number of sends by the bot, ${LANES} rooms at a time`,
    },
  ];
}
