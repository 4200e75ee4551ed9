import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
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

type Outcome = { times: number[] } | { error: string };

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
export async function replyTimesFromClient(
  user: BenchClient,
  roomId: string,
  body: string,
  rounds: number,
): Promise<number[]> {
  const run: ReplyRun = {
    homeserverUrl: user.homeserverUrl,
    userId: user.userId,
    accessToken: user.accessToken,
    roomId,
    body,
    rounds,
  };
  const child = fork(fileURLToPath(import.meta.url), ["--reply-client"], { stdio: "inherit" });
  try {
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      child.once("message", (message) => resolve(message as Outcome));
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`reply client exited with ${code}`)));
      child.send(run);
    });
    if ("error" in outcome) throw new Error(outcome.error);
    return outcome.times;
  } finally {
    child.kill();
  }
}

if (process.argv.includes("--reply-client"))
  process.once("message", (run: ReplyRun) => {
    replyTimes(run).then(
      (times) => process.send!({ times }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(0)),
    );
  });
