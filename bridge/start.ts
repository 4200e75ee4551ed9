import express from "express";
import type { Config } from "../core/config/schema.js";
import { listen, type RunningServer } from "../core/http/listen.js";
import type { Logger } from "../core/logging/logger.js";
import type { MatrixGateway } from "../core/matrix/gateway.js";
import type { EncryptionState } from "../core/matrix/crypto-startup.js";
import type { Metrics } from "../core/metrics/registry.js";
import type { Database } from "../core/storage/database.js";
import type { AttendanceRepository } from "../core/storage/attendance.js";
import type { CalendarTokensRepository } from "../core/storage/calendar-tokens.js";
import type { MeetingsRepository } from "../core/storage/meetings.js";
import type { MeetingPinsRepository } from "../core/storage/meeting-pins.js";
import type { RoomLanguagesRepository } from "../core/storage/room-languages.js";
import type { PublicSessionsRepository } from "../core/storage/public-sessions.js";
import type { EmailDeps } from "../core/email/invitations.js";
import type { EmailInvitationsRepository } from "../core/storage/email-invitations.js";
import type { GuestLinksRepository } from "../core/storage/guest-links.js";
import type { RoomStateRepository } from "../core/storage/room-state.js";
import type { CallContextRepository } from "../core/storage/call-context.js";
import type { AuditRepository } from "../core/storage/audit.js";
import type { DirectChatsRepository } from "../core/storage/direct-chats.js";
import type { ServiceRequestsRepository } from "../core/storage/service-requests.js";
import type { PolicyService } from "../core/policy/policy.js";
import type { OpenIdVerify } from "../core/matrix/openid.js";
import type { Clock } from "../core/time/clock.js";
import type { RecordingDeps } from "../core/recordings/deps.js";
import { recordingsDir, removeStaleUploads } from "../core/recordings/publish.js";
import type { MeetingDeps } from "../core/meetings/deps.js";
import type { PreferencesRepository } from "../core/storage/preferences.js";
import { sessionTokens } from "../core/widgets/session.js";
import { durationMs } from "../core/time/duration-text.js";
import { createPublicApp } from "./http/app.js";
import { jitsiTokenIssuer } from "./jitsi/token-issuer.js";
import { metricsRouter } from "./http/metrics.js";

export interface BridgeDeps {
  config: Config;
  db: Database;
  meetings: MeetingsRepository;
  calendarTokens: CalendarTokensRepository;
  roomState: RoomStateRepository;
  callContexts: CallContextRepository;
  policy: PolicyService;
  pins: MeetingPinsRepository;
  attendance: AttendanceRepository;
  guestLinks: GuestLinksRepository;
  emailInvitations: EmailInvitationsRepository;
  /** E-mail invitations, for addresses in the planner's participant fields. */
  email: EmailDeps;
  publicSessions: PublicSessionsRepository;
  roomLanguages: RoomLanguagesRepository;
  verifyOpenId: OpenIdVerify;
  recordingDeps: RecordingDeps;
  /** The same meeting operations the bot commands use, for the widget API. */
  meetingDeps: MeetingDeps;
  preferences: PreferencesRepository;
  /** The service API's Idempotency-Keys, the bot's direct chats (a service's meetings are announced there), the audit log. */
  serviceRequests: ServiceRequestsRepository;
  directChats: DirectChatsRepository;
  audit: AuditRepository;
  widgetsDir?: string;
  clock: Clock;
  gateway: MatrixGateway;
  /** Where the bot's encryption device is now, when this process runs the appservice role too. */
  encryption?: () => EncryptionState;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Recording uploads from Jibri can take longer than Node's 5-minute default for a whole request.
 * Node applies this limit to the whole server; every other route has `http.request_timeout`
 * (bodyDeadline in the app).
 */
const UPLOAD_TIMEOUT_MS = 3_600_000;

/** The public HTTP role: health, metrics, and the endpoints Jitsi and widgets call. */
export async function startBridge(deps: BridgeDeps): Promise<RunningServer> {
  const logger = deps.logger.child({ module: "bridge" });
  const { config } = deps;
  const server = await listen(
    createPublicApp({
      ...deps,
      logger,
      // Derived from a secret Plenum already has, for a purpose of its own (see session.ts).
      sessions: sessionTokens({ secret: config.appservice.hs_token, clock: deps.clock }),
      // The signing key is read and imported here, once, not per token request.
      tokens: await jitsiTokenIssuer(config.jitsi, deps.clock),
    }),
    config.http.bind,
    config.http.port,
    {
      requestTimeoutMs: UPLOAD_TIMEOUT_MS,
      headersTimeoutMs: durationMs(config.http.request_timeout),
    },
  );
  logger.info({ port: server.port }, "public HTTP server listening");
  const metrics = await startMetricsListener(deps, logger);
  // File times are the system's, so the system clock (not the injected one) judges their age.
  const stale = await removeStaleUploads(recordingsDir(deps.recordingDeps), Date.now(), UPLOAD_TIMEOUT_MS);
  if (stale.length > 0) logger.warn({ files: stale }, "removed recording uploads a crash left half-written");
  if (!metrics) return server;
  return {
    ...server,
    close: async () => {
      await Promise.all([server.close(), metrics.close()]);
    },
  };
}

/** `/metrics` alone on `metrics.bind`:`metrics.port`, when configured; else undefined. */
async function startMetricsListener(deps: BridgeDeps, logger: Logger): Promise<RunningServer | undefined> {
  const { bind, port, token } = deps.config.metrics;
  if (port === undefined) {
    if (!token) logger.info("metrics are off: set metrics.token or metrics.port to serve /metrics");
    return undefined;
  }
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsRouter(deps.metrics));
  const listener = await listen(app, bind, port);
  logger.info({ bind, port: listener.port }, "metrics listening");
  return listener;
}
