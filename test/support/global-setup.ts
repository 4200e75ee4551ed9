// Jest loads this file without module mapping, and what it imports natively, so it imports only
// packages, node: modules and plain JavaScript (synapse-process.mjs, postgres-setup.mjs).
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort, startSynapse } from "../../scripts/synapse-process.mjs";
import providePostgres, { removePostgres } from "./postgres-setup.mjs";

export { freePort };
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

/**
 * An appservice that receives nothing (its url is null) and whose users send with `?ts=`, which
 * Synapse honours for appservice users: tests use it to stamp events with any origin_server_ts, as a
 * remote server can. Its users are not Plenum's own (`clock_…`).
 */
export interface ClockAppservice {
  id: string;
  userPrefix: string;
  asToken: string;
  hsToken: string;
}

export interface E2eState {
  homeserver: HomeserverInfo;
  slots: AppserviceSlot[];
  /** Absent on a drill's own homeserver. */
  clock?: ClockAppservice;
}

export const STATE_ENV = "PLENUM_E2E_STATE";

export function externalHomeserver(value: string | undefined): HomeserverInfo | undefined {
  if (!value) return undefined;
  const [url, sharedSecret, serverName] = value.trim().split(/\s+/);
  if (!url || !sharedSecret)
    throw new Error('PLENUM_TEST_HOMESERVER must be "<url> <shared secret> [<server name>]"');
  return { url: url.replace(/\/$/, ""), sharedSecret, serverName: serverName ?? new URL(url).hostname };
}

const SLOTS = 4;

export function clockRegistrationYaml(clock: ClockAppservice, serverName: string): string {
  return stringify({
    id: clock.id,
    url: null,
    as_token: clock.asToken,
    hs_token: clock.hsToken,
    sender_localpart: `${clock.userPrefix}appservice`,
    namespaces: {
      users: [{ exclusive: true, regex: `@${clock.userPrefix}.*:${serverName.replace(/\./g, "\\.")}` }],
      aliases: [],
      rooms: [],
    },
    rate_limited: false,
  });
}

export function registrationYaml(slot: AppserviceSlot, serverName: string): string {
  return stringify({
    id: slot.id,
    url: `http://127.0.0.1:${slot.port}`,
    as_token: slot.asToken,
    hs_token: slot.hsToken,
    sender_localpart: `${slot.localpart}_appservice`,
    namespaces: {
      users: [{ exclusive: true, regex: `@${slot.localpart}(_.*)?:${serverName.replace(/\./g, "\\.")}` }],
      aliases: [],
      rooms: [],
    },
    rate_limited: false,
  });
}

/**
 * The appservice of a drill's own homeserver named `serverName`: fresh tokens, a free port, and its
 * registration written to `<dir>/registration.yaml` for that homeserver to load.
 */
export async function ownAppservice(
  dir: string,
  id: string,
  localpart: string,
  serverName: string,
): Promise<{ slot: AppserviceSlot; registration: string }> {
  const slot: AppserviceSlot = {
    id,
    localpart,
    port: await freePort(),
    asToken: randomBytes(16).toString("hex"),
    hsToken: randomBytes(16).toString("hex"),
  };
  const registration = join(dir, "registration.yaml");
  writeFileSync(registration, registrationYaml(slot, serverName));
  return { slot, registration };
}

/**
 * Starts one Synapse for the whole e2e run (or uses PLENUM_TEST_HOMESERVER), with one appservice
 * registration per Jest worker. With an external homeserver the registrations are derived from its
 * shared secret and fixed ports, so the files it must load stay the same from run to run.
 */
async function startHomeserver(): Promise<void> {
  const external = externalHomeserver(process.env.PLENUM_TEST_HOMESERVER);
  const dir = process.env.PLENUM_TEST_REGISTRATION_DIR ?? join(process.cwd(), ".e2e", "registrations");
  mkdirSync(dir, { recursive: true });
  const secret = external?.sharedSecret ?? `${Date.now()}-${Math.random()}`;
  const token = (label: string) => createHmac("sha256", secret).update(label).digest("hex");
  const serverName = external?.serverName ?? "localhost";
  const slots: AppserviceSlot[] = [];
  for (let i = 1; i <= SLOTS; i++) {
    slots.push({
      id: `plenum-test-${i}`,
      localpart: `plenum_t${i}`,
      port: external ? 29100 + i : await freePort(),
      asToken: token(`as-${i}`),
      hsToken: token(`hs-${i}`),
    });
  }
  const files = slots.map((slot) => {
    const file = join(dir, `${slot.id}.yaml`);
    writeFileSync(file, registrationYaml(slot, serverName));
    return file;
  });
  const clock: ClockAppservice = {
    id: "plenum-test-clock",
    userPrefix: "clock_",
    asToken: token("clock-as"),
    hsToken: token("clock-hs"),
  };
  files.push(join(dir, `${clock.id}.yaml`));
  writeFileSync(files.at(-1)!, clockRegistrationYaml(clock, serverName));
  const homeserver =
    external ??
    (await startSynapse({
      instance: `e2e-${process.pid}`,
      port: await freePort(),
      serverName,
      registrations: files,
    }));
  const state: E2eState = { homeserver, slots, clock };
  process.env[STATE_ENV] = JSON.stringify(state);
}

/** The PostgreSQL server of the run (see postgres-setup.mjs), then the homeserver. */
export default async function globalSetup(): Promise<void> {
  await providePostgres();
  // Jest runs no global teardown when a global setup fails: stop the server started above here.
  await startHomeserver().catch(async (error: unknown) => {
    await removePostgres();
    throw error;
  });
}
