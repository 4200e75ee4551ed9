import { describeOnPostgres, type TestDatabase } from "../support/databases.js";
import { relayedPostgres, type TcpProxy } from "../support/tcp-proxy.js";
import { TestEnv } from "../support/testenv.js";

const CONCURRENCY = 50;

/**
 * PostgreSQL going away under load, as Plenum sees it: the relay in front of the database drops
 * every open connection and cuts new ones at once until it is restored. Plenum is not restarted.
 */
describeOnPostgres("PostgreSQL outage", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let env: TestEnv;

  beforeAll(async () => {
    let relayedUrl: string;
    ({ database, proxy, relayedUrl } = await relayedPostgres());
    env = await TestEnv.start({ config: { database: { url: relayedUrl } } });
  });

  afterAll(async () => {
    proxy?.reconnect();
    await env?.stop();
    await proxy?.stop();
    await database?.drop();
  });

  /** Concurrent look-ups of an unknown calendar token: each needs the database to answer 404. */
  async function burst(): Promise<{ status: number; retryAfter: string | null; errcode?: string }[]> {
    return Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const response = await fetch(`${env.httpUrl}/calendar/unknown-token-${i}.ics`, {
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await response.json()) as { errcode?: string };
        return {
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          errcode: body.errcode,
        };
      }),
    );
  }

  async function transaction(txnId: string): Promise<number> {
    const response = await fetch(`${env.appserviceUrl}/_matrix/app/v1/transactions/${txnId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${env.slot.hsToken}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [] }),
      signal: AbortSignal.timeout(20_000),
    });
    return response.status;
  }

  test("requests fail with 503 while the database is gone and succeed again once it is back, without a restart", async () => {
    expect((await burst()).map((r) => r.status)).toEqual(Array(CONCURRENCY).fill(404));

    proxy.disconnect();
    const during = await burst();
    expect(during.map((r) => r.status)).toEqual(Array(CONCURRENCY).fill(503));
    expect(during.every((r) => r.retryAfter === "5" && r.errcode === "M_UNKNOWN")).toBe(true);
    expect(await transaction(`outage-${Date.now()}`)).toBe(503);

    proxy.reconnect();
    await env.eventually(
      async () => (await burst()).every((r) => r.status === 404),
      "every request to be answered from the database again",
      30_000,
    );
    expect(await transaction(`after-${Date.now()}`)).toBe(200);
  });
});
