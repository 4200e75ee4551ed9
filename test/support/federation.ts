import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFederatingSynapse, stopSynapse, freePort } from "../../scripts/synapse-process.mjs";
import { registrationYaml, type AppserviceSlot, type E2eState, type HomeserverInfo } from "./global-setup.js";

export interface Federation {
  /** Plenum's homeserver, with an appservice registration of its own: `TestEnv.start({ homeserver })`. */
  home: E2eState & { slots: [AppserviceSlot] };
  /** Another homeserver that federates with `home`: its users can join rooms there and invite the bot. */
  partner: HomeserverInfo & { instance: string };
  stop(): Promise<void>;
}

/**
 * Two real Synapses that federate with each other over TLS on loopback (see startFederatingSynapse),
 * for what only a user of another server can do. The run's shared homeserver cannot federate, so
 * Plenum's homeserver is a fresh one here too; the bot's localpart is `localpart`.
 */
export async function startFederation(localpart: string): Promise<Federation> {
  const dir = mkdtempSync(join(tmpdir(), "plenum-federation-"));
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const slot: AppserviceSlot = {
    id: `plenum-federation-${tag}`,
    localpart,
    port: await freePort(),
    asToken: randomBytes(16).toString("hex"),
    hsToken: randomBytes(16).toString("hex"),
  };
  const instances = { home: `federation-home-${tag}`, partner: `federation-partner-${tag}` };
  const stop = async () => {
    await Promise.all(
      Object.values(instances).map((instance) => stopSynapse(instance).catch(() => undefined)),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const partner = await startFederatingSynapse({ instance: instances.partner });
    // The registration names the server, and the server's name holds its federation port.
    const federationPort = await freePort();
    const registration = join(dir, "registration.yaml");
    writeFileSync(registration, registrationYaml(slot, `127.0.0.1:${federationPort}`));
    const home = await startFederatingSynapse({
      instance: instances.home,
      registrations: [registration],
      federationPort,
    });
    return { home: { homeserver: home, slots: [slot] }, partner, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
