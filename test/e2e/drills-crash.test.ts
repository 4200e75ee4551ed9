import { STATE_ENV, type E2eState } from "../support/global-setup.js";
import { HomeserverProxy, sendsMessageInto } from "../support/homeserver-proxy.js";
import { PlenumProcess } from "../support/plenum-process.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/**
 * Failure drills (issue #7): Plenum killed with SIGKILL after it acknowledged a transaction, and
 * transactions delivered again. Plenum runs as a separate process here, so the kill is real.
 */
describe("drill: killed after acknowledging a transaction", () => {
  let env: TestEnv;
  let proxy: HomeserverProxy;
  let alice: TestUser;
  let room: string;
  let plenum: PlenumProcess | undefined;

  beforeAll(async () => {
    const state = JSON.parse(process.env[STATE_ENV]!) as E2eState;
    proxy = new HomeserverProxy(state.homeserver.url);
    await proxy.start();
    env = await TestEnv.start({ config: { homeserver: { url: proxy.url } } });
    alice = await env.createUser("alice");
    room = await env.roomWithBot(alice);
    await env.stopPlenum();
  });

  afterEach(async () => {
    await plenum?.kill();
    plenum = undefined;
  });

  afterAll(async () => {
    await env.stop();
    await proxy.stop();
  });

  /** Starts Plenum again, waits for the reply, and lets it finish (SIGTERM) before counting. */
  async function restartAndCountReplies(eventId: string): Promise<number> {
    plenum = await PlenumProcess.start(env.rawConfig, env.dataDir);
    await env.eventually(
      async () => (await env.replyCount(room, eventId)) > 0,
      `the reply to ${eventId}`,
      20_000,
    );
    await plenum.stop();
    return env.replyCount(room, eventId);
  }

  test.each([
    { moment: "before its reply reached the homeserver", afterForwarding: false },
    { moment: "after the homeserver took its reply but before Plenum heard back", afterForwarding: true },
  ])("killed $moment, Plenum answers the command once after the restart", async ({ afterForwarding }) => {
    plenum = await PlenumProcess.start(env.rawConfig, env.dataDir);
    const held = proxy.hold(sendsMessageInto(room), { afterForwarding });
    const command = await env.say(alice, room, "!meet help");
    await held.arrived;
    await plenum.kill();
    held.release();
    expect(await restartAndCountReplies(command)).toBe(1);
  });

  test("the same transaction delivered again, and the same event in a second transaction, have one effect", async () => {
    plenum = await PlenumProcess.start(env.rawConfig, env.dataDir);
    const command = await env.say(alice, room, "!meet help");
    await env.eventually(
      async () => (await env.replyCount(room, command)) === 1,
      `the reply to ${command}`,
      20_000,
    );
    const event = {
      event_id: command,
      room_id: room,
      type: "m.room.message",
      sender: alice.userId,
      origin_server_ts: Date.now(),
      content: { msgtype: "m.text", body: "!meet help" },
    };
    const deliver = (txnId: string) =>
      fetch(`${env.appserviceUrl}/_matrix/app/v1/transactions/${txnId}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${env.slot.hsToken}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [event] }),
      });
    expect((await deliver("drill-again-1")).status).toBe(200);
    expect((await deliver("drill-again-1")).status).toBe(200);
    expect((await deliver("drill-again-2")).status).toBe(200);
    await plenum.stop();
    expect(await env.replyCount(room, command)).toBe(1);
  });
});
