import express, { type Router } from "express";
import type { Metrics } from "../../core/metrics/registry.js";

/** `GET /metrics` in the Prometheus text format. */
export function metricsRouter(metrics: Metrics): Router {
  const router = express.Router();
  router.get("/metrics", async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
