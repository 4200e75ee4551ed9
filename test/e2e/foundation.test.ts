import { EventType } from "matrix-js-sdk";
import { replyTxnId } from "../../bots/events/replies.js";
import { FORGET_IDEMPOTENCY_KEY } from "../../core/http/idempotency-keys.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const METRICS_TOKEN = "metrics-token-for-tests-012345";

describe("the bot on a real Synapse", () => {
  let env: TestEnv;
  let alice: TestUser;
  let roomId: string;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en", config: { metrics: { token: METRICS_TOKEN } } });
    alice = await env.createUser("alice");
    roomId = await env.roomWithBot(alice);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function transaction(txnId: string, events: unknown[], token = env.slot.hsToken): Promise<Response> {
    return fetch(`${env.appserviceUrl}/_matrix/app/v1/transactions/${txnId}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ events }),
    });
  }

  function forgedCommand(eventId: string) {
    return {
      type: "m.room.message",
      event_id: eventId,
      room_id: roomId,
      sender: alice.userId,
      origin_server_ts: Date.now(),
      content: { msgtype: "m.text", body: "!meet help" },
    };
  }

  async function botRepliesTo(eventId: string): Promise<number> {
    const events = await env.roomMessages(alice, roomId);
    return events.filter((e) => e.sender === env.botUserId && JSON.stringify(e.content).includes(eventId))
      .length;
  }

  test("a user invites the bot and the bot joins the room", async () => {
    const member = alice.client
      .getRoom(roomId)
      ?.currentState.getStateEvents(EventType.RoomMember, env.botUserId);
    expect(member?.getContent().membership).toBe("join");
  });

  test("!meet help typed by a user is answered with the help text as a reply", async () => {
    const eventId = await env.say(alice, roomId, "!meet help");
    const reply = await env.replyTo(alice, roomId, eventId);
    expect(reply.getContent().msgtype).toBe("m.notice");
    expect(reply.getContent().body).toContain("Plenum: !meet commands");
    expect(reply.getContent().body).toContain("!meet help [command]");
  });

  test("a transaction replayed with the same txnId does not produce a second answer", async () => {
    const eventId = `$replayed-${Date.now()}`;
    expect((await transaction(`replay-${eventId}`, [forgedCommand(eventId)])).status).toBe(200);
    await env.waitForEvent(
      alice,
      roomId,
      (e) => env.repliesTo(e, eventId),
      "the answer to the first delivery",
    );
    expect((await transaction(`replay-${eventId}`, [forgedCommand(eventId)])).status).toBe(200);
    await env.plenum.bots!.processor.idle();
    expect(await botRepliesTo(eventId)).toBe(1);
  });

  test("the same event delivered again in a new transaction gets no second answer", async () => {
    const eventId = `$twice-${Date.now()}`;
    await transaction(`first-${eventId}`, [forgedCommand(eventId)]);
    await env.waitForEvent(
      alice,
      roomId,
      (e) => env.repliesTo(e, eventId),
      "the answer to the first delivery",
    );
    await transaction(`second-${eventId}`, [forgedCommand(eventId)]);
    await env.plenum.bots!.processor.idle();
    expect(await botRepliesTo(eventId)).toBe(1);
  });

  test("a request with a wrong hs_token gets 403 and stores nothing", async () => {
    const eventId = `$forged-${Date.now()}`;
    const response = await transaction(
      `forged-${eventId}`,
      [forgedCommand(eventId)],
      "not-the-hs-token-at-all",
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ errcode: "M_FORBIDDEN", error: "Invalid homeserver token" });
    expect(await env.plenum.db("inbox").where({ event_id: eventId }).first()).toBeUndefined();
  });

  test("a request with the token only in the query string is unauthorized and stores nothing", async () => {
    const eventId = `$query-${Date.now()}`;
    const response = await fetch(
      `${env.appserviceUrl}/_matrix/app/v1/transactions/q-${Date.now()}?access_token=${env.slot.hsToken}`,
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ events: [forgedCommand(eventId)] }),
      },
    );
    expect(response.status).toBe(401);
    expect(await env.plenum.db("inbox").where({ event_id: eventId }).first()).toBeUndefined();
  });

  test("the appservice answers the homeserver's ping", async () => {
    const response = await fetch(`${env.appserviceUrl}/_matrix/app/v1/ping`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.slot.hsToken}` },
      body: JSON.stringify({ transaction_id: "ping-1" }),
    });
    expect(response.status).toBe(200);
  });

  test("the homeserver's own ping endpoint reaches Plenum", async () => {
    const response = await fetch(
      `${env.state.homeserver.url}/_matrix/client/v1/appservice/${env.slot.id}/ping`,
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${env.slot.asToken}` },
        body: JSON.stringify({}),
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ duration_ms: expect.any(Number) });
  });

  test("a reply sent twice with the same transaction id appears once", async () => {
    const eventId = await env.say(alice, roomId, "!meet help help");
    await env.replyTo(alice, roomId, eventId);
    await env.plenum.gateway.sendEvent(
      roomId,
      "m.room.message",
      { msgtype: "m.notice", body: `again ${eventId}` },
      replyTxnId(eventId),
    );
    expect(await botRepliesTo(eventId)).toBe(1);
  });

  test("the bot's own messages are never treated as commands", async () => {
    const before = await env.plenum.metrics.registry.getSingleMetricAsString("plenum_commands_total");
    await env.plenum.gateway.sendEvent(
      roomId,
      "m.room.message",
      { msgtype: "m.text", body: "!meet help" },
      `own-${Date.now()}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await env.plenum.bots!.processor.idle();
    expect(await env.plenum.metrics.registry.getSingleMetricAsString("plenum_commands_total")).toBe(before);
  });

  test("health reports the database and the homeserver as reachable", async () => {
    const response = await fetch(`${env.httpUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "ok",
      homeserver: "ok",
      sends_on_hold: 0,
      encryption: "off",
    });
  });

  test("metrics count transactions, events and commands in the Prometheus format", async () => {
    const response = await fetch(`${env.httpUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await response.text();
    expect(text).toMatch(/plenum_appservice_transactions_total\{outcome="stored"\} \d+/);
    expect(text).toMatch(/plenum_commands_total\{command="help",outcome="ok"\} \d+/);
    expect(text).toMatch(/plenum_handler_duration_seconds_bucket/);
  });

  test("metrics export what an operator watches: scheduler lag and due jobs, the inbox, call and verification latency, homeserver outcomes, the encryption device", async () => {
    // A job due now (forgetting a service key nobody used), so the scheduler observes its lag.
    await jobsRepository(env.plenum.db).schedule({
      kind: FORGET_IDEMPOTENCY_KEY,
      key: `metrics-test:${Date.now()}`,
      payload: { serviceId: "nobody", key: "nothing", claimedAt: 0 },
      dueAt: Date.now(),
    });
    env.plenum.scheduler!.wake();
    // Without credentials both are refused, and timed as such.
    await fetch(`${env.httpUrl}/api/v1/jitsi/token`, { method: "POST" });
    await fetch(`${env.httpUrl}/verify/user`, { method: "POST" });
    const scrape = async () =>
      (
        await fetch(`${env.httpUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
    await env.eventually(
      async () => /^plenum_scheduler_lag_seconds_count [1-9]/m.test(await scrape()),
      "the scheduler to observe the lag of the job due now",
    );
    const text = await scrape();
    expect(text).toMatch(/^plenum_scheduler_lag_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(text).toMatch(/^plenum_scheduler_due_jobs \d+$/m);
    expect(text).toMatch(/^plenum_scheduler_oldest_due_seconds [\d.]+$/m);
    expect(text).toMatch(/^plenum_inbox_pending_events \d+$/m);
    expect(text).toMatch(/^plenum_inbox_oldest_pending_seconds [\d.]+$/m);
    expect(text).toMatch(/^plenum_call_token_duration_seconds_count\{outcome="refused"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^plenum_verification_duration_seconds_count\{endpoint="user",outcome="refused"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^plenum_homeserver_requests_total\{outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^plenum_encryption_enabled 0$/m);
    expect(text).toMatch(/^plenum_encryption_device_held 0$/m);
  });

  test("no token or secret appears in the logs", () => {
    const logs = env.logLines.join("");
    expect(env.logLines.length).toBeGreaterThan(5);
    for (const secret of [env.slot.asToken, env.slot.hsToken, alice.accessToken])
      expect(logs).not.toContain(secret);
  });

  test("log lines carry the room and event ids of what they are about", () => {
    const handled = env.logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === "command handled");
    expect(handled).toMatchObject({
      room_id: roomId,
      event_id: expect.stringMatching(/^\$/),
      command: "help",
    });
  });
});
