import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startSynapse, stopSynapse } from "../../scripts/synapse-process.mjs";
import { ownAppservice, type E2eState } from "../support/global-setup.js";
import { TestEnv } from "../support/testenv.js";

/**
 * Failure drill (issue #23): the homeserver is replaced by one with an empty database (restored from
 * an old backup, its appservice state reset, or `npm run dev` starting it afresh) while Plenum keeps
 * its own. The new homeserver numbers its transactions from 1 again; Plenum must not take them for
 * repeats of the old ones. Runs its own Synapse, since the shared one must not be replaced.
 */

const SERVER_NAME = "localhost";

describe("drill: the homeserver is replaced by one with an empty database", () => {
  const instance = `replaced-${process.pid}`;
  let dir: string;
  let env: TestEnv;
  let state: E2eState;
  let alice: Awaited<ReturnType<TestEnv["createUser"]>>;
  let linesBefore: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plenum-replaced-"));
    const { slot, registration } = await ownAppservice(
      dir,
      "plenum-replaced",
      "plenum_replaced",
      SERVER_NAME,
    );
    const port = await freePort();
    const sharedSecret = randomBytes(16).toString("hex");
    const startHomeserver = () =>
      startSynapse({ instance, port, serverName: SERVER_NAME, registrations: [registration], sharedSecret });
    const homeserver = await startHomeserver();
    state = { homeserver, slots: [slot] };
    env = await TestEnv.start({ locale: "en", homeserver: state });
    // Enough transactions that the new homeserver's first ones carry ids Plenum has seen.
    const first = await env.createUser("alice");
    const team = await env.roomWithBot(first);
    for (let i = 0; i < 5; i++) await env.ask(first, team, "!meet help");
    linesBefore = env.logLines.length;

    for (const user of env.users) user.client.stopClient();
    await stopSynapse(instance);
    await startHomeserver();
    // As `npm run dev` does: Plenum starts again on its own database, against the new homeserver.
    await env.restartPlenum();
    alice = await env.createUser("alice");
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
    await stopSynapse(instance).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test("an invite from the new homeserver is accepted", async () => {
    await env.roomWithBot(alice, "After the replacement");
  });

  test("a command in a room of the new homeserver is answered", async () => {
    const roomId = await env.roomWithBot(alice, "Commands after the replacement");
    expect(await env.ask(alice, roomId, "!meet help")).toMatch(/^Plenum: !meet commands/);
  });

  test("the homeserver's transaction ids going backwards is logged once, as a warning", () => {
    const warnings = env.logLines
      .slice(linesBefore)
      .filter((line) => line.includes("transaction ids went backwards"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40 });
  });
});
