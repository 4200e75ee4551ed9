import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Buckets for requests that wait on the homeserver: a few milliseconds to several seconds. */
const REQUEST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One registry per Plenum instance, so several instances in one test process do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "plenum_" });
  return {
    registry,
    transactions: new Counter({
      name: "plenum_appservice_transactions_total",
      help: "Appservice transactions received, by outcome (stored, duplicate, reused: a known id with new events, skipped: nothing to handle).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    events: new Counter({
      name: "plenum_events_total",
      help: "Events handled from the inbox, by outcome (handled, ignored, failed).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    commands: new Counter({
      name: "plenum_commands_total",
      help: "Bot commands, by command name and outcome (ok, user_error, denied, failed).",
      labelNames: ["command", "outcome"],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: "plenum_handler_duration_seconds",
      help: "Time to handle one event from the inbox.",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    schedulerLagSeconds: new Histogram({
      name: "plenum_scheduler_lag_seconds",
      help: "How long after its due time a scheduled job (reminder, meeting start or end, retention) started.",
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    homeserverRequests: new Counter({
      name: "plenum_homeserver_requests_total",
      help: "Requests to the homeserver, by outcome (ok, client_error, rate_limited, server_error, unreachable); retries count each attempt.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    callTokenSeconds: new Histogram({
      name: "plenum_call_token_duration_seconds",
      help: "Time to answer a Jitsi call token request (POST /api/v1/jitsi/token), by outcome (issued, refused, failed).",
      labelNames: ["outcome"],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    }),
    verificationSeconds: new Histogram({
      name: "plenum_verification_duration_seconds",
      help: "Time to answer Prosody's user verification (POST /verify/user, /verify/user_in_room), by endpoint and outcome (answered, refused, failed).",
      labelNames: ["endpoint", "outcome"],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    }),
    openIdSeconds: new Histogram({
      name: "plenum_openid_verification_duration_seconds",
      help: "Time to check a user's OpenID token with their homeserver (call tokens, verification, widget sessions), by outcome (ok or the failure: invalid_token, wrong_server, homeserver_refused, unreachable).",
      labelNames: ["outcome"],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
