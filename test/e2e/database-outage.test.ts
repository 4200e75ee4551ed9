import type { SessionResponse } from "../../core/widgets/api-types.js";
import { describeOnPostgres } from "../support/databases.js";
import { PostgresCluster } from "../../scripts/postgres-cluster.mjs";
import { TestEnv, type TestUser } from "../support/testenv.js";

const WORKERS = 12;

interface Answer {
  path: string;
  /** The HTTP status, or how the request failed without one. */
  status: number | "timeout" | "network error";
  startedAt: number;
  endedAt: number;
}

/**
 * PostgreSQL restarted under load: the drill runs its own throwaway PostgreSQL server, stops it with
 * `pg_ctl stop -m fast` (what a restart does to open sessions) while clients keep calling Plenum, and
 * starts it again. Plenum itself is not restarted.
 */
describeOnPostgres("PostgreSQL restarted under load", () => {
  let cluster: PostgresCluster;
  let env: TestEnv;
  let alice: TestUser;
  let room: string;
  let session: string;
  let clients: ReturnType<typeof load> | undefined;

  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    env = await TestEnv.start({ config: { database: { url: cluster.url } } });
    alice = await env.createUser("alice");
    room = await env.roomWithBot(alice);
    const response = await fetch(`${env.httpUrl}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: await env.openIdToken(alice),
        matrix_server_name: env.state.homeserver.serverName,
      }),
    });
    session = ((await response.json()) as SessionResponse).token;
  });

  afterEach(async () => {
    await clients?.stop();
    clients = undefined;
  });

  afterAll(async () => {
    await env?.stop();
    await cluster?.remove();
  });

  /** Public endpoints that need the database, and what each answers while it is there. */
  const endpoints = (): { path: string; healthy: number; headers?: Record<string, string> }[] => [
    { path: "/healthz", healthy: 200 },
    { path: "/calendar/unknown-token.ics", healthy: 404 },
    {
      path: `/api/v1/rooms/${encodeURIComponent(room)}/meetings`,
      healthy: 200,
      headers: { authorization: `Bearer ${session}`, "accept-language": "en" },
    },
  ];

  async function call(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const startedAt = Date.now();
    let status: Answer["status"];
    try {
      const response = await fetch(`${env.httpUrl}${path}`, { headers, signal: AbortSignal.timeout(20_000) });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      status = (error as Error).name === "TimeoutError" ? "timeout" : "network error";
    }
    return { path, status, startedAt, endedAt: Date.now() };
  }

  /** One request to every endpoint at once. */
  const burst = (): Promise<Answer[]> => Promise.all(endpoints().map((e) => call(e.path, e.headers)));

  const healthy = (answers: Answer[]) =>
    answers.every((a) => a.status === endpoints().find((e) => e.path === a.path)!.healthy);

  /** Clients calling every endpoint in turn, without pause, until stopped. */
  function load(): { answers: Answer[]; stop(): Promise<Answer[]> } {
    const answers: Answer[] = [];
    let running = true;
    const workers = Array.from({ length: WORKERS }, async (_, w) => {
      for (let i = w; running; i++) {
        const endpoint = endpoints()[i % endpoints().length]!;
        answers.push(await call(endpoint.path, endpoint.headers));
      }
    });
    return {
      answers,
      async stop() {
        running = false;
        await Promise.all(workers);
        return answers;
      },
    };
  }

  /** Stops PostgreSQL, runs `meanwhile`, and starts PostgreSQL again whatever happened. */
  async function outage<T>(meanwhile: () => Promise<T>): Promise<T> {
    await cluster.stop();
    try {
      return await meanwhile();
    } finally {
      await cluster.start();
    }
  }

  test("every request during the outage is answered 503, and the same process answers normally once PostgreSQL is back", async () => {
    expect(healthy(await burst())).toBe(true);
    clients = load();
    const { downFrom, downUntil, during } = await outage(async () => {
      const from = Date.now();
      const answers = await burst();
      await env.eventually(
        async () => clients!.answers.filter((a) => a.startedAt >= from).length >= 3 * WORKERS,
        "the clients to make requests while PostgreSQL is down",
      );
      return { downFrom: from, downUntil: Date.now(), during: answers };
    });
    expect(during.map((a) => a.status)).toEqual(during.map(() => 503));

    await env.eventually(
      async () => healthy(await burst()),
      "every endpoint to answer normally again",
      30_000,
    );
    const answers = await clients.stop();
    const unexpected = answers.filter(
      (a) => a.status !== 503 && a.status !== endpoints().find((e) => e.path === a.path)!.healthy,
    );
    expect(unexpected).toEqual([]);
    const duringOutage = answers.filter((a) => a.startedAt >= downFrom && a.endedAt <= downUntil);
    expect(duringOutage.length).toBeGreaterThanOrEqual(3 * WORKERS);
    expect(duringOutage.filter((a) => a.status !== 503)).toEqual([]);
  });

  test("a transaction the homeserver delivers during the outage is answered 503, and handled once when Synapse retries it", async () => {
    const command = await outage(async () => {
      const eventId = await env.say(alice, room, "!meet help");
      await env.eventually(
        async () => env.logLines.some((line) => line.includes('"could not store transaction"')),
        "Synapse to deliver the transaction and Plenum to refuse it",
        30_000,
      );
      return eventId;
    });
    await env.eventually(
      async () => (await env.replyCount(room, command)) > 0,
      "the reply after Synapse retried the transaction",
      90_000,
    );
    expect(await env.replyCount(room, command)).toBe(1);
  });
});
