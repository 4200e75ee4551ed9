import express from "express";
import { callTimings } from "../../bridge/http/timing.js";
import { listen } from "../../core/http/listen.js";
import { createMetrics } from "../../core/metrics/registry.js";
import { timedCalls } from "../../core/metrics/timed.js";

/** How many observations a histogram holds for the labels. */
async function observations(
  histogram: {
    get(): Promise<{ values: { metricName?: string; labels: Record<string, unknown>; value: number }[] }>;
  },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await histogram.get();
  const count = values.find(
    (v) =>
      v.metricName?.endsWith("_count") &&
      Object.entries(labels).every(([key, value]) => v.labels[key] === value),
  );
  return Number(count?.value ?? 0);
}

describe("latency of the requests between a user and a call", () => {
  test("call token requests are timed by outcome: issued, refused, failed", async () => {
    const metrics = createMetrics();
    const app = express();
    app.use(callTimings(metrics));
    let status = 200;
    app.post("/api/v1/jitsi/token", (_request, response) => void response.status(status).json({}));
    const server = await listen(app, "127.0.0.1", 0);
    try {
      for (const next of [200, 200, 403, 503]) {
        status = next;
        await fetch(`http://127.0.0.1:${server.port}/api/v1/jitsi/token`, { method: "POST" });
      }
    } finally {
      await server.close();
    }
    expect(await observations(metrics.callTokenSeconds, { outcome: "issued" })).toBe(2);
    expect(await observations(metrics.callTokenSeconds, { outcome: "refused" })).toBe(1);
    expect(await observations(metrics.callTokenSeconds, { outcome: "failed" })).toBe(1);
  });

  test("Prosody's verification requests are timed by endpoint", async () => {
    const metrics = createMetrics();
    const app = express();
    app.use(callTimings(metrics));
    app.post(["/verify/user", "/verify/user_in_room"], (_request, response) => void response.json({}));
    const server = await listen(app, "127.0.0.1", 0);
    try {
      for (const path of ["/verify/user", "/verify/user_in_room", "/verify/user_in_room"])
        await fetch(`http://127.0.0.1:${server.port}${path}`, { method: "POST" });
    } finally {
      await server.close();
    }
    expect(await observations(metrics.verificationSeconds, { endpoint: "user", outcome: "answered" })).toBe(
      1,
    );
    expect(
      await observations(metrics.verificationSeconds, { endpoint: "user_in_room", outcome: "answered" }),
    ).toBe(2);
  });

  test("OpenID checks with the homeserver are timed by outcome, the failure named", async () => {
    const metrics = createMetrics();
    const verify = timedCalls(
      async (token: string) => {
        if (token === "bad") throw Object.assign(new Error("invalid"), { code: "invalid_token" });
        return "@alice:example.org";
      },
      metrics.openIdSeconds,
      (error) => String((error as { code?: string }).code),
    );
    await verify("good");
    await expect(verify("bad")).rejects.toThrow("invalid");
    expect(await observations(metrics.openIdSeconds, { outcome: "ok" })).toBe(1);
    expect(await observations(metrics.openIdSeconds, { outcome: "invalid_token" })).toBe(1);
  });
});
