import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { externalHomeserver, freePort, startSynapse, STATE_ENV, type AppserviceSlot, type E2eState } from "./homeserver.js";

const SLOTS = 4;

function registrationYaml(slot: AppserviceSlot, serverName: string): string {
  return stringify({
    id: slot.id,
    url: `http://127.0.0.1:${slot.port}`,
    as_token: slot.asToken,
    hs_token: slot.hsToken,
    sender_localpart: slot.localpart,
    namespaces: { users: [{ exclusive: true, regex: `@${slot.localpart}(_.*)?:${serverName.replace(/\./g, "\\.")}` }], aliases: [], rooms: [] },
    rate_limited: false,
  });
}

/**
 * Starts one Synapse for the whole e2e run (or uses PLENUM_TEST_HOMESERVER), with one appservice
 * registration per Jest worker. With an external homeserver the registrations are derived from its
 * shared secret and fixed ports, so the files it must load stay the same from run to run.
 */
export default async function globalSetup(): Promise<void> {
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
  const homeserver =
    external ?? (await startSynapse({ instance: `e2e-${process.pid}`, port: await freePort(), serverName, registrations: files }));
  const state: E2eState = { homeserver, slots };
  process.env[STATE_ENV] = JSON.stringify(state);
}
