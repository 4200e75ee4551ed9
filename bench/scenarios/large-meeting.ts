import { quantile, type Figure } from "../figures.js";
import { repliesTo, type BenchClient } from "../matrix-http.js";
import { startBenchEnv, type BenchEnv } from "../setup.js";

/** Synapse's default `rc_joins_per_room` (synapse/config/ratelimiting.py) and the advice in docs/operating.md. */
export const JOIN_LIMITS = {
  default: { perSecond: 1, burst: 10 },
  recommended: { perSecond: 5, burst: 50 },
} as const;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Joins as a client does: on 429 it waits what the homeserver says (`retry_after_ms`) and tries again. */
async function joinRespectingRateLimit(user: BenchClient, roomId: string): Promise<void> {
  for (;;) {
    const response = await user.fetch("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
    const body = (await response.json()) as { retry_after_ms?: number };
    if (response.ok) return;
    if (response.status !== 429) throw new Error(`${user.userId} could not join: ${response.status}`);
    await sleep(body.retry_after_ms ?? 1000);
  }
}

/** Asks Plenum for a call token until it has seen the join (403 until then), as the call widget retries. */
async function callToken(env: BenchEnv, user: BenchClient, roomId: string): Promise<void> {
  const openId = await user.request<{ access_token: string }>(
    "POST",
    `/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/openid/request_token`,
    {},
  );
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${env.plenum.http!.port}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: openId.access_token,
        matrix_server_name: "localhost",
        room_id: roomId,
      }),
    });
    await response.arrayBuffer();
    if (response.ok) return;
    if (response.status !== 403) throw new Error(`${user.userId} got no call token: ${response.status}`);
    await sleep(100);
  }
}

/** Chat commands may be at most 4,000 characters long: the crowd is named in commands that fit. */
function inBatches(ids: string[], room: number): string[][] {
  const batches: string[][] = [[]];
  let length = 0;
  for (const id of ids) {
    if (length + id.length + 1 > room && batches.at(-1)!.length > 0) {
      batches.push([]);
      length = 0;
    }
    batches.at(-1)!.push(id);
    length += id.length + 1;
  }
  return batches;
}

/**
 * A meeting with `count` crowd participants, scheduled by `!meet schedule` like any other; the
 * participants a command cannot hold are invited by `!meet invite`, as staff would.
 */
async function councilMeeting(env: BenchEnv, crowd: BenchClient[]): Promise<string> {
  const organizer = await env.newUser("council-org");
  const bot = env.plenum.gateway.botUserId;
  const team = await organizer.roomWithBot(bot);
  const [first = [], ...more] = inBatches(
    crowd.map((u) => u.userId),
    3_500,
  );
  let id: string | undefined;
  const scheduled = organizer.waitFor((e) => {
    id ??= /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(e.event.content?.body ?? ""))?.[1];
    return e.roomId === team && e.event.sender === bot && id !== undefined;
  }, 300_000);
  await organizer.send(team, `!meet schedule "Council" tomorrow 10:00 with ${first.join(" ")}`);
  await scheduled;
  for (const batch of more) {
    const command = await organizer.send(team, `!meet invite ${id!} ${batch.join(" ")}`);
    await organizer.waitFor((e) => e.roomId === team && repliesTo(e.event, command), 300_000);
  }
  for (;;) {
    const meeting = await env.plenum.meetingDeps.meetings.get(id!);
    if (meeting?.roomId && meeting.participants.length > crowd.length) return meeting.roomId;
    await sleep(200);
  }
}

/**
 * `count` invited users arrive evenly over `windowMs`, join the meeting room (respecting the
 * homeserver's rate limit) and fetch a call token. The floor is the join alone: how long the last one
 * waited for the homeserver; Plenum's figure adds getting the token.
 */
async function crowdArrives(
  limits: { perSecond: number; burst: number },
  count: number,
  windowMs: number,
): Promise<{ joined: number[]; tokened: number[] }> {
  const env = await startBenchEnv({ joinsPerRoom: limits });
  try {
    const crowd: BenchClient[] = [];
    for (let i = 0; i < count; i++) crowd.push(await env.crowdUser(i));
    const roomId = await councilMeeting(env, crowd);
    const joined: number[] = [];
    const tokened: number[] = [];
    const start = performance.now();
    await Promise.all(
      crowd.map(async (user, i) => {
        await sleep(start + (i * windowMs) / count - performance.now());
        const arrived = performance.now();
        await joinRespectingRateLimit(user, roomId);
        joined.push(performance.now() - arrived);
        await callToken(env, user, roomId);
        tokened.push(performance.now() - arrived);
      }),
    );
    return { joined, tokened };
  } finally {
    await env.stop();
  }
}

/** The large-meeting figures: Synapse's default per-room join limit and the one docs/operating.md recommends. */
export async function largeMeeting(count: number, windowMs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [label, limits] of Object.entries(JOIN_LIMITS)) {
    const { joined, tokened } = await crowdArrives(limits, count, windowMs);
    const last = Math.max(...tokened);
    const lastJoin = Math.max(...joined);
    figures.push({
      name: `large meeting, ${label} joins/room`,
      metric: `last of ${count} in ${windowMs / 1000} s waited`,
      plenum: last / 1000,
      floor: lastJoin / 1000,
      unit: "s",
      ratio: last / lastJoin,
      target: "(reported)",
      met: true,
      note:
        `rc_joins_per_room ${limits.perSecond}/s, burst ${limits.burst}; ` +
        `median wait ${(quantile(tokened, 0.5) / 1000).toFixed(1)} s (join alone ${(quantile(joined, 0.5) / 1000).toFixed(1)} s)`,
    });
  }
  return figures;
}
