import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConfig } from "../../core/config/load.js";
import { matrixBotSdkGateway, type MatrixGateway } from "../../core/matrix/gateway.js";
import { freePort, startSynapse, stopSynapse } from "../../scripts/synapse-process.mjs";
import { validRawConfig } from "../support/config.js";
import { ownAppservice, type AppserviceSlot } from "../support/global-setup.js";
import { HomeserverProxy, sendsMessageInto } from "../support/homeserver-proxy.js";

/**
 * Failure drill (issue #7): Synapse restarts after it stored a send but before its answer reached
 * Plenum. Synapse keeps an appservice's transaction ids only in memory, so the retried send is new
 * to it; Plenum must find its own event instead of posting it again. Runs its own Synapse, since the
 * shared one may not restart under the other test files.
 */

const SERVER_NAME = "localhost";

describe("drill: the homeserver restarts while a send's answer is on its way", () => {
  const instance = `restart-${process.pid}`;
  let dir: string;
  let registration: string;
  let port: number;
  let slot: AppserviceSlot;
  let proxy: HomeserverProxy;
  let gateway: MatrixGateway;

  const startHomeserver = (keepState: boolean) =>
    startSynapse({ instance, port, serverName: SERVER_NAME, registrations: [registration], keepState });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plenum-restart-"));
    ({ slot, registration } = await ownAppservice(dir, "plenum-restart", "plenum_restart", SERVER_NAME));
    port = await freePort();
    await startHomeserver(false);
    proxy = new HomeserverProxy(`http://127.0.0.1:${port}`);
    await proxy.start();
    const raw = validRawConfig();
    raw.homeserver = { url: proxy.url, domain: SERVER_NAME, send_retry_seconds: 120 };
    raw.appservice = {
      id: slot.id,
      as_token: slot.asToken,
      hs_token: slot.hsToken,
      bot_localpart: slot.localpart,
      encryption: false,
    };
    const config = buildConfig(raw).config;
    await matrixBotSdkGateway(config).ensureBotRegistered();
    // Plenum as it runs after its first start: the bot exists already, so the SDK does not act
    // through the device its registration made, and Synapse keys the transaction ids in memory only.
    gateway = matrixBotSdkGateway(config);
    await gateway.ensureBotRegistered();
  }, 120_000);

  afterAll(async () => {
    await proxy?.stop();
    await stopSynapse(instance).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The bot's text messages in the room, oldest first, read from Synapse directly. */
  async function botMessages(roomId: string): Promise<{ eventId: string; body: string }[]> {
    const query = new URLSearchParams({ dir: "b", limit: "100", user_id: gateway.botUserId });
    const response = await fetch(
      `http://127.0.0.1:${port}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?${query}`,
      { headers: { authorization: `Bearer ${slot.asToken}` } },
    );
    const { chunk } = (await response.json()) as { chunk: Record<string, unknown>[] };
    return chunk
      .filter((event) => event.type === "m.room.message")
      .map((event) => ({
        eventId: String(event.event_id),
        body: String((event.content as { body: string }).body),
      }))
      .reverse();
  }

  test("a send whose answer was lost is not posted a second time after the restart", async () => {
    const roomId = await gateway.createRoom({});
    const answer = proxy.hold(sendsMessageInto(roomId), { afterForwarding: true });
    const sending = gateway.sendEvent(
      roomId,
      "m.room.message",
      { msgtype: "m.text", body: "Sent once" },
      "restart-drill-1",
    );
    await answer.arrived;
    await stopSynapse(instance);
    // Synapse stored the event and answered; the answer dies with the connection.
    await proxy.cut();
    answer.release();
    await startHomeserver(true);
    await proxy.restore();

    const eventId = await sending;
    expect(await botMessages(roomId)).toEqual([{ eventId, body: "Sent once" }]);
  }, 180_000);
});
