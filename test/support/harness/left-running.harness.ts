import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { freePort, startSynapse } from "../../../scripts/synapse-process.mjs";
import { e2eRawConfig } from "../config.js";
import { ownAppservice } from "../global-setup.js";
import { PlenumProcess } from "../plenum-process.js";

/**
 * A test file as a drill is one: it starts a Synapse and Plenum as processes of their own, and then
 * ends without stopping them, interrupted (it waits until it is) or failing. Run by
 * test/e2e/process-cleanup.test.ts, which tells it how to end and where to write what it started.
 */
const { HARNESS_INSTANCE, HARNESS_MAIN, HARNESS_OUT, HARNESS_ENDING } = process.env;

test("starts Synapse and Plenum, then is interrupted or fails", async () => {
  const dir = mkdtempSync(join(dirname(HARNESS_OUT!), "plenum-"));
  const { slot, registration } = await ownAppservice(dir, "plenum-harness", "plenum_harness", "localhost");
  const homeserver = await startSynapse({
    instance: HARNESS_INSTANCE!,
    port: await freePort(),
    serverName: "localhost",
    registrations: [registration],
  });
  const raw = e2eRawConfig(homeserver, slot, dir, await freePort());
  const plenum = await PlenumProcess.start(raw, dir, "appservice", HARNESS_MAIN);
  writeFileSync(HARNESS_OUT!, JSON.stringify({ pid: plenum.child.pid, port: slot.port }));
  if (HARNESS_ENDING !== "fails") return new Promise(() => undefined);
  // Fails when told to, once the test has seen Plenum listen.
  while (!existsSync(`${HARNESS_OUT}.fail`)) await new Promise((done) => setTimeout(done, 100));
  throw new Error("a wait failed");
});
