import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { startPlenum, type Plenum } from "../app/start.js";
import { buildConfig } from "../core/config/load.js";
import { freePort, startSynapse, stopSynapse } from "../scripts/synapse-process.mjs";
import { registerUser } from "../scripts/synapse-admin.js";
import { BenchClient } from "./matrix-http.js";
import { startEchoBot } from "./echo-bot.js";

const PLENUM_BOT = "plenum_bench";

export interface Registration {
  id: string;
  url: string | null;
  as_token: string;
  hs_token: string;
  sender_localpart: string;
  namespaces: { users: { exclusive: boolean; regex: string }[]; aliases: never[]; rooms: never[] };
  rate_limited: boolean;
}

/**
 * `port` null: an appservice that receives no transactions (the crowd of the large-meeting figure).
 * `sender` differs from the bot's localpart, as the homeserver refuses /sync to an appservice's sender.
 */
function registration(
  id: string,
  localpart: string,
  port: number | null,
  secret: string,
  sender = localpart,
): Registration {
  const token = (label: string) => createHmac("sha256", secret).update(`${id}-${label}`).digest("hex");
  return {
    id,
    url: port === null ? null : `http://127.0.0.1:${port}`,
    as_token: token("as"),
    hs_token: token("hs"),
    sender_localpart: sender,
    namespaces: {
      users: [{ exclusive: true, regex: `@${localpart}(_.*)?:localhost` }],
      aliases: [],
      rooms: [],
    },
    // The crowd is rate limited like any user; Plenum and the echo bot are not, as operators set it.
    rate_limited: port === null,
  };
}

export interface BenchEnv {
  homeserverUrl: string;
  /** The homeserver's process, whose CPU time the bench reads. */
  homeserverPid: number;
  plenum: Plenum;
  plenumRegistration: Registration;
  echoUserId: string;
  newUser(name: string): Promise<BenchClient>;
  /** A user registered by the rate-limited crowd appservice, cheap to make by the hundred. */
  crowdUser(index: number): Promise<BenchClient>;
  stop(): Promise<void>;
}

/**
 * One Synapse, one Plenum and one echo bot, the way the e2e harness runs them. Plenum runs on
 * PostgreSQL when PLENUM_BENCH_POSTGRES_URL names a database, else on SQLite.
 */
export async function startBenchEnv(options: {
  postgresUrl?: string;
  joinsPerRoom?: { perSecond: number; burst: number };
}): Promise<BenchEnv> {
  const dir = mkdtempSync(join(tmpdir(), "plenum-bench-"));
  mkdirSync(join(dir, "registrations"));
  const secret = `${Date.now()}-${Math.random()}`;
  // Plenum's bot is a user of its namespace, not the sender: Synapse refuses /sync to the sender, and
  // the bot's encryption device syncs (as core/matrix/registration.ts writes it).
  const plenumRegistration = registration(
    "plenum-bench",
    PLENUM_BOT,
    await freePort(),
    secret,
    `${PLENUM_BOT}_appservice`,
  );
  const echoRegistration = registration("echo-bench", "echo_bench", await freePort(), secret);
  const crowdRegistration = registration("crowd-bench", "crowd_bench", null, secret);
  const files = [plenumRegistration, echoRegistration, crowdRegistration].map((r) => {
    const file = join(dir, "registrations", `${r.id}.yaml`);
    writeFileSync(file, stringify(r));
    return file;
  });
  const instance = `bench-${process.pid}`;
  const homeserver = await startSynapse({
    instance,
    port: await freePort(),
    serverName: "localhost",
    registrations: files,
    ...(options.joinsPerRoom ? { joinsPerRoom: options.joinsPerRoom } : {}),
  });
  const { config, secrets } = buildConfig({
    homeserver: { url: homeserver.url, domain: "localhost" },
    appservice: {
      id: plenumRegistration.id,
      port: Number(new URL(plenumRegistration.url!).port),
      as_token: plenumRegistration.as_token,
      hs_token: plenumRegistration.hs_token,
      bot_localpart: PLENUM_BOT,
      crypto_store_key: randomBytes(32).toString("base64"),
    },
    http: { port: await freePort(), public_url: "http://127.0.0.1" },
    database: { url: options.postgresUrl ?? `sqlite://${join(dir, "plenum.sqlite")}` },
    jitsi: {
      domain: "meet.example.org",
      app_secret: "bench-secret-0123456789abcdef",
      uvs_token: "bench-uvs-token-0123",
    },
    i18n: { locale: "en" },
    logging: { level: "warn" },
  });
  const plenum = await startPlenum(config, { secrets, logDestination: { write: () => undefined } });
  const echo = await startEchoBot({
    port: Number(new URL(echoRegistration.url!).port),
    homeserverUrl: homeserver.url,
    homeserverName: "localhost",
    registration: echoRegistration as never,
  });
  let counter = 0;
  return {
    homeserverUrl: homeserver.url,
    homeserverPid: homeserver.pid,
    plenum,
    plenumRegistration,
    echoUserId: echo.userId,
    async newUser(name) {
      const user = await registerUser(homeserver, `${name}-${process.pid}-${counter++}`);
      const client = new BenchClient(homeserver.url, user.userId, user.accessToken);
      await client.catchUp();
      return client;
    },
    async crowdUser(index) {
      const localpart = `crowd_bench_${index}`;
      const response = await fetch(`${homeserver.url}/_matrix/client/v3/register`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${crowdRegistration.as_token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          type: "m.login.application_service",
          username: localpart,
          inhibit_login: true,
        }),
      });
      if (!response.ok && response.status !== 400)
        throw new Error(`registering ${localpart}: ${response.status} ${await response.text()}`);
      return new BenchClient(homeserver.url, `@${localpart}:localhost`, crowdRegistration.as_token, true);
    },
    async stop() {
      echo.stop();
      await plenum.stop();
      await stopSynapse(instance);
    },
  };
}
