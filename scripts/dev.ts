import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { startPlenum, type Plenum } from "../app/start.js";
import { buildConfig } from "../core/config/load.js";
import { appserviceRegistration, botUserId } from "../core/matrix/registration.js";
import { step } from "./progress.mjs";
import { registerUser } from "./synapse-admin.js";
import {
  freePort,
  provisionSynapse,
  startSynapse,
  stopSynapse,
  synapseProvisioned,
  synapseRunning,
} from "./synapse-process.mjs";

/**
 * `npm run dev`: a local Synapse (the same one the tests use), Plenum with all roles, demo users and
 * a demo room with the bot in it. Both keep their state between runs — the homeserver in its
 * instance under the Synapse cache, Plenum in .dev/ — so the demo users, their logins, the demo room
 * and scheduled meetings are there again next time; `npm run dev -- --fresh` starts both over.
 * However the run ends (Ctrl-C, an error, a failed wait), the homeserver and Plenum it started stop.
 *
 * PLENUM_DEV_DIR, PLENUM_DEV_INSTANCE and the two port variables let a test run it beside others.
 */
const DEMO_PASSWORD = "plenum-demo";
const DEMO_USERS = ["admin", "alice", "bob"] as const;
const fresh = process.argv.includes("--fresh");
const dir = resolve(process.env.PLENUM_DEV_DIR ?? ".dev");
const instance = process.env.PLENUM_DEV_INSTANCE ?? "dev";
const hsPort = Number(process.env.PLENUM_DEV_HOMESERVER_PORT ?? 8008);
const httpPort = Number(process.env.PLENUM_DEV_HTTP_PORT ?? 8080);
const stateFile = join(dir, "dev-state.json");
const databaseFile = join(dir, "plenum.sqlite");
const logFile = join(dir, "plenum.log");

/** What a run hands to the next: the homeserver keeps these users and the room, so Plenum's must match. */
interface DevState {
  sharedSecret: string;
  asToken: string;
  hsToken: string;
  /** Seals the bot's encryption device in plenum.sqlite; absent in state files of older runs. */
  cryptoStoreKey?: string;
  roomId?: string;
}

let plenum: Plenum | undefined;
let homeserverStarted = false;
let ending: Promise<void> | undefined;

/** Stops what this run started, once, whatever ended it, and exits with `code`. */
function end(code: number, reason?: string): Promise<void> {
  ending ??= (async () => {
    if (reason) process.stderr.write(`\n${reason}\n`);
    try {
      if (plenum) await step("stopping Plenum", () => plenum!.stop());
      if (homeserverStarted) await step("stopping Synapse", () => stopSynapse(instance));
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      code ||= 1;
    }
    process.exit(code);
  })();
  return ending;
}
process.on("SIGINT", () => void end(130));
process.on("SIGTERM", () => void end(143));
process.on("SIGHUP", () => void end(129));

async function run(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (fresh) {
    for (const file of [stateFile, databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`])
      rmSync(file, { force: true });
  }
  const saved = readState();
  const { config, secrets } = buildConfig({
    homeserver: { url: `http://127.0.0.1:${hsPort}`, domain: "localhost" },
    appservice: {
      port: await freePort(),
      as_token: saved.asToken,
      hs_token: saved.hsToken,
      crypto_store_key: saved.cryptoStoreKey,
    },
    http: { port: httpPort, public_url: `http://127.0.0.1:${httpPort}` },
    database: { url: `sqlite://${databaseFile}` },
    jitsi: { domain: "meet.jit.si" },
    access: { admins: ["@admin:localhost"] },
    i18n: { locale: "en", timezone: "Europe/Berlin" },
  });
  writeFileSync(join(dir, "config.yaml"), stringify(config));
  const registrationFile = join(dir, "registration.yaml");
  writeFileSync(registrationFile, stringify(appserviceRegistration(config)));

  if (!synapseProvisioned())
    await step("provisioning Synapse (first run, about 2 minutes)", () => provisionSynapse());
  if (await synapseRunning(instance))
    await step("stopping the homeserver an earlier run left running", () => stopSynapse(instance));
  homeserverStarted = true;
  const homeserver = await step(fresh ? "starting Synapse afresh" : "starting Synapse", () =>
    startSynapse({
      instance,
      port: hsPort,
      serverName: "localhost",
      registrations: [registrationFile],
      sharedSecret: saved.sharedSecret,
      keepState: !fresh,
    }),
  );
  plenum = await step("starting Plenum", () =>
    startPlenum(config, { secrets, logDestination: createWriteStream(logFile, { flags: "a" }) }),
  );
  const demo = new DemoHomeserver({ url: homeserver.url, sharedSecret: saved.sharedSecret });
  const adminToken = await step("signing in the demo users", () => demo.signIn());
  const bot = botUserId(config);
  const roomId = await step("preparing the demo room", () => demo.room(adminToken, bot, saved.roomId));
  writeState({ ...saved, roomId });
  await step("waiting for the bot to join the demo room", () =>
    demo.waitUntilJoined(adminToken, roomId, bot),
  );

  process.stdout.write(
    [
      "",
      "Plenum is running.",
      `  Homeserver:  ${homeserver.url}  (server name "localhost")`,
      `  Logins:      admin, alice, bob  —  password "${DEMO_PASSWORD}"`,
      `  Demo room:   ${roomId}  (alice and bob are invited, the bot has joined)`,
      `  Health:      http://127.0.0.1:${httpPort}/healthz`,
      `  Plenum log:  ${logFile}`,
      `  State:       kept for the next run (homeserver instance "${instance}", Plenum in ${dir});`,
      "               npm run dev -- --fresh starts both over",
      "",
      "Log in with any Matrix client (for example Element with a custom homeserver URL),",
      'open "Plenum demo" and type:  !meet help',
      "Ctrl-C stops Plenum and the homeserver.",
      "",
    ].join("\n"),
  );
}

function readState(): DevState {
  const secret = () => randomBytes(24).toString("hex");
  const state: DevState = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, "utf8")) as DevState)
    : { sharedSecret: secret(), asToken: secret(), hsToken: secret() };
  if (state.cryptoStoreKey) return state;
  const withKey = { ...state, cryptoStoreKey: secret() };
  writeState(withKey);
  return withKey;
}

