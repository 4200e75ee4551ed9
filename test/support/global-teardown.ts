import { stopSynapse, STATE_ENV, type E2eState } from "./homeserver.js";

export default async function globalTeardown(): Promise<void> {
  const raw = process.env[STATE_ENV];
  if (!raw) return;
  const state = JSON.parse(raw) as E2eState;
  if (state.homeserver.instance) await stopSynapse(state.homeserver.instance);
}
