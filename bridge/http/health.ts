import type { Router } from "express";
import express from "express";
import type { Database } from "../../core/storage/database.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import type { EncryptionStatus } from "../../core/matrix/crypto-startup.js";

/** "ok" when `probe` resolves within `timeoutMs`, "unreachable" when it fails or takes longer. */
export async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<"ok" | "unreachable"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return "ok";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthRouterOptions {
  db: Database;
  gateway: MatrixGateway;
  /** The bot's encryption device, reported when this process runs the appservice role. */
  encryption?: EncryptionStatus;
  timeoutMs?: number;
}

/**
 * `GET /healthz`: 200 when the database and the homeserver both answer, no outbound send is waiting
 * to be retried, and the encryption device (if this process runs one) started; 503 ("degraded")
 * otherwise, saying which part is the trouble.
 */
export function healthRouter(options: HealthRouterOptions): Router {
  const router = express.Router();
  router.get("/healthz", async (_request, response) => {
    const timeoutMs = options.timeoutMs ?? 3_000;
    const [database, homeserver] = await Promise.all([
      check(() => options.db.raw("select 1"), timeoutMs),
      check(() => options.gateway.ping(), timeoutMs),
    ]);
    const sendsOnHold = options.gateway.sendsOnHold();
    const { encryption } = options;
    const healthy = database === "ok" && homeserver === "ok" && sendsOnHold === 0 && encryption !== "failed";
    response.status(healthy ? 200 : 503).json({
      status: healthy ? "ok" : "degraded",
      database,
      homeserver,
      sends_on_hold: sendsOnHold,
      ...(encryption ? { encryption } : {}),
    });
  });
  return router;
}
