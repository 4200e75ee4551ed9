import { DateTime } from "luxon";
import { meetingRoomRequest } from "../../core/meetings/room-factory.js";
import type { Meeting } from "../../core/meetings/model.js";
import { quantile, timed, type Figure } from "../figures.js";
import type { BenchClient } from "../matrix-http.js";
import { profiled, profiling } from "../profile.js";
import type { BenchEnv } from "../setup.js";

const PARTICIPANTS = 10;

/** `!meet schedule` with 10 participants, against one client createRoom with the same request. */
export async function meetingCreation(env: BenchEnv, rounds: number): Promise<Figure[]> {
  const organizer = await env.newUser("organizer");
  const participants: BenchClient[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) participants.push(await env.newUser(`participant${i}`));
  const last = participants[PARTICIPANTS - 1]!;
  const bot = env.plenum.gateway.botUserId;
  const team = await organizer.roomWithBot(bot);
  const roomVersion = (await env.plenum.gateway.roomVersions()).default;
  /** `!meet schedule` until the last participant sees the invite and the team room the answer. */
  async function schedule(title: string): Promise<void> {
    const invited = last.waitFor(
      (e) => e.section === "invite" && e.event.type === "m.room.name" && e.event.content?.name === title,
    );
    const announced = organizer.waitFor(
      (e) =>
        e.roomId === team &&
        e.event.sender === bot &&
        String(e.event.content?.body ?? "").includes(`“${title}”`) &&
        !String(e.event.content?.body ?? "").startsWith("Scheduled"),
    );
    await organizer.send(
      team,
      `!meet schedule "${title}" tomorrow 10:00 with ${participants.map((p) => p.userId).join(" ")}`,
    );
    await Promise.all([invited, announced]);
  }
  const plenum: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < rounds; round++) {
    plenum.push(await timed(() => schedule(`Bench ${round}`)));
    const start = DateTime.now().plus({ days: 1 });
    const meeting = {
      id: `BEN-${round}`,
      title: `Floor ${round}`,
      organizer: organizer.userId,
      timezone: "Europe/Berlin",
      start: start.toISO()!,
      durationMinutes: 60,
      rrule: null,
    } as Meeting;
    const request = meetingRoomRequest({
      meeting,
      botUserId: organizer.userId,
      organizerPower: 100,
      invitees: participants.map((p) => p.userId),
      joinRule: { kind: "invite" },
      roomVersion,
      topic: "Floor",
      widget: null,
    });
    floor.push(
      await timed(async () => {
        const invited = last.waitFor(
          (e) =>
            e.section === "invite" &&
            e.event.type === "m.room.name" &&
            e.event.content?.name === meeting.title,
        );
        await organizer.request("POST", "/_matrix/client/v3/createRoom", request);
        await invited;
      }),
    );
  }
  if (profiling())
    await profiled(
      "meeting-creation",
      `5 meetings with ${PARTICIPANTS} participants, one at a time.`,
      async () => {
        for (let round = 0; round < 5; round++) await schedule(`Profiled ${round}`);
      },
    );
  const p = quantile(plenum, 0.5);
  const f = quantile(floor, 0.5);
  return [
    {
      name: "meeting creation",
      metric: "p50",
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: "≤ 1.25×",
      met: p / f <= 1.25,
      note: `${rounds} meetings with ${PARTICIPANTS} participants; floor: one createRoom by a client`,
    },
  ];
}
