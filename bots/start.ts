import type { Config } from "../core/config/schema.js";
import { listen, type RunningServer } from "../core/http/listen.js";
import type { Logger } from "../core/logging/logger.js";
import type { MatrixGateway } from "../core/matrix/gateway.js";
import type { MeetingDeps } from "../core/meetings/deps.js";
import type { Metrics } from "../core/metrics/registry.js";
import type { AttendanceRepository } from "../core/storage/attendance.js";
import type { CalendarTokensRepository } from "../core/storage/calendar-tokens.js";
import type { DirectChatsRepository } from "../core/storage/direct-chats.js";
import type { InboxRepository } from "../core/storage/inbox.js";
import type { CryptoDevice } from "../core/matrix/crypto-device.js";
import type { CryptoDeviceRepository } from "../core/storage/crypto-device.js";
import type { PreferencesRepository } from "../core/storage/preferences.js";
import type { RoomStateRepository } from "../core/storage/room-state.js";
import type { AuditRepository } from "../core/storage/audit.js";
import type { RecordingDeps } from "../core/recordings/deps.js";
import type { EmailDeps } from "../core/email/invitations.js";
import { guardMeetingRoom } from "../core/guards/meeting-room-guard.js";
import { mayAdminister } from "../core/access/admin-access.js";
import { catchUpMeetingRooms, enforceMembership } from "../core/guards/member-guard.js";
import { inviteGuard } from "../core/guards/invite-guard.js";
import { ownUsersOf } from "../core/access/own-users.js";
import type { Clock } from "../core/time/clock.js";
import { addPlannerWidgetOnJoin } from "../core/widgets/planner-placement.js";
import { durationMs } from "../core/time/duration-text.js";
import { createAppserviceApp } from "./appservice/listener.js";
import { createDispatcher } from "./commands/dispatcher.js";
import { meetingGuard } from "./commands/meet/guard.js";
import { meetTable } from "./commands/meet-table.js";
import { adminTable } from "./commands/admin-table.js";
import { createEventRouter, needsHandling } from "./events/router.js";
import type { CommandTable } from "./commands/types.js";
import type { MeetCommandDeps } from "./commands/meet/deps.js";
import type { AdminCommandDeps } from "./commands/admin/deps.js";
import { sendReply } from "./events/replies.js";
import { undecryptableNotice } from "./events/undecryptable.js";
import { createInboxProcessor, type InboxProcessor } from "./inbox/processor.js";

export interface BotsDeps {
  config: Config;
  gateway: MatrixGateway;
  inbox: InboxRepository;
  roomState: RoomStateRepository;
  audit: AuditRepository;
  preferences: PreferencesRepository;
  calendarTokens: CalendarTokensRepository;
  directChats: DirectChatsRepository;
  attendance: AttendanceRepository;
  meetings: MeetingDeps;
  recordings: RecordingDeps;
  email: EmailDeps;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  /** The bot's encryption device, when `appservice.encryption` is on. */
  crypto?: { device: CryptoDevice; devices: CryptoDeviceRepository };
}

export interface RunningBots {
  listener: RunningServer;
  processor: InboxProcessor;
  stop(): Promise<void>;
}

/** The appservice role: receives transactions, handles events, answers commands. */
export async function startBots(deps: BotsDeps): Promise<RunningBots> {
  const { config, gateway, inbox, clock, metrics } = deps;
  const logger = deps.logger.child({ module: "bots" });
  const guardDeps = { meetings: deps.meetings, audit: deps.audit };
  const dispatch = createDispatcher({
    tables: [meetTable, adminTable] as CommandTable<MeetCommandDeps & AdminCommandDeps>[],
    deps: {
      meetings: deps.meetings,
      preferences: deps.preferences,
      calendarTokens: deps.calendarTokens,
      directChats: deps.directChats,
      attendance: deps.attendance,
      audit: deps.audit,
      recordings: deps.recordings,
      email: deps.email,
    },
    guard: meetingGuard(deps.meetings),
    adminGuard: {
      allows: (sender, roomId) =>
        mayAdminister({ config, roomState: deps.roomState, botUserId: gateway.botUserId }, sender, roomId),
    },
    metrics,
    logger,
    send: async (origin, reply) => void (await sendReply(gateway, origin, reply)),
  });
  const localeFor = async (sender: string) =>
    (await deps.preferences.get(sender)).locale ?? config.i18n.locale;
  const { isOwn } = ownUsersOf(config);
  const invites = inviteGuard({
    policy: deps.meetings.policy,
    gateway,
    ownDomain: config.homeserver.domain,
    perServerPerHour: config.access.remote_invites_per_hour,
    locale: config.i18n.locale,
    clock,
    logger,
  });
  const route = createEventRouter({
    gateway,
    roomState: deps.roomState,
    clock,
    logger,
    isOwnUser: isOwn,
    admitInvite: invites.admit,
    guardState: (change) => guardMeetingRoom(guardDeps, change),
    guardMember: (change) => enforceMembership(guardDeps, change),
    localeFor,
    dispatch,
    joined: (roomId) => addPlannerWidgetOnJoin(deps.meetings, roomId),
  });
  const processor = createInboxProcessor({
    inbox,
    clock,
    logger,
    metrics,
    handle: route,
    claimMs: durationMs(config.scaling.claim_lease),
  });
  await gateway.ensureBotRegistered();
  // Before the listener opens, so joins that happened while Plenum was down are judged first.
  const removed = await catchUpMeetingRooms(guardDeps);
  if (removed > 0) logger.info({ removed }, "members removed while catching up");
  const app = createAppserviceApp({
    hsToken: config.appservice.hs_token,
    inbox,
    clock,
    metrics,
    logger,
    onStored: processor.wake,
    needsHandling: needsHandling(isOwn),
  });
  const listener = await listen(app, config.appservice.bind, config.appservice.port);
  if (deps.crypto) {
    deps.crypto.device.deliverTo({
      decrypted: async (event) => {
        await inbox.recordDecrypted(event, clock.now());
        processor.wake();
      },
      undecryptable: undecryptableNotice({
        gateway,
        devices: deps.crypto.devices,
        clock,
        logger,
        localeFor,
      }),
    });
  }
  processor.wake();
  logger.info({ port: listener.port }, "appservice listening");
  return {
    listener,
    processor,
    async stop() {
      await listener.close();
      await deps.crypto?.device.stop();
      await processor.stop();
    },
  };
}
