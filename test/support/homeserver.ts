import { execFile } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface HomeserverInfo {
  url: string;
  serverName: string;
  sharedSecret: string;
  /** Set when this run started Synapse itself (and so must stop it). */
  instance?: string;
}

/** One appservice registration per Jest worker, so workers never share a bot or a port. */
export interface AppserviceSlot {
  id: string;
  localpart: string;
  port: number;
  asToken: string;
  hsToken: string;
}

export interface E2eState {
  homeserver: HomeserverInfo;
  slots: AppserviceSlot[];
}

export const STATE_ENV = "PLENUM_E2E_STATE";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const script = new URL("../../scripts/homeserver.sh", import.meta.url).pathname;

export async function startSynapse(options: { instance: string; port: number; serverName: string; registrations: string[] }): Promise<HomeserverInfo> {
  const args = ["start", "--instance", options.instance, "--port", String(options.port), "--server-name", options.serverName];
  for (const file of options.registrations) args.push("--registration", file);
  const { stdout } = await run("bash", [script, ...args], { maxBuffer: 10 * 1024 * 1024, timeout: 15 * 60_000 });
  const info = JSON.parse(stdout.trim().split("\n").pop()!);
  return { url: info.url, serverName: info.server_name, sharedSecret: info.shared_secret, instance: options.instance };
}

export async function stopSynapse(instance: string): Promise<void> {
  await run("bash", [script, "stop", "--instance", instance]);
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

/** Registers a user through Synapse's shared-secret admin registration API. */
export async function registerUser(homeserver: HomeserverInfo, localpart: string, admin = false): Promise<RegisteredUser> {
  const endpoint = `${homeserver.url}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const password = randomBytes(12).toString("hex");
  const mac = createHmac("sha1", homeserver.sharedSecret)
    .update([nonce, localpart, password, admin ? "admin" : "notadmin"].join("\0"))
    .digest("hex");
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac }),
  });
  const body = (await response.json()) as { user_id?: string; access_token?: string; device_id?: string; error?: string };
  if (!response.ok || !body.user_id || !body.access_token) {
    throw new Error(`registering ${localpart} failed: ${response.status} ${body.error ?? ""}`);
  }
  return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id ?? "", password };
}

/** `PLENUM_TEST_HOMESERVER="<url> <registration shared secret> [<server name>]"` selects a running Synapse. */
export function externalHomeserver(value: string | undefined): HomeserverInfo | undefined {
  if (!value) return undefined;
  const [url, sharedSecret, serverName] = value.trim().split(/\s+/);
  if (!url || !sharedSecret) throw new Error('PLENUM_TEST_HOMESERVER must be "<url> <shared secret> [<server name>]"');
  return { url: url.replace(/\/$/, ""), sharedSecret, serverName: serverName ?? new URL(url).hostname };
}
