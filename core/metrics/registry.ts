import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
