import { startBots, type RunningBots } from "../bots/start.js";
import { startBridge } from "../bridge/start.js";
import type { Config } from "../core/config/schema.js";
import type { RunningServer } from "../core/http/listen.js";
import {
  createLogger,
  routeMatrixJsSdkLogs,
  routeMatrixSdkLogs,
  type Logger,
} from "../core/logging/logger.js";
import { matrixBotSdkGateway, type MatrixGateway } from "../core/matrix/gateway.js";
import { openCryptoDevice } from "../core/matrix/crypto-device.js";
import { createCryptoHost } from "../core/matrix/crypto-host.js";
import { cryptoOutboxRepository } from "../core/storage/crypto-outbox.js";
import { startEncryption, type Encryption, type EncryptionState } from "../core/matrix/crypto-startup.js";
import { encryptingGateway } from "../core/matrix/encrypting-gateway.js";
import { cryptoDeviceRepository } from "../core/storage/crypto-device.js";
import { createMetrics, type Metrics } from "../core/metrics/registry.js";
import { createScheduler, type Scheduler } from "../core/scheduling/scheduler.js";
import { migrateToLatest, openDatabase, type Database } from "../core/storage/database.js";
import { newestMigration, schemaStatus } from "../core/storage/schema.js";
import { instancesRepository } from "../core/storage/instances.js";
import { createPresence, type Presence } from "../core/scaling/presence.js";
import { migrations } from "../migrations/index.js";
import { releaseClaimsOfPreviousRun } from "../core/storage/claims.js";
import { inboxRepository } from "../core/storage/inbox.js";
import { jobsRepository } from "../core/storage/jobs.js";
import type { CorruptRowReporter } from "../core/storage/corrupt-rows.js";
import { attendanceRepository } from "../core/storage/attendance.js";
import { calendarTokensRepository } from "../core/storage/calendar-tokens.js";
import { directChatsRepository } from "../core/storage/direct-chats.js";
import { serviceRequestsRepository } from "../core/storage/service-requests.js";
import { idempotencyJobHandlers } from "../core/http/idempotency-keys.js";
import { meetingsRepository } from "../core/storage/meetings.js";
import { preferencesRepository } from "../core/storage/preferences.js";
import { meetingWelcomesRepository } from "../core/storage/meeting-welcomes.js";
import { roomLanguagesRepository } from "../core/storage/room-languages.js";
import { roomStateRepository } from "../core/storage/room-state.js";
import { roomInvitersRepository } from "../core/storage/room-inviters.js";
import { callContextRepository } from "../core/storage/call-context.js";
import { meetingPinsRepository } from "../core/storage/meeting-pins.js";
import { auditRepository } from "../core/storage/audit.js";
import { policyRepository } from "../core/storage/policy.js";
import { policyService, serversPolicyAdmits } from "../core/policy/policy.js";
import { OpenIdError, openIdVerifier } from "../core/matrix/openid.js";
import { timedCalls } from "../core/metrics/timed.js";
import { registerStateGauges } from "../core/metrics/state-gauges.js";
import { backlogRepository } from "../core/storage/backlog.js";
import { federationClient } from "../core/matrix/federation-client.js";
import type { MeetingDeps } from "../core/meetings/deps.js";
import { meetingJobHandlers } from "../core/meetings/reminders.js";
import type { RecordingDeps } from "../core/recordings/deps.js";
import { recordingJobHandlers } from "../core/recordings/manage.js";
import { recordingsRepository } from "../core/storage/recordings.js";
import { refreshAudience } from "../core/council/public-session.js";
import { emailJobHandlers, followMeetingChange, type EmailDeps } from "../core/email/invitations.js";
import { smtpMailer } from "../core/email/mailer.js";
import { emailInvitationsRepository } from "../core/storage/email-invitations.js";
import { speakerJobHandlers } from "../core/council/speaker-board.js";
import { councilCallsRepository } from "../core/storage/council-calls.js";
import { speakerListsRepository } from "../core/storage/speaker-lists.js";
import { breakoutsRepository } from "../core/storage/breakouts.js";
import { guestLinksRepository } from "../core/storage/guest-links.js";
import { publicSessionsRepository } from "../core/storage/public-sessions.js";
import { systemClock, type Clock } from "../core/time/clock.js";
import { createLeadership, type Leadership } from "../core/scaling/leadership.js";
import { leasesRepository } from "../core/storage/leases.js";
import { instanceName } from "../core/scaling/instance.js";
import { durationMs } from "../core/time/duration-text.js";

export type Role = "appservice" | "http" | "scheduler";
export const allRoles: readonly Role[] = ["appservice", "http", "scheduler"];

export interface StartOptions {
  /** Values that must never be logged (from the config loader). */
  secrets?: readonly string[];
  roles?: readonly Role[];
  clock?: Clock;
  logDestination?: { write(line: string): void };
  /** Tests drive the scheduler's ticks themselves with a controllable clock. */
  schedulerTimer?: boolean;
  /** Where the built widgets are served from; default widgets/dist. Browser tests build their own copy. */
  widgetsDir?: string;
}

