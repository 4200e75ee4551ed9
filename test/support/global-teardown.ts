// Loaded natively by Jest, like global-setup.ts.
import { stopSynapse } from "../../scripts/synapse-process.mjs";
import { removePostgres } from "./postgres-setup.mjs";

export default async function globalTeardown(): Promise<void> {
  await removePostgres();
  const raw = process.env.PLENUM_E2E_STATE;
  if (!raw) return;
  const instance = (JSON.parse(raw) as { homeserver: { instance?: string } }).homeserver.instance;
  if (instance) await stopSynapse(instance);
}
