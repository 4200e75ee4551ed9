import { quantile, underLoad, type Figure } from "../figures.js";
import { underLoadFromClients, type LoadRequest } from "../load-client.js";
import type { BenchClient } from "../matrix-http.js";
import { cpuOf } from "../cpu.js";
import { profiled } from "../profile.js";
import { startRelay } from "../relay.js";
import type { BenchEnv } from "../setup.js";

const CONCURRENCY = 16;
const WARM_UP = 32;

interface OpenIdToken {
  access_token: string;
  matrix_server_name: string;
}

async function openIdTokens(user: BenchClient, count: number): Promise<OpenIdToken[]> {
  const tokens: OpenIdToken[] = [];
  // Made ahead of each run, several at a time (only the run itself is measured).
  await underLoad(count, 8, async () => {
    tokens.push(
      await user.request<OpenIdToken>(
        "POST",
        `/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/openid/request_token`,
        {},
      ),
    );
  });
  return tokens;
}

/**
 * Call tokens at concurrency 16, each request with a fresh OpenID token so no cache helps Plenum,
 * against (a) the homeserver's userinfo call alone and (b) the upstream verification service's way:
 * userinfo plus the room's members and state on every request. The clients run in a thread of their
 * own for all four, so Plenum's event loop serves requests only, as in production.
 */