export interface Plenum {
  config: Config;
  db: Database;
  logger: Logger;
  metrics: Metrics;
  gateway: MatrixGateway;
  bots?: RunningBots;
  http?: RunningServer;
  scheduler?: Scheduler;
  /** Decides which instance runs the scheduler when several share one database. */
  leadership?: Leadership;
  /** Keeps this instance in the database's list of running instances (upgrades read it). */
  presence?: Presence;
  meetingDeps: MeetingDeps;
  recordingDeps: RecordingDeps;
  /** Stops accepting work, finishes what is in hand, closes the database. */
  stop(): Promise<void>;
}

/** Starts the given roles (all by default) in this process. Reading config files happens elsewhere. */
export async function startPlenum(config: Config, options: StartOptions = {}): Promise<Plenum> {
  const roles = options.roles ?? allRoles;
  const clock = options.clock ?? systemClock;
  const logger = createLogger({
    level: config.logging.level,
    secrets: options.secrets ?? [],
    destination: options.logDestination,
  });
  routeMatrixSdkLogs(logger);
  routeMatrixJsSdkLogs(logger);
  const metrics = createMetrics();
  const holder = instanceName();
  const aliveMs = durationMs(config.scaling.leader_lease);
  const db = openDatabase(config.database.url);
  try {
    const applied = await migrateToLatest(db, { now: clock.now(), aliveWithinMs: aliveMs });
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    const { newer } = await schemaStatus(db, migrations);
    if (newer.length > 0)
      logger.warn(
        { migrations: newer },
        "the database has migrations of a newer Plenum that this version runs beside",
      );
    await releaseClaimsOfPreviousRun(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (config.meetings.encrypt_meeting_rooms && !config.appservice.encryption) {
    logger.warn(
      "meetings.encrypt_meeting_rooms without appservice.encryption: the bot cannot read its meeting rooms",
    );
  }
  const appserviceGateway = matrixBotSdkGateway(config, {
    retry: {
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn({ err: error, attempt, retry_in_ms: delayMs }, "homeserver send failed; retrying"),
    },
    onRequest: (outcome) => metrics.homeserverRequests.inc({ outcome }),
  });
  const devices = cryptoDeviceRepository(db);
  // Every instance sends into encrypted rooms through the one device; only appservice instances hold it.
  const host = config.appservice.encryption
    ? createCryptoHost({
        config,
        holder,
        competes: roles.includes("appservice"),
        leases: leasesRepository(db),
        outbox: cryptoOutboxRepository(db),
        logger,
        leaseMs: durationMs(config.scaling.leader_lease),
        sendWaitMs: config.homeserver.send_retry_seconds * 1000,
        open: (signal, onLost) =>
          openCryptoDevice({ config, devices, holder, clock, logger, ...(signal ? { signal } : {}), onLost }),
      })
    : undefined;
  let encryption: Encryption;
  try {
    encryption = await startEncryption({
      // Only an appservice instance opens the device (and reports on it in /healthz).
      enabled: host !== undefined && roles.includes("appservice"),
      timeoutMs: config.appservice.encryption_timeout * 1000,
      logger,
      open: async (signal) => {
        // The homeserver issues tokens for a user's device only once the user exists.
        await appserviceGateway.ensureBotRegistered();
        await host!.start(signal);
        return host!;
      },
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // The others never open it, but hand their encrypted sends to the instance that did.
  const device = host && !roles.includes("appservice") ? host : encryption.device;
  // Once started, the device can move to another instance or be lost: readiness and metrics ask the host.
  const encryptionState = (): EncryptionState =>
    encryption.status === "on" ? host!.state() : encryption.status;
  const gateway = device ? encryptingGateway(appserviceGateway, device) : appserviceGateway;
  const onCorruptRow: CorruptRowReporter = ({ table, key, error }) =>
    logger.error({ table, key, err: error }, "stored row cannot be read; skipped");
  const repositoryOptions = { onCorruptRow };
  const jobs = jobsRepository(db, repositoryOptions);
  const meetingsRepo = meetingsRepository(db, repositoryOptions);
  const calendarTokens = calendarTokensRepository(db);
  const roomState = roomStateRepository(db, repositoryOptions);
  const pins = meetingPinsRepository(db);
  const attendance = attendanceRepository(db);
  const guestLinks = guestLinksRepository(db);
  const audit = auditRepository(db);
  const policy = policyService({ config, store: policyRepository(db), audit, roomState, clock, logger });
  let scheduler: Scheduler | undefined;
  const directChats = directChatsRepository(db);
  const mailer = smtpMailer(config.email);
  const emailInvitations = emailInvitationsRepository(db);
  const emailDeps: EmailDeps = {
    config,
    mailer,
    invitations: emailInvitations,
    meetings: meetingsRepo,
    jobs,
    guestLinks,
    policy,
    gateway,
    directChats,
    clock,
    logger: logger.child({ module: "email" }),
    wakeScheduler: () => scheduler?.wake(),
  };
  const meetingDeps: MeetingDeps = {
    config,
    gateway,
    meetings: meetingsRepo,
    jobs,
    pins,
    roomState,
    policy,
    speakers: speakerListsRepository(db),
    council: councilCallsRepository(db),
    breakouts: breakoutsRepository(db),
    guestLinks,
    publicSessions: publicSessionsRepository(db),
    roomLanguages: roomLanguagesRepository(db),
    welcomes: meetingWelcomesRepository(db),
    clock,
    logger,
    wakeScheduler: () => scheduler?.wake(),
    meetingChanged: async (meeting) => {
      await refreshAudience(meetingDeps, meeting);
      await followMeetingChange(emailDeps, meeting);
    },
  };
  const recordingDeps: RecordingDeps = {
    config,
    gateway,
    recordings: recordingsRepository(db),
    publicSessions: meetingDeps.publicSessions,
    audit,
    jobs,
    policy,
    clock,
    logger,
    wakeScheduler: () => scheduler?.wake(),
  };
  const plenum: Plenum = {
    config,
    db,
    logger,
    metrics,
    gateway,
    meetingDeps,
    recordingDeps,
    async stop() {
      await plenum.http?.close();
      await plenum.bots?.stop();
      await plenum.leadership?.stop();
      await plenum.scheduler?.stop();
      await plenum.presence?.stop();
      mailer?.close();
      await db.destroy();
      logger.info("stopped");
    },
  };
  try {
    plenum.presence = createPresence({
      instances: instancesRepository(db),
      holder,
      newestMigration: newestMigration(migrations),
      clock,
      logger,
      aliveMs,
    });
    await plenum.presence.start();
    if (roles.includes("appservice")) {
      plenum.bots = await startBots({
        config,
        gateway,
        inbox: inboxRepository(db),
        roomState,
        roomInviters: roomInvitersRepository(db),
        audit,
        preferences: preferencesRepository(db),
        calendarTokens,
        directChats,
        attendance,
        meetings: meetingDeps,
        recordings: recordingDeps,
        email: emailDeps,
        clock,
        metrics,
        logger,
        ...(device ? { crypto: { device, devices } } : {}),
      });
    }
    if (roles.includes("http")) {
      plenum.http = await startBridge({
        config,
        db,
        gateway,
        metrics,
        logger,
        meetings: meetingsRepo,
        calendarTokens,
        roomState,
        callContexts: callContextRepository(db, repositoryOptions),
        policy,
        pins,
        attendance,
        recordingDeps,
        meetingDeps,
        preferences: preferencesRepository(db),
        serviceRequests: serviceRequestsRepository(db),
        directChats: directChatsRepository(db),
        audit,
        ...(options.widgetsDir ? { widgetsDir: options.widgetsDir } : {}),
        ...(roles.includes("appservice") ? { encryption: encryptionState } : {}),
        guestLinks,
        emailInvitations,
        email: emailDeps,
        publicSessions: meetingDeps.publicSessions,
        roomLanguages: meetingDeps.roomLanguages,
        verifyOpenId: timedCalls(
          openIdVerifier({
            homeservers: {
              ...config.homeserver.local_servers,
              [config.homeserver.domain]: config.homeserver.url,
            },
            acceptsServer: async (serverName) =>
              serversPolicyAdmits(await policy.current()).includes(serverName.toLowerCase()),
            federation: federationClient(),
            clock,
          }),
          metrics.openIdSeconds,
          (error) => (error instanceof OpenIdError ? error.code : "error"),
        ),
        clock,
      });
    }
    if (roles.includes("scheduler")) {
      scheduler = createScheduler({
        jobs,
        clock,
        leaseMs: durationMs(config.scaling.claim_lease),
        logger: logger.child({ module: "scheduler" }),
        observeLag: (lateMs) => metrics.schedulerLagSeconds.observe(lateMs / 1000),
        handlers: {
          ...meetingJobHandlers(meetingDeps),
          ...recordingJobHandlers(recordingDeps),
          ...speakerJobHandlers(meetingDeps),
          ...emailJobHandlers(emailDeps),
          ...idempotencyJobHandlers({ serviceRequests: serviceRequestsRepository(db) }),
        },
      });
      plenum.scheduler = scheduler;
      if (options.schedulerTimer !== false) {
        const leader = scheduler;
        plenum.leadership = createLeadership({
          leases: leasesRepository(db),
          name: "scheduler",
          holder,
          clock,
          logger,
          leaseMs: durationMs(config.scaling.leader_lease),
          onLead: () => leader.start(),
          onFollow: () => leader.stop(),
        });
        plenum.leadership.start();
      }
    }
  } catch (error) {
    await plenum.stop();
    throw error;
  }
  registerStateGauges(metrics.registry, {
    backlog: backlogRepository(db),
    pingHomeserver: () => appserviceGateway.ping(),
    sendsOnHold: () => appserviceGateway.sendsOnHold(),
    clock,
    ...(roles.includes("scheduler") ? { leading: () => plenum.leadership?.leading ?? false } : {}),
    ...(roles.includes("appservice") ? { encryption: encryptionState } : {}),
  });
  logger.info({ roles }, "Plenum started");
  return plenum;
}
