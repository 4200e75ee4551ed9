import express, { type RequestHandler, type Router } from "express";
import type { Metrics } from "../../core/metrics/registry.js";

/**
 * `GET /metrics` in the Prometheus text format, behind `gate`. The metrics name rooms' activity and
 * the deployment's load, so on the public server they need `metrics.token`; on a listener of their
 * own (`metrics.port`, a bind address the operator keeps internal) they are served as they are.
 */
export function metricsRouter(metrics: Metrics, gate?: RequestHandler): Router {
  const router = express.Router();
  router.get("/metrics", ...(gate ? [gate] : []), async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
