import express from "express";
import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { Database } from "../../core/storage/database.js";
import { healthRouter } from "./health.js";
import { metricsRouter } from "./metrics.js";

export interface PublicAppOptions {
  db: Database;
  gateway: MatrixGateway;
  metrics: Metrics;
  logger: Logger;
}

/** The public HTTP server: health and metrics now; Jitsi, widget and calendar endpoints join here. */
export function createPublicApp(options: PublicAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRouter(options));
  app.use(metricsRouter(options.metrics));
  app.use((_request, response) => {
    response.status(404).json({ errcode: "M_NOT_FOUND", error: "Not found" });
  });
  return app;
}
