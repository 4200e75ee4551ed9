import express, { type Request, type Response } from "express";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { InboxRepository } from "../../core/storage/inbox.js";
import type { Clock } from "../../core/time/clock.js";
import { requireHomeserverToken } from "./auth.js";

export interface AppserviceListenerOptions {
  hsToken: string;
  inbox: InboxRepository;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  /** Called after a transaction is stored, so its events are handled promptly. */
  onStored(): void;
  /** False for events that handling would ignore (Plenum's own messages): they are not stored. */
  needsHandling(event: Record<string, unknown>): boolean;
}

/**
 * The application service API that the homeserver calls. A transaction is written to the inbox and
 * only then acknowledged, so a crash right after the 200 loses nothing; handling happens afterwards.
 * Repeats are recognised by event id (see recordTransaction), never by transaction id alone.
 */
export function createAppserviceApp(options: AppserviceListenerOptions): express.Express {
  const { inbox, clock, metrics, logger } = options;
  let warnedReused = false;
  const app = express();
  app.disable("x-powered-by");
  app.use("/_matrix/app", requireHomeserverToken(options.hsToken));
  app.use(express.json({ limit: "50mb" }));

  app.put("/_matrix/app/v1/transactions/:txnId", async (request: Request, response: Response) => {
    const txnId = String(request.params.txnId);
    const events: unknown = request.body?.events;
    if (!Array.isArray(events)) {
      sendError(response, new HttpError(ErrCode.BadJson, "Body must contain an events array"));
      return;
    }
    const needed = (events as Record<string, unknown>[]).filter(options.needsHandling);
    if (needed.length === 0) {
      // Nothing to lose, so nothing to store: the homeserver, which sends nothing else until this is
      // acknowledged, does not wait for the database (Plenum's own replies come back like this).
      metrics.transactions.inc({ outcome: "skipped" });
      response.status(200).json({});
      return;
    }
    try {
      const outcome = await inbox.recordTransaction(txnId, needed, clock.now());
      metrics.transactions.inc({ outcome });
      logger.debug(
        { txn_id: txnId, events: events.length, stored: needed.length, outcome },
        "transaction received",
      );
      if (outcome === "reused" && !warnedReused) {
        // Once per process: every later transaction of a restarted counter would say the same.
        warnedReused = true;
        logger.warn(
          { txn_id: txnId },
          "the homeserver's transaction ids went backwards (Synapse on SQLite numbers them anew at " +
            "each restart; a replaced or restored database does too); events are told apart by event id, " +
            "so none is lost",
        );
      }
      response.status(200).json({});
      if (outcome !== "duplicate") options.onStored();
    } catch (error) {
      logger.error({ txn_id: txnId, err: error }, "could not store transaction");
      const retry = "Could not store the transaction; retry later";
      sendError(response, new HttpError(ErrCode.Unknown, retry, { status: 503 }));
    }
  });

  // Synapse's appservice ping (MSC2659, spec v1.7): the homeserver checks that it can reach Plenum.
  app.post("/_matrix/app/v1/ping", (_request, response) => {
    response.status(200).json({});
  });

  // Plenum registers its users itself and owns no aliases, so these queries always miss.
  app.get(["/_matrix/app/v1/users/:userId", "/_matrix/app/v1/rooms/:alias"], (_request, response) => {
    sendError(response, new HttpError(ErrCode.NotFound, "Not provided by this application service"));
  });

  app.use("/_matrix/app", (_request, response) => {
    sendError(response, new HttpError(ErrCode.Unrecognized, "Unrecognized request"));
  });
  return app;
}
