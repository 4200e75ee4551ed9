import express, { type RequestHandler, type Router } from "express";
import type { Histogram } from "prom-client";
import type { Metrics } from "../../core/metrics/registry.js";

/** The outcome label of a finished request: what its status says about the caller's wish. */
function outcomeOf(status: number, success: string): string {
  if (status >= 500) return "failed";
  return status >= 400 ? "refused" : success;
}

/**
 * Times each request through the routes after it into `histogram`, labelled with its outcome from
 * the status (`success` below 400, refused for 4xx, failed for 5xx) and with `labels(request)`.
 */
export function timed(
  histogram: Histogram,
  success: string,
  labels: (path: string) => Record<string, string> = () => ({}),
): RequestHandler {
  return (request, response, next) => {
    const end = histogram.startTimer(labels(request.path));
    response.on("finish", () => end({ outcome: outcomeOf(response.statusCode, success) }));
    next();
  };
}

/** Prosody's verification endpoints by name; anything else under /verify is "other". */
function verifyEndpoint(path: string): string {
  return path === "/user" || path === "/user_in_room" ? path.slice(1) : "other";
}

/**
 * The latency of the requests that stand between a user and a call: Jitsi call tokens, and Prosody's
 * user verification (which answers 200 whether it admits or not, hence "answered").
 */
export function callTimings(metrics: Metrics): Router {
  const router = express.Router();
  router.use("/api/v1/jitsi/token", timed(metrics.callTokenSeconds, "issued"));
  router.use(
    "/verify",
    timed(metrics.verificationSeconds, "answered", (path) => ({ endpoint: verifyEndpoint(path) })),
  );
  return router;
}
