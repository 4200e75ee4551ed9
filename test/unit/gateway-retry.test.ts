import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LogService } from "matrix-bot-sdk";
import { buildConfig } from "../../core/config/load.js";
import { matrixBotSdkGateway, SENT_TXN_FIELD, type MatrixGateway } from "../../core/matrix/gateway.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import { validRawConfig } from "../support/config.js";

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

/** A stand-in homeserver that answers the n-th request with the n-th answer (the last one repeats). */
class StandInHomeserver {
  readonly paths: string[] = [];
  readonly bodies: string[] = [];
  private server!: Server;

  constructor(private readonly answers: Answer[]) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        this.paths.push(request.url ?? "");
        this.bodies.push(Buffer.concat(chunks).toString());
        this.answers[Math.min(this.paths.length, this.answers.length) - 1]!(request, response);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const json =
  (status: number, body: Record<string, unknown>): Answer =>
  (_request, response) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const sent = json(200, { event_id: "$sent" });
const hangUp: Answer = (request) => request.socket.destroy();

let homeserver: StandInHomeserver | undefined;
beforeAll(() => {
  // The SDK logs every failed request to the console; the failures here are the point.
  const quiet = () => undefined;
  LogService.setLogger({ info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet });
});
afterEach(async () => {
  await homeserver?.stop();
  homeserver = undefined;
});

/** A gateway towards the stand-in whose waits are recorded and take no time. */
async function gatewayFor(answers: Answer[], sendRetrySeconds = 60) {
  homeserver = new StandInHomeserver(answers);
  const url = await homeserver.start();
  const raw = validRawConfig();
  raw.homeserver = { ...raw.homeserver, url, send_retry_seconds: sendRetrySeconds };
  const waits: number[] = [];
  let now = 0;
  const onHoldWhileWaiting: number[] = [];
  const outcomes: string[] = [];
  const gateway: MatrixGateway = matrixBotSdkGateway(buildConfig(raw).config, {
    onRequest: (outcome) => void outcomes.push(outcome),
    retry: {
      sleep: async (ms) => {
        waits.push(ms);
        onHoldWhileWaiting.push(gateway.sendsOnHold());
        now += ms;
      },
      random: () => 0.5,
      now: () => now,
    },
  });
  return {
    gateway,
    waits,
    onHold: () => onHoldWhileWaiting,
    outcomes,
    paths: homeserver.paths,
    bodies: homeserver.bodies,
  };
}

describe("outbound sends while the homeserver is in trouble", () => {
  it("reports how each attempt ended, for the metrics: rate limited, server error, no answer, then ok", async () => {
    const { gateway, outcomes } = await gatewayFor([
      json(429, { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 10 }),
      json(502, { errcode: "M_UNKNOWN", error: "Bad gateway" }),
      (request) => request.socket.destroy(),
      json(200, { chunk: [] }),
      sent,
      json(404, { errcode: "M_NOT_FOUND", error: "No such room" }),
    ]);
    await gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t0");
    await expect(gateway.joinRoom("!missing:example.org")).rejects.toThrow();
    expect(outcomes).toEqual(["rate_limited", "server_error", "unreachable", "ok", "client_error"]);
  });

  it("waits as long as a 429's retry_after_ms asks and then sends with the same transaction id", async () => {
    const { gateway, waits, paths } = await gatewayFor([
      json(429, { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 1234 }),
      sent,
    ]);
    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t1"),
    ).resolves.toBe("$sent");
    expect(waits).toEqual([1234]);
    expect(paths).toHaveLength(2);
    expect(paths[1]).toBe(paths[0]);
    expect(paths[0]).toContain("/send/m.room.message/t1");
  });

  it("sends again with the same transaction id when the connection broke before an answer", async () => {
    const { gateway, paths } = await gatewayFor([hangUp, json(200, { chunk: [] }), sent]);
    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t2"),
    ).resolves.toBe("$sent");
    expect(paths).toEqual([paths[0], expect.stringContaining("/messages?"), paths[0]]);
  });

  it("does not send again when the room already holds the event whose answer was lost", async () => {
    const earlier = { event_id: "$earlier", content: { body: "hi", [SENT_TXN_FIELD]: "t5" } };
    const other = { event_id: "$other", content: { body: "hi", [SENT_TXN_FIELD]: "t4" } };
    const { gateway, paths } = await gatewayFor([hangUp, json(200, { chunk: [other, earlier] }), sent]);
    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t5"),
    ).resolves.toBe("$earlier");
    expect(paths).toHaveLength(2);
  });

  it("a send given up on after its answer was lost looks for the event first when it is sent again", async () => {
    let down = true;
    const earlier = { event_id: "$earlier", content: { body: "hi", [SENT_TXN_FIELD]: "t8" } };
    const { gateway, paths } = await gatewayFor(
      [
        (request, response) =>
          down
            ? hangUp(request, response)
            : request.url?.includes("/messages")
              ? json(200, { chunk: [earlier] })(request, response)
              : sent(request, response),
      ],
      1,
    );
    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t8"),
    ).rejects.toBeDefined();
    down = false;
    const before = paths.length;

    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t8"),
    ).resolves.toBe("$earlier");
    expect(paths.slice(before)).toEqual([expect.stringContaining("/messages?")]);
  });

  it("sends again without looking when the homeserver refused the request", async () => {
    const { gateway, paths } = await gatewayFor([
      json(429, { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 10 }),
      sent,
    ]);
    await gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t6");
    expect(paths).toEqual([paths[0], paths[0]]);
  });

  it("marks the sent event with its transaction id", async () => {
    const { gateway, bodies } = await gatewayFor([sent]);
    await gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t7");
    expect(JSON.parse(bodies[0]!)).toEqual({ body: "hi", [SENT_TXN_FIELD]: "t7" });
  });

  it("waits longer after every failure, jittered, and gives up with the last error when time is up", async () => {
    const { gateway, waits } = await gatewayFor(
      [json(502, { errcode: "M_UNKNOWN", error: "Bad gateway" })],
      10,
    );
    const failure = await gateway
      .sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t3")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MatrixRequestError);
    expect((failure as MatrixRequestError).status).toBe(502);
    // Half (the stand-in jitter) of 500 ms doubling up to 10 s, until 10 s in total would pass.
    expect(waits).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it("counts the send as on hold while it waits, and not afterwards", async () => {
    const { gateway, onHold } = await gatewayFor([hangUp, hangUp, sent]);
    await gateway.sendState("!room:example.org", "m.room.topic", "", { topic: "x" });
    expect(onHold()).toEqual([1, 1]);
    expect(gateway.sendsOnHold()).toBe(0);
  });

  it("does not send again after a refusal such as 403", async () => {
    const { gateway, paths } = await gatewayFor([json(403, { errcode: "M_FORBIDDEN", error: "No" })]);
    await expect(
      gateway.sendEvent("!room:example.org", "m.room.message", { body: "hi" }, "t4"),
    ).rejects.toMatchObject({ status: 403 });
    expect(paths).toHaveLength(1);
  });
});
