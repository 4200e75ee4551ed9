// Starts and stops a Synapse through scripts/homeserver.sh. Plain JavaScript on purpose: Jest's
// global setup loads it natively (without the TypeScript transform), and so do the dev scripts.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { atExit } from "./at-exit.mjs";

const run = promisify(execFile);
// Beside this file in the source tree; two levels up when running the compiled copy in dist/scripts.
const script = ["./homeserver.sh", "../../scripts/homeserver.sh"]
  .map((relative) => new URL(relative, import.meta.url).pathname)
  .find((path) => existsSync(path));

/** Instances this process started and has not stopped; they are stopped when the process exits. */
const startedHere = new Set();
/** @type {(() => void) | undefined} */
let takeBackExitHook;

/** @param {string} instance */
function stopAtExit(instance) {
  startedHere.add(instance);
  takeBackExitHook ??= atExit(() => {
    for (const name of startedHere) {
      try {
        execFileSync("bash", [script, "stop", "--instance", name], { stdio: "ignore", timeout: 30_000 });
      } catch {
        // Exiting anyway; homeserver.sh said what went wrong on its own output.
      }
    }
  });
}

/**
 * Whether the Synapse root is provisioned already (homeserver.sh caches it; the first time takes minutes).
 * @returns {boolean}
 */
export function synapseProvisioned() {
  const cache = process.env.PLENUM_CACHE_DIR ?? join(process.env.HOME ?? homedir(), ".cache", "plenum");
  return existsSync(join(cache, "synapse-root"));
}

/**
 * Provisions the Synapse root (a Debian chroot with Synapse in it), if it is not there yet.
 * @returns {Promise<void>}
 */
export async function provisionSynapse() {
  await run("bash", [script, "provision"], { maxBuffer: 10 * 1024 * 1024, timeout: 30 * 60_000 });
}

/**
 * Whether a Synapse of this instance is running (one an earlier, killed run may have left behind).
 * @param {string} instance
 * @returns {Promise<boolean>}
 */
export async function synapseRunning(instance) {
  return run("bash", [script, "status", "--instance", instance]).then(
    () => true,
    () => false,
  );
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago.
 * @returns {Promise<number>}
 */
/**
 * A port that is free now, for a server a test starts later (and may stop and start again).
 * It is taken below Linux's ephemeral range (32768 and up): a port from that range, once its
 * server stops, can become the local end of any outgoing connection on the machine, and the
 * server's next start then fails with EADDRINUSE. Random picks keep concurrent runs apart.
 */
export async function freePort() {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error("no free port between 20000 and 32000");
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Provisions Synapse if needed (cached) and starts it with the given appservice registrations.
 * `joinsPerRoom` sets Synapse's per-room join rate limit (`rc_joins_per_room`); otherwise it is relaxed.
 * `keepState` restarts a stopped instance with its rooms and events instead of starting afresh.
 * `federationPort` adds a TLS federation listener there and lets the instance federate on loopback
 * (see startFederatingSynapse).
 * `defaultRoomVersion` is the version of rooms created without one (Synapse's `default_room_version`).
 * @param {{ instance: string, port: number, serverName: string, registrations: string[], sharedSecret?: string, joinsPerRoom?: { perSecond: number, burst: number }, keepState?: boolean, federationPort?: number, defaultRoomVersion?: string }} options
 * @returns {Promise<{ url: string, serverName: string, sharedSecret: string, instance: string, pid: number }>}
 */
export async function startSynapse({
  instance,
  port,
  serverName,
  registrations,
  sharedSecret,
  joinsPerRoom,
  keepState,
  federationPort,
  defaultRoomVersion,
}) {
  const args = ["start", "--instance", instance, "--port", String(port), "--server-name", serverName];
  for (const file of registrations) args.push("--registration", file);
  if (sharedSecret) args.push("--shared-secret", sharedSecret);
  if (keepState) args.push("--keep-state");
  if (federationPort) args.push("--federation-port", String(federationPort));
  if (defaultRoomVersion) args.push("--default-room-version", defaultRoomVersion);
  if (joinsPerRoom) args.push("--joins-per-room", `${joinsPerRoom.perSecond}:${joinsPerRoom.burst}`);
  // Before the start: a start interrupted half-way may have launched Synapse already.
  stopAtExit(instance);
  const { stdout } = await run("bash", [script, ...args], {
    maxBuffer: 10 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const info = JSON.parse(stdout.trim().split("\n").pop());
  return {
    url: info.url,
    serverName: info.server_name,
    sharedSecret: info.shared_secret,
    instance,
    pid: Number(info.pid),
  };
}

/**
 * Starts a Synapse that federates with every other one started so: its server name is
 * `127.0.0.1:<federation port>`, which other servers reach directly over TLS (an IP literal with a
 * port needs no .well-known, SRV or DNS lookup). Users of two such servers can invite each other and join each other's
 * rooms. (The shared e2e homeserver is named `localhost`, which other servers would look for on
 * the fixed ports 443 and 8448, so it cannot take part.)
 * A caller that must know the server name beforehand (for an appservice registration) picks the
 * federation port itself.
 * @param {{ instance: string, registrations?: string[], sharedSecret?: string, federationPort?: number }} options
 * @returns {Promise<{ url: string, serverName: string, sharedSecret: string, instance: string }>}
 */
export async function startFederatingSynapse({ instance, registrations = [], sharedSecret, federationPort }) {
  federationPort ??= await freePort();
  return startSynapse({
    instance,
    port: await freePort(),
    serverName: `127.0.0.1:${federationPort}`,
    registrations,
    ...(sharedSecret ? { sharedSecret } : {}),
    federationPort,
  });
}

/**
 * Stops exactly the Synapse process that startSynapse started for this instance.
 * @param {string} instance
 * @returns {Promise<void>}
 */
export async function stopSynapse(instance) {
  await run("bash", [script, "stop", "--instance", instance]);
  startedHere.delete(instance);
  // A test file's hook would otherwise stay on the worker process after the file is done.
  if (startedHere.size === 0) {
    takeBackExitHook?.();
    takeBackExitHook = undefined;
  }
}
