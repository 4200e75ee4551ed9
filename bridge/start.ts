import type { Config } from "../core/config/schema.js";
import { listen, type RunningServer } from "../core/http/listen.js";
import type { Logger } from "../core/logging/logger.js";
import type { MatrixGateway } from "../core/matrix/gateway.js";
import type { EncryptionStatus } from "../core/matrix/crypto-startup.js";
import type { Metrics } from "../core/metrics/registry.js";
import type { Database } from "../core/storage/database.js";
import type { AttendanceRepository } from "../core/storage/attendance.js";
import type { CalendarTokensRepository } from "../core/storage/calendar-tokens.js";
import type { MeetingsRepository } from "../core/storage/meetings.js";
import type { MeetingPinsRepository } from "../core/storage/meeting-pins.js";
import type { PublicSessionsRepository } from "../core/storage/public-sessions.js";
import type { GuestLinksRepository } from "../core/storage/guest-links.js";
import type { RoomStateRepository } from "../core/storage/room-state.js";
import type { CallContextRepository } from "../core/storage/call-context.js";
import type { PolicyService } from "../core/policy/policy.js";
import type { OpenIdVerify } from "../core/matrix/openid.js";
import type { Clock } from "../core/time/clock.js";
import type { RecordingDeps } from "../core/recordings/deps.js";
import { recordingsDir, removeStaleUploads } from "../core/recordings/publish.js";
import type { MeetingDeps } from "../core/meetings/deps.js";
import type { PreferencesRepository } from "../core/storage/preferences.js";
import { sessionTokens } from "../core/widgets/session.js";
import { createPublicApp } from "./http/app.js";

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
  publicSessions: PublicSessionsRepository;
  verifyOpenId: OpenIdVerify;
  recordingDeps: RecordingDeps;
  /** The same meeting operations the bot commands use, for the widget API. */
  meetingDeps: MeetingDeps;
  preferences: PreferencesRepository;
  widgetsDir?: string;
  clock: Clock;
  gateway: MatrixGateway;
  /** The bot's encryption device, when this process runs the appservice role too. */
  encryption?: EncryptionStatus;
  metrics: Metrics;
  logger: Logger;
}

/** Recording uploads from Jibri can take longer than Node's 5-minute default for a whole request. */
const UPLOAD_TIMEOUT_MS = 3_600_000;

/** The public HTTP role: health, metrics, and the endpoints Jitsi and widgets call. */
export async function startBridge(deps: BridgeDeps): Promise<RunningServer> {
  const logger = deps.logger.child({ module: "bridge" });
  const server = await listen(
    createPublicApp({
      ...deps,
      logger,
      // Derived from a secret Plenum already has, for a purpose of its own (see session.ts).
      sessions: sessionTokens({ secret: deps.config.appservice.hs_token, clock: deps.clock }),
    }),
    deps.config.http.bind,
    deps.config.http.port,
    { requestTimeoutMs: UPLOAD_TIMEOUT_MS },
  );
  logger.info({ port: server.port }, "public HTTP server listening");
  // File times are the system's, so the system clock (not the injected one) judges their age.
  const stale = await removeStaleUploads(recordingsDir(deps.recordingDeps), Date.now(), UPLOAD_TIMEOUT_MS);
  if (stale.length > 0) logger.warn({ files: stale }, "removed recording uploads a crash left half-written");
  return server;
}
