import type { Router } from "express";
import express from "express";
import type { Database } from "../../core/storage/database.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { encryptionServes, type EncryptionState } from "../../core/matrix/crypto-startup.js";

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
  /** Where the bot's encryption device is now, reported when this process runs the appservice role. */
  encryption?: () => EncryptionState;
  timeoutMs?: number;
}

/**
 * `GET /healthz`: 200 when the database and the homeserver both answer, no outbound send is waiting
 * to be retried, and the encryption device (if this process runs the appservice role) runs here or
 * elsewhere; 503 ("degraded") otherwise, saying which part is the trouble. It keeps its words for
 * the device: `on`, `off`, or `failed` (did not start, or lost since).
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
    const state = options.encryption?.();
    const encryption = state && (state === "off" ? "off" : encryptionServes(state) ? "on" : "failed");
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
