import express, { type Router } from "express";
import { encryptionServes, type EncryptionState } from "../../core/matrix/crypto-startup.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import type { Database } from "../../core/storage/database.js";
import { schemaStatus } from "../../core/storage/schema.js";
import { migrations as allMigrations, type Migration } from "../../migrations/index.js";
import { check } from "./health.js";

export interface ReadinessRouterOptions {
  db: Database;
  gateway: MatrixGateway;
  /** Where the bot's encryption device is now, when this process runs the appservice role. */
  encryption?: () => EncryptionState;
  timeoutMs?: number;
  /** The migrations this code knows (tests pass others). */
  migrations?: readonly Migration[];
}

type MigrationsCheck = "ok" | "pending" | "newer" | "unchecked";

/**
 * The probes of an orchestrator (Kubernetes, the container image's HEALTHCHECK, a load balancer).
 * `GET /livez`: the process answers HTTP; nothing else is asked, so a database or homeserver outage
 * never gets a healthy process restarted. `GET /readyz`: this instance can do its work: the database
 * answers, its schema is the one this code expects (every known migration applied; newer ones only
 * if they were recorded as safe for older code), the homeserver answers, and the encryption device
 * is not lost: held here, held by another instance (this one hands its encrypted sends to it), being
 * opened, or switched off in the config. 200 with every check, 503 naming the failed ones.
 * `/healthz` (health.ts) stays as it was for existing set-ups.
 */
export function readinessRouter(options: ReadinessRouterOptions): Router {
  const router = express.Router();
  const known = options.migrations ?? allMigrations;

  router.get("/livez", (_request, response) => {
    response.json({ status: "alive" });
  });

  router.get("/readyz", async (_request, response) => {
    const timeoutMs = options.timeoutMs ?? 3_000;
    const [database, homeserver] = await Promise.all([
      check(() => options.db.raw("select 1"), timeoutMs),
      check(() => options.gateway.ping(), timeoutMs),
    ]);
    let migrations: MigrationsCheck = "unchecked";
    let pending: string[] = [];
    let newer: string[] = [];
    if (database === "ok") {
      try {
        const status = await schemaStatus(options.db, known);
        pending = status.pending.map((m) => m.name);
        newer = status.newerIncompatible;
        migrations = pending.length > 0 ? "pending" : newer.length > 0 ? "newer" : "ok";
      } catch {
        // The database went away between the two questions.
      }
    }
    const encryption = options.encryption?.();
    const failed = [
      ...Object.entries({ database, migrations, homeserver })
        .filter(([, value]) => value !== "ok" && value !== "unchecked")
        .map(([name]) => name),
      ...(encryption && !encryptionServes(encryption) ? ["encryption"] : []),
    ];
    const checks = { database, migrations, homeserver, ...(encryption ? { encryption } : {}) };
    response.status(failed.length === 0 ? 200 : 503).json({
      status: failed.length === 0 ? "ready" : "not_ready",
      checks,
      ...(failed.length > 0 ? { failed } : {}),
      ...(pending.length > 0 ? { pending_migrations: pending } : {}),
      ...(newer.length > 0 ? { newer_migrations: newer } : {}),
    });
  });
  return router;
}
