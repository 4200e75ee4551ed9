import { runInChild, serveInChild } from "./child.js";
import { timed } from "./figures.js";
import { BenchClient, repliesTo } from "./matrix-http.js";

interface ReplyRun {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  roomId: string;
  body: string;
  rounds: number;
}

/** One command at a time: sent, then /sync until the reply to it arrives; each round's time in ms. */
async function replyTimes(run: ReplyRun): Promise<number[]> {
  const client = new BenchClient(run.homeserverUrl, run.userId, run.accessToken);
  await client.catchUp();
  const times: number[] = [];
  for (let i = 0; i < run.rounds; i++) {
    times.push(
      await timed(async () => {
        const eventId = await client.send(run.roomId, run.body);
        await client.waitFor((e) => e.roomId === run.roomId && repliesTo(e.event, eventId));
      }),
    );
  }
  return times;
}

/**
 * Command reply times as a user's client sees them: the client runs in a process of its own, not in
 * the bench's process where Plenum and the echo bot run, so neither bot's work (Plenum's encryption
 * device syncing the same room, say) delays the client's own sending and syncing.
 */
export function replyTimesFromClient(
  user: BenchClient,
  roomId: string,
  body: string,
  rounds: number,
): Promise<number[]> {
  const { homeserverUrl, userId, accessToken } = user;
  const run: ReplyRun = { homeserverUrl, userId, accessToken, roomId, body, rounds };
  return runInChild(import.meta.url, "--reply-client", run);
}

serveInChild("--reply-client", replyTimes);
