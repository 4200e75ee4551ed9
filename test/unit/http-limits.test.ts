import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { GUEST_ADDRESS_LIMIT, GUEST_CONTENT_SECURITY_POLICY } from "../../bridge/http/guest.js";
import { freePort } from "../support/global-setup.js";
import { HttpRole } from "../support/http-role.js";

const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const RECORDINGS_TOKEN = "recordings-token-for-tests-0123";
const METRICS_TOKEN = "metrics-token-for-tests-012345";

/**
 * Writes `parts` to the server over a raw connection, waiting `pauseMs` between them, and returns
 * the status line of the answer (or "closed" if the server hung up without one).
 */
function rawRequest(port: number, parts: string[], pauseMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("close", () => resolve(answer.split("\r\n")[0] || "closed"));
    socket.on("error", reject);
    void (async () => {
      for (const [index, part] of parts.entries()) {
        if (index > 0) await sleep(pauseMs);
        if (!socket.destroyed) socket.write(part);
      }
    })();
  });
}

describe("time limits of the public HTTP server", () => {
  let http: HttpRole;
  let port: number;

  beforeAll(async () => {
    http = await HttpRole.start({
      http: { request_timeout: "1s" },
      jitsi: { recordings_token: RECORDINGS_TOKEN },
    });
    port = http.plenum.http!.port;
  });

  afterAll(async () => {
    await http?.stop();
  });

  test("a body that has not arrived within http.request_timeout is answered 408", async () => {
    const status = await rawRequest(port, [
      "POST /api/v1/session HTTP/1.1\r\nHost: plenum\r\nContent-Type: application/json\r\n" +
        "Content-Length: 100\r\n\r\n",
      '{"openid_token": ',
    ]);
    expect(status).toBe("HTTP/1.1 408 Request Timeout");
  });

  test("a recording upload may take longer than http.request_timeout", async () => {
    const boundary = "plenum-test-boundary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="session_id"\r\n\r\nsession\r\n--${boundary}--\r\n`;
    const status = await rawRequest(
      port,
      [
        "POST /api/v1/recordings HTTP/1.1\r\nHost: plenum\r\nConnection: close\r\n" +
          `Authorization: Bearer ${RECORDINGS_TOKEN}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
        body.slice(0, 20),
        body.slice(20),
      ],
      2_000,
    );
    // Refused for what it carries (no file part), not for the time it took.
    expect(status).toBe("HTTP/1.1 400 Bad Request");
  });
});

describe("who may read /metrics", () => {
  test("without metrics.token or metrics.port, /metrics is off", async () => {
    const http = await HttpRole.start();
    try {
      expect((await fetch(`${http.url}/metrics`)).status).toBe(404);
    } finally {
      await http.stop();
    }
  });

  test("with metrics.token, the public server serves /metrics only to that bearer", async () => {
    const http = await HttpRole.start({ metrics: { token: METRICS_TOKEN } });
    try {
      const read = (authorization?: string) =>
        fetch(`${http.url}/metrics`, authorization ? { headers: { authorization } } : {});
      expect((await read()).status).toBe(401);
      expect((await read("Bearer wrong-token")).status).toBe(403);
      const allowed = await read(`Bearer ${METRICS_TOKEN}`);
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("process_cpu_user_seconds_total");
    } finally {
      await http.stop();
    }
  });

  test("with metrics.port, /metrics is served there without a token and not on the public server", async () => {
    const metricsPort = await freePort();
    const http = await HttpRole.start({ metrics: { port: metricsPort, token: METRICS_TOKEN } });
    try {
      const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain("process_cpu_user_seconds_total");
      const publicAnswer = await fetch(`${http.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(publicAnswer.status).toBe(404);
    } finally {
      await http.stop();
    }
  });
});

describe("the guest page's limits and headers", () => {
  /** Asks for a guest token with a made-up link, as a script guessing links would. */
  const guess = (http: HttpRole, n: number, forwardedFor?: string) =>
    fetch(`${http.url}/guest/made-up-link-${n}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      body: JSON.stringify({ name: "Gast" }),
    });

  async function exhaust(http: HttpRole, forwardedFor?: string): Promise<void> {
    for (let n = 0; n < GUEST_ADDRESS_LIMIT.limit; n++)
      expect((await guess(http, n, forwardedFor)).status).toBe(404);
  }

  test("a client trying made-up links is refused once its address has used up its attempts", async () => {
    const http = await HttpRole.start({ jitsi: { app_secret: APP_SECRET } });
    try {
      await exhaust(http);
      const refused = await guess(http, GUEST_ADDRESS_LIMIT.limit);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await http.stop();
    }
  });

  test("without a trusted proxy, X-Forwarded-For gives a client no fresh attempts", async () => {
    const http = await HttpRole.start({ jitsi: { app_secret: APP_SECRET } });
    try {
      await exhaust(http, "203.0.113.1");
      expect((await guess(http, 0, "203.0.113.2")).status).toBe(429);
    } finally {
      await http.stop();
    }
  });

  test("behind a trusted proxy, each address it forwards has attempts of its own", async () => {
    const http = await HttpRole.start({
      jitsi: { app_secret: APP_SECRET },
      http: { trusted_proxies: ["127.0.0.1"] },
    });
    try {
      await exhaust(http, "203.0.113.1");
      expect((await guess(http, 0, "203.0.113.1")).status).toBe(429);
      expect((await guess(http, 0, "203.0.113.2")).status).toBe(404);
    } finally {
      await http.stop();
    }
  });

  test("every guest page forbids framing and runs no script but its own", async () => {
    const http = await HttpRole.start({ jitsi: { app_secret: APP_SECRET } });
    try {
      const response = await fetch(`${http.url}/guest/made-up-link`);
      expect(response.headers.get("content-security-policy")).toBe(GUEST_CONTENT_SECURITY_POLICY);
      expect(GUEST_CONTENT_SECURITY_POLICY).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(GUEST_CONTENT_SECURITY_POLICY).toMatch(/(^|; )script-src 'sha256-[A-Za-z0-9+/]{43}='(;|$)/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    } finally {
      await http.stop();
    }
  });
});
