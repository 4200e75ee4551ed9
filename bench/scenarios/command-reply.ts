import { cpuOf } from "../cpu.js";
import { quantile, type Figure } from "../figures.js";
import { replyTimesFromClient } from "../reply-client.js";
import { profiled, profiling } from "../profile.js";
import type { BenchEnv } from "../setup.js";

/** `!meet help` until the reply reaches the sender's sync, against a bare echo appservice. */
export async function commandReply(env: BenchEnv, rounds: number): Promise<Figure[]> {
  const user = await env.newUser("reply");
  const plenumRoom = await user.roomWithBot(env.plenum.gateway.botUserId);
  const echoRoom = await user.roomWithBot(env.echoUserId);
  await replyTimesFromClient(user, plenumRoom, "!meet help", 10);
  await replyTimesFromClient(user, echoRoom, "!meet help", 10);
  const plenum: number[] = [];
  const echo: number[] = [];
  // Interleaved in blocks, so drift on a shared machine hits both alike.
  let plenumCpuMs = 0;
  for (let block = 0; block < rounds / 20; block++) {
    const measured = await cpuOf(env.homeserverPid, () =>
      replyTimesFromClient(user, plenumRoom, "!meet help", 20),
    );
    plenum.push(...measured.result);
    plenumCpuMs += measured.plenumMs;
    echo.push(...(await replyTimesFromClient(user, echoRoom, "!meet help", 20)));
  }
  // Profiled apart from the measured rounds, so the echo bot's own work is not in Plenum's profile.
  if (profiling())
    await profiled("command-reply", "40 `!meet help` commands, one at a time.", () =>
      replyTimesFromClient(user, plenumRoom, "!meet help", 40),
    );
  return [0.5, 0.95].map((q) => {
    const p = quantile(plenum, q);
    const f = quantile(echo, q);
    return {
      name: "command reply",
      metric: `p${q * 100}`,
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: q === 0.5 ? "≤ 1.10×" : "(reported)",
      met: q === 0.5 ? p / f <= 1.1 : true,
      note: `${plenum.length} commands each, sent and awaited by a client in a process of its own; floor: matrix-bot-sdk echo appservice; Plenum's CPU per command ${(plenumCpuMs / plenum.length).toFixed(1)} ms`,
    };
  });
}
