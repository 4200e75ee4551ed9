import express from "express";
import type { Config } from "../../core/config/schema.js";
import { bodyDeadline } from "../../core/http/deadline.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import type { Metrics } from "../../core/metrics/registry.js";
import type { Database } from "../../core/storage/database.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { RoomStateRepository } from "../../core/storage/room-state.js";
import { durationMs } from "../../core/time/duration-text.js";
import { attendanceCsvRouter, type AttendanceCsvRouterOptions } from "./attendance-csv.js";
import { bearerGate } from "./bearer-gate.js";
import { calendarRouter, type CalendarRouterOptions } from "./calendar.js";
import { eventSyncRouter, type EventSyncRouterOptions } from "./event-sync.js";
import { guestRouter, type GuestRouterOptions } from "./guest.js";
import { errorResponses } from "./errors.js";
import { healthRouter, type HealthRouterOptions } from "./health.js";
import { jitsiRouter, type JitsiRouterOptions } from "./jitsi.js";
import { meetingsApiRouter, type MeetingsApiOptions } from "./meetings-api.js";
import { metricsRouter } from "./metrics.js";
import { readinessRouter } from "./readiness.js";
import { callTimings } from "./timing.js";
import { recordingsRouter, type RecordingsRouterOptions } from "./recordings.js";
import { serviceApiRouter, type ServiceApiOptions } from "./service-api.js";
import { widgetsRouter, type WidgetsRouterOptions } from "./widgets.js";

export interface PublicAppOptions
  extends
    CalendarRouterOptions,
    JitsiRouterOptions,
    EventSyncRouterOptions,
    RecordingsRouterOptions,
    AttendanceCsvRouterOptions,
    MeetingsApiOptions,
    ServiceApiOptions,
    WidgetsRouterOptions,
    GuestRouterOptions,
    HealthRouterOptions {
  db: Database;
  gateway: MatrixGateway;
  meetings: MeetingsRepository;
  roomState: RoomStateRepository;
  metrics: Metrics;
  logger: Logger;
  config: Config;
}

/**
 * The public HTTP server: health, metrics (with a token, unless they have a listener of their own),
 * calendar feeds, the endpoints Jitsi calls, the widgets and their API, the service API, and the guest page.
 */
export function createPublicApp(options: PublicAppOptions): express.Express {
  const { config } = options;
  const app = express();
  app.disable("x-powered-by");
  trustProxies(app, config.http.trusted_proxies);
  app.use(healthRouter(options));
  app.use(readinessRouter(options));
  app.use(callTimings(options.metrics));
  app.use(metricsRouter(options.metrics, bearerGate(config.metrics.port ? undefined : config.metrics.token)));
  // Recording uploads may take up to the server's hour; every route after this gets request_timeout.
  app.use(recordingsRouter(options));
  app.use(bodyDeadline(durationMs(config.http.request_timeout)));
  app.use(calendarRouter(options));
  app.use(jitsiRouter(options));
  app.use(eventSyncRouter(options));
  app.use(attendanceCsvRouter(options));
  app.use(meetingsApiRouter(options));
  app.use(serviceApiRouter(options));
  app.use(widgetsRouter(options));
  app.use(guestRouter(options));
  app.use((_request, response) => sendError(response, new HttpError(ErrCode.NotFound, "Not found")));
  app.use(errorResponses(options.logger));
  return app;
}

/**
 * `request.ip` is the connecting address unless it is a configured reverse proxy; then the address
 * that proxy (and any further trusted one) forwarded. Nothing trusted by default: a client could
 * otherwise pick its own address in X-Forwarded-For and escape every per-address limit.
 */
function trustProxies(app: express.Express, proxies: readonly string[]): void {
  app.set("trust proxy", proxies.length > 0 ? [...proxies] : false);
}
