import { randomBytes } from "node:crypto";
import { quantile, timed, type Figure } from "../figures.js";
import type { BenchEnv } from "../setup.js";

/**
 * How long Synapse waits for Plenum to acknowledge a transaction: 100 commands (each answered only
 * later) against one plain message. Plenum stores and acknowledges; handling comes after.
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
  const single: number[] = [];
  const hundred: number[] = [];
  for (let i = 0; i < rounds; i++) {
    single.push(await put([event("hello")]));
    hundred.push(await put(Array.from({ length: 100 }, () => event("!meet help"))));
  }
  const p = quantile(hundred, 0.5);
  const f = quantile(single, 0.5);
  return [
    {
      name: "transaction ack",
      metric: "100 commands vs 1 message",
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: "(reported)",
      met: true,
      note: "acknowledged once stored; the commands are handled afterwards",
    },
  ];
}
