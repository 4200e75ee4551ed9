import express from "express";
import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { Database } from "../../core/storage/database.js";
import { attendanceCsvRouter, type AttendanceCsvRouterOptions } from "./attendance-csv.js";
import { calendarRouter, type CalendarRouterOptions } from "./calendar.js";
import { eventSyncRouter, type EventSyncRouterOptions } from "./event-sync.js";
import { guestRouter, type GuestRouterOptions } from "./guest.js";
import { unexpectedErrors } from "./errors.js";
import { healthRouter, type HealthRouterOptions } from "./health.js";
import { jitsiRouter, type JitsiRouterOptions } from "./jitsi.js";
import { meetingsApiRouter, type MeetingsApiOptions } from "./meetings-api.js";
import { metricsRouter } from "./metrics.js";
import { readinessRouter } from "./readiness.js";
import { callTimings } from "./timing.js";
import { recordingsRouter, type RecordingsRouterOptions } from "./recordings.js";
import { widgetsRouter, type WidgetsRouterOptions } from "./widgets.js";

export interface PublicAppOptions
  extends
    CalendarRouterOptions,
    JitsiRouterOptions,
    EventSyncRouterOptions,
    RecordingsRouterOptions,
    AttendanceCsvRouterOptions,
    MeetingsApiOptions,
    WidgetsRouterOptions,
    GuestRouterOptions,
    HealthRouterOptions {
  db: Database;
  gateway: MatrixGateway;
  metrics: Metrics;
  logger: Logger;
}

/** The public HTTP server: health, metrics, calendar feeds, the endpoints Jitsi calls, the widgets and their API, and the guest page. */
export function createPublicApp(options: PublicAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRouter(options));
  app.use(readinessRouter(options));
  app.use(callTimings(options.metrics));
  app.use(metricsRouter(options.metrics));
  app.use(calendarRouter(options));
  app.use(jitsiRouter(options));
  app.use(eventSyncRouter(options));
  app.use(recordingsRouter(options));
  app.use(attendanceCsvRouter(options));
  app.use(meetingsApiRouter(options));
  app.use(widgetsRouter(options));
  app.use(guestRouter(options));
  app.use((_request, response) => {
    response.status(404).json({ errcode: "M_NOT_FOUND", error: "Not found" });
  });
  app.use(unexpectedErrors(options.logger));
  return app;
}
