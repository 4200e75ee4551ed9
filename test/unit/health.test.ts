import express from "express";
import { healthRouter } from "../../bridge/http/health.js";
import { listen } from "../../core/http/listen.js";
import type { EncryptionState } from "../../core/matrix/crypto-startup.js";
import type { Database } from "../../core/storage/database.js";
import { FakeMatrix } from "../support/fakes/matrix.js";

async function health(state: EncryptionState | undefined) {
  const app = express();
  app.use(
    healthRouter({
      db: { raw: async () => 1 } as unknown as Database,
      gateway: new FakeMatrix(),
      ...(state ? { encryption: () => state } : {}),
    }),
  );
  const server = await listen(app, "127.0.0.1", 0);
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

describe("health and the bot's encryption device", () => {
  test("a running device is reported and healthy", async () => {
    expect(await health("held")).toEqual({
      status: 200,
      body: { status: "ok", database: "ok", homeserver: "ok", sends_on_hold: 0, encryption: "on" },
    });
  });

  test("a device that failed to start makes health degraded", async () => {
    expect(await health("failed")).toEqual({
      status: 503,
      body: { status: "degraded", database: "ok", homeserver: "ok", sends_on_hold: 0, encryption: "failed" },
    });
  });

  test("a device held by another instance is reported as on, and healthy", async () => {
    expect(await health("held_elsewhere")).toMatchObject({ status: 200, body: { encryption: "on" } });
  });

  test("a device lost after start-up makes health degraded, reported as failed", async () => {
    expect(await health("lost")).toMatchObject({ status: 503, body: { encryption: "failed" } });
  });

  test("a process without the appservice role says nothing about encryption", async () => {
    expect((await health(undefined)).body).toEqual({
      status: "ok",
      database: "ok",
      homeserver: "ok",
      sends_on_hold: 0,
    });
  });
});