function writeState(state: DevState): void {
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** The demo users and room on the dev homeserver, made on the first run and found again later. */
class DemoHomeserver {
  constructor(private readonly homeserver: { url: string; sharedSecret: string }) {}

  private async request(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.homeserver.url}/_matrix/client/v3${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    };
  }

  /** Makes the demo users that do not exist yet; returns an access token of `admin`. */
  async signIn(): Promise<string> {
    let adminToken: string | undefined;
    for (const name of DEMO_USERS) {
      const login = await this.request("POST", "/login", undefined, {
        type: "m.login.password",
        identifier: { type: "m.id.user", user: name },
        password: DEMO_PASSWORD,
        // One device per demo user, whatever the number of runs.
        device_id: "PLENUMDEV",
      });
      let token = typeof login.body.access_token === "string" ? login.body.access_token : undefined;
      if (!token && login.status === 403) {
        const registered = await registerUser(this.homeserver, name, {
          admin: name === "admin",
          password: DEMO_PASSWORD,
        });
        token = registered.accessToken;
      }
      if (!token)
        throw new Error(
          `the demo user ${name} can neither log in nor be made (${login.status}); npm run dev -- --fresh starts over`,
        );
      if (name === "admin") adminToken = token;
    }
    return adminToken!;
  }

  /** The demo room from the last run if the admin is still in it, otherwise a new one. */
  async room(adminToken: string, bot: string, known: string | undefined): Promise<string> {
    if (known) {
      const members = await this.request(
        "GET",
        `/rooms/${encodeURIComponent(known)}/joined_members`,
        adminToken,
      );
      const joined = (members.body.joined ?? {}) as Record<string, unknown>;
      if (members.status === 200 && Object.keys(joined).length > 0) {
        if (!(bot in joined))
          await this.request("POST", `/rooms/${encodeURIComponent(known)}/invite`, adminToken, {
            user_id: bot,
          });
        return known;
      }
    }
    const created = await this.request("POST", "/createRoom", adminToken, {
      name: "Plenum demo",
      preset: "private_chat",
      invite: [bot, ...DEMO_USERS.slice(1).map((name) => `@${name}:localhost`)],
    });
    if (typeof created.body.room_id !== "string")
      throw new Error(`the demo room could not be made: ${created.status} ${String(created.body.error)}`);
    return created.body.room_id;
  }

  async waitUntilJoined(adminToken: string, roomId: string, bot: string): Promise<void> {
    const path = `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(bot)}`;
    for (let attempt = 0; attempt < 150; attempt++) {
      const member = await this.request("GET", path, adminToken);
      if (member.status === 200 && member.body.membership === "join") return;
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`the bot did not join the demo room within 30 s; see ${logFile}`);
  }
}

try {
  await run();
} catch (error) {
  await end(1, `npm run dev failed: ${error instanceof Error ? error.message : String(error)}`);
}