export async function callTokens(env: BenchEnv, requests: number): Promise<Figure[]> {
  const organizer = await env.newUser("caller-org");
  const member = await env.newUser("caller");
  const bot = env.plenum.gateway.botUserId;
  const team = await organizer.roomWithBot(bot);
  await organizer.send(team, `!meet schedule "Token bench" tomorrow 10:00 with ${member.userId}`);
  let roomId: string | undefined;
  await member.waitFor((e) => {
    if (e.section === "invite" && e.event.content?.name === "Token bench") roomId = e.roomId;
    return roomId !== undefined;
  });
  await member.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId!)}`, {});
  for (;;) {
    if ((await env.plenum.meetingDeps.roomState.membership(roomId!, member.userId)) === "join") break;
    await new Promise((done) => setTimeout(done, 100));
  }
  const http = `http://127.0.0.1:${env.plenum.http!.port}`;
  const relay = await startRelay(env.homeserverUrl);
  const hs = env.homeserverUrl;
  const room = encodeURIComponent(roomId!);
  // The appservice token acts as the appservice's sender unless it names the bot.
  const asBot = `?user_id=${encodeURIComponent(bot)}`;
  const asHeaders = { authorization: `Bearer ${env.plenumRegistration.as_token}` };
  const post = (url: string, body: unknown, bearer?: string): LoadRequest => ({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const userinfo = (token: OpenIdToken): LoadRequest => ({
    url: `${hs}/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(token.access_token)}`,
  });
  // What each of the requests does, given its own fresh OpenID token.
  const runs: Record<string, (token: OpenIdToken) => LoadRequest[]> = {
    token: (token) => [
      post(`${http}/api/v1/jitsi/token`, {
        openid_token: token.access_token,
        matrix_server_name: "localhost",
        room_id: roomId,
      }),
    ],
    verify: (token) => [
      post(
        `${http}/verify/user_in_room`,
        { token: token.access_token, room_id: roomId, matrix_server_name: "localhost" },
        env.plenum.config.jitsi.uvs_token,
      ),
    ],
    floor: (token) => [userinfo(token)],
    // The bound this machine sets: a bare Node server that asks userinfo once and answers.
    relay: (token) => [post(relay.url, { openid_token: token.access_token })],
    bare: () => [{ url: relay.bareUrl }],
    // Plenum's own HTTP floor: an answer that asks nobody, through the same server and framework.
    livez: () => [{ url: `${http}/livez` }],
    upstream: (token) => [
      userinfo(token),
      { url: `${hs}/_matrix/client/v3/rooms/${room}/joined_members${asBot}`, headers: asHeaders },
      { url: `${hs}/_matrix/client/v3/rooms/${room}/state${asBot}`, headers: asHeaders },
    ],
  };
  const results: Record<string, { latencies: number[]; seconds: number }> = {};
  // CPU per request, Plenum's (this process: the clients run in their own) and the homeserver's.
  const cpu: Record<string, { plenum: number; kernel: number; homeserver: number }> = {};
  try {
    await measureRuns();
  } finally {
    await relay.stop();
  }
  async function measureRuns(): Promise<void> {
    // One unmeasured round of each first: the first run would otherwise pay for compiling, opening
    // connections and the homeserver's cold caches.
    for (const run of Object.values(runs))
      await underLoadFromClients((await openIdTokens(member, WARM_UP)).map(run), CONCURRENCY);
    for (const [name, run] of Object.entries(runs)) {
      const tasks = (await openIdTokens(member, requests)).map(run);
      const load = () => underLoadFromClients(tasks, CONCURRENCY);
      const measured = await cpuOf(env.homeserverPid, () =>
        name === "token" || name === "verify"
          ? profiled(`call-${name}`, `${requests} ${name} requests at concurrency ${CONCURRENCY}.`, load)
          : load(),
      );
      results[name] = measured.result;
      cpu[name] = {
        plenum: measured.plenumMs / requests,
        kernel: measured.plenumSystemMs / requests,
        homeserver: measured.homeserverMs / requests,
      };
    }
  }
  // Plenum's CPU per request taken apart by the floors of the same run: Node's HTTP server alone
  // (bare), express on top (/livez), one userinfo call on top of the bare server (relay), the rest.
  const cpuNote = (name: string) => {
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    const [all, bare, livez, relayed] = [
      cpu[name]!.plenum,
      cpu.bare!.plenum,
      cpu.livez!.plenum,
      cpu.relay!.plenum,
    ];
    return (
      `CPU per request: Plenum ${ms(all)} (${ms(cpu[name]!.kernel)} of it in the kernel) = Node's HTTP server ${ms(bare)} ` +
      `+ express ${ms(livez - bare)} + asking userinfo ${ms(relayed - bare)} + the rest (database, checks, signature, logs, metrics) ${ms(all - livez - (relayed - bare))}; ` +
      `homeserver ${ms(cpu[name]!.homeserver)} (userinfo alone: ${ms(cpu.floor!.homeserver)})`
    );
  };
  const rps = (name: string) => requests / results[name]!.seconds;
  const figures: Figure[] = [];
  const relayP50 = quantile(results.relay!.latencies, 0.5);
  const floorP50 = quantile(results.floor!.latencies, 0.5);
  figures.push({
    name: "bare Node relay",
    metric: "p50 vs userinfo",
    plenum: relayP50,
    floor: floorP50,
    unit: "ms",
    ratio: relayP50 / floorP50,
    target: "(reported)",
    met: true,
    note: `the least a Node service can do per token: take the request, ask userinfo once (kept-alive node:http), answer; no framework, database or signature. CPU per request ${cpu.relay!.plenum.toFixed(2)} ms; throughput ${rps("relay").toFixed(0)} req/s, ${(rps("relay") / rps("upstream")).toFixed(2)}× the upstream way`,
  });
  for (const endpoint of ["token", "verify"] as const) {
    const label = endpoint === "token" ? "jitsi token" : "verify user_in_room";
    for (const q of [0.5, 0.99]) {
      const p = quantile(results[endpoint]!.latencies, q);
      const f = quantile(results.floor!.latencies, q);
      figures.push({
        name: label,
        metric: `p${q * 100} vs userinfo`,
        plenum: p,
        floor: f,
        unit: "ms",
        ratio: p / f,
        target: "≤ 1.2×",
        met: p / f <= 1.2,
      });
    }
    figures.push({
      name: label,
      metric: "throughput vs upstream way",
      plenum: rps(endpoint),
      floor: rps("upstream"),
      unit: "req/s",
      ratio: rps(endpoint) / rps("upstream"),
      target: "≥ 3×",
      met: rps(endpoint) / rps("upstream") >= 3,
      note: `${requests} requests at concurrency ${CONCURRENCY}; ${cpuNote(endpoint)}; p50 ${(quantile(results[endpoint]!.latencies, 0.5) / relayP50).toFixed(2)}× the bare Node relay's`,
    });
  }
  return figures;
}
