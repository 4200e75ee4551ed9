import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { startPlenum } from "../app/start.js";
import { buildConfig } from "../core/config/load.js";
import { appserviceRegistration, botUserId } from "../core/matrix/registration.js";
import { registerUser } from "./synapse-admin.js";
import { freePort, startSynapse, stopSynapse } from "./synapse-process.mjs";

/**
 * `npm run dev`: a local Synapse (the same one the tests use), Plenum with all roles, demo users and
 * a demo room with the bot in it. Everything lives in .dev/ and stops with Ctrl-C.
 */
const DEMO_PASSWORD = "plenum-demo";
const dir = resolve(".dev");
mkdirSync(dir, { recursive: true });
const hsPort = Number(process.env.PLENUM_DEV_HOMESERVER_PORT ?? 8008);
// The bot's device lives on in .dev/plenum.sqlite across runs, sealed with this key.
const storeKeyFile = join(dir, "crypto-store.key");
if (!existsSync(storeKeyFile))
  writeFileSync(storeKeyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
const { config, secrets } = buildConfig({
  homeserver: { url: `http://127.0.0.1:${hsPort}`, domain: "localhost" },
  appservice: {
    port: await freePort(),
    as_token: `dev-as-${Date.now()}-token`,
    hs_token: `dev-hs-${Date.now()}-token`,
    crypto_store_key_file: storeKeyFile,
  },
  http: { port: Number(process.env.PLENUM_DEV_HTTP_PORT ?? 8080), public_url: "http://127.0.0.1:8080" },
  database: { url: `sqlite://${join(dir, "plenum.sqlite")}` },
  jitsi: { domain: "meet.jit.si" },
  access: { admins: ["@admin:localhost"] },
  i18n: { locale: "en", timezone: "Europe/Berlin" },
});
writeFileSync(join(dir, "config.yaml"), stringify(config));
const registrationFile = join(dir, "registration.yaml");
writeFileSync(registrationFile, stringify(appserviceRegistration(config)));

const homeserver = await startSynapse({
  instance: "dev",
  port: hsPort,
  serverName: "localhost",
  registrations: [registrationFile],
});
const logFile = join(dir, "plenum.log");
const plenum = await startPlenum(config, {
  secrets,
  logDestination: createWriteStream(logFile, { flags: "a" }),
});
const users = [];
for (const name of ["admin", "alice", "bob"]) {
  users.push(await registerUser(homeserver, name, { admin: name === "admin", password: DEMO_PASSWORD }));
}
const [admin] = users;
const roomResponse = await fetch(`${homeserver.url}/_matrix/client/v3/createRoom`, {
  method: "POST",
  headers: { authorization: `Bearer ${admin!.accessToken}`, "content-type": "application/json" },
  body: JSON.stringify({
    name: "Plenum demo",
    preset: "private_chat",
    invite: [botUserId(config), ...users.slice(1).map((u) => u.userId)],
  }),
});
const { room_id: roomId } = (await roomResponse.json()) as { room_id: string };
await waitUntilBotJoined(roomId);

process.stdout.write(
  [
    "",
    "Plenum is running.",
    `  Homeserver:  ${homeserver.url}  (server name "localhost")`,
    `  Logins:      admin, alice, bob  —  password "${DEMO_PASSWORD}"`,
    `  Demo room:   ${roomId}  (alice and bob are invited, the bot has joined)`,
    `  Health:      http://127.0.0.1:${config.http.port}/healthz`,
    `  Plenum log:  ${logFile}`,
    "",
    "Log in with any Matrix client (for example Element with a custom homeserver URL),",
    'open "Plenum demo" and type:  !meet help',
    "Ctrl-C stops Plenum and the homeserver.",
    "",
  ].join("\n"),
);

async function waitUntilBotJoined(room: string): Promise<void> {
  const url = `${homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/state/m.room.member/${encodeURIComponent(botUserId(config))}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${admin!.accessToken}` } });
    if (response.ok && ((await response.json()) as { membership?: string }).membership === "join") return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error("The bot did not join the demo room within 10 s; see the Plenum log.");
}

async function shutdown(): Promise<void> {
  await plenum.stop();
  await stopSynapse("dev");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
