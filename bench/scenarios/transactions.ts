import { randomBytes } from "node:crypto";
import { quantile, timed, type Figure } from "../figures.js";
import type { BenchEnv } from "../setup.js";

/**
 * How long Synapse waits for Plenum to acknowledge a 100-event transaction, and whether that grows
 * with handler time: 100 commands (each handled later by a reply to the homeserver) against 100
 * messages that no handler acts on. Rounds alternate, so the commands of one round are being handled
 * while the next transactions arrive, as under real load.
 */
export async function transactions(env: BenchEnv, rounds: number): Promise<Figure[]> {
  const url = `http://127.0.0.1:${env.plenum.config.appservice.port}/_matrix/app/v1/transactions/`;
  const user = await env.newUser("txn");
  const roomId = await user.roomWithBot(env.plenum.gateway.botUserId);
  const event = (body: string) => ({
    type: "m.room.message",
    room_id: roomId,
    sender: user.userId,
    event_id: `$bench-${randomBytes(12).toString("hex")}`,
    origin_server_ts: Date.now(),
    content: { msgtype: "m.text", body },
  });
  const put = (events: unknown[]) =>
    timed(async () => {
      const response = await fetch(`${url}${randomBytes(8).toString("hex")}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${env.plenum.config.appservice.hs_token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ events }),
      });
      if (!response.ok) throw new Error(`transaction refused: ${response.status}`);
    });
  const hundred = (body: string) => Array.from({ length: 100 }, () => event(body));
  const single: number[] = [];
  const idle: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < rounds; i++) {
    single.push(await put([event("hello")]));
    idle.push(await put(hundred("hello")));
    busy.push(await put(hundred("!meet help")));
  }
  // The replies still being sent would otherwise load the homeserver during the next scenario.
  while (Number((await env.plenum.db("inbox").whereNull("processed_at").count({ n: "*" }))[0]?.n) > 0)
    await new Promise((done) => setTimeout(done, 250));
  const p = quantile(busy, 0.5);
  const f = quantile(idle, 0.5);
  return [
    {
      name: "transaction ack",
      metric: "100 commands vs 100 ignored messages",
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: "flat (≤ 1.25×)",
      met: p / f <= 1.25,
      note: `p50 of ${rounds} rounds; acknowledged once stored, handled afterwards; a 1-event transaction: ${quantile(single, 0.5).toFixed(1)} ms`,
    },
  ];
}
