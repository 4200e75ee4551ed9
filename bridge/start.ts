import type { Config } from "../core/config/schema.js";
import { listen, type RunningServer } from "../core/http/listen.js";
import type { Logger } from "../core/logging/logger.js";
import type { MatrixGateway } from "../core/matrix/gateway.js";
import type { Metrics } from "../core/metrics/registry.js";
import type { Database } from "../core/storage/database.js";
import type { AttendanceRepository } from "../core/storage/attendance.js";
import type { CalendarTokensRepository } from "../core/storage/calendar-tokens.js";
import type { MeetingsRepository } from "../core/storage/meetings.js";
import type { MeetingPinsRepository } from "../core/storage/meeting-pins.js";
import type { GuestLinksRepository } from "../core/storage/guest-links.js";
import type { RoomStateRepository } from "../core/storage/room-state.js";
import type { PolicyService } from "../core/policy/policy.js";
import type { OpenIdVerify } from "../core/matrix/openid.js";
import type { Clock } from "../core/time/clock.js";
import { createPublicApp } from "./http/app.js";

export interface BridgeDeps {
  config: Config;
  db: Database;
  meetings: MeetingsRepository;
  calendarTokens: CalendarTokensRepository;
  roomState: RoomStateRepository;
  policy: PolicyService;
  pins: MeetingPinsRepository;
  attendance: AttendanceRepository;
  guestLinks: GuestLinksRepository;
  verifyOpenId: OpenIdVerify;
  clock: Clock;
  gateway: MatrixGateway;
  metrics: Metrics;
  logger: Logger;
}

/** The public HTTP role: health, metrics, and the endpoints Jitsi and widgets call. */
export async function startBridge(deps: BridgeDeps): Promise<RunningServer> {
  const logger = deps.logger.child({ module: "bridge" });
  const server = await listen(
    createPublicApp({ ...deps, logger }),
    deps.config.http.bind,
    deps.config.http.port,
  );
  logger.info({ port: server.port }, "public HTTP server listening");
  return server;
}
