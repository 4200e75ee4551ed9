import { usersWithPower } from "../access/room-power.js";
import type { ConfigSlice } from "../config/slice.js";
import { UserError } from "../errors/user-error.js";
import { translate, type Locale, type MessageKey } from "../i18n/translate.js";
import type { BotIdentity, RoomCreator, RoomStateWriter } from "../matrix/capabilities.js";
import { ADMIN_POWER as ADMIN, MODERATOR_POWER as MODERATOR } from "../matrix/power-levels.js";
import { audienceCallWidget } from "../meetings/call-widget.js";
import type { MeetingDeps } from "../meetings/deps.js";
import { formatMeetingTime, roomLink } from "../meetings/format.js";
import type { Meeting } from "../meetings/model.js";
import { creatorsOutrankPowerLevels, meetingRoomVersion } from "../meetings/room-factory.js";
import { WIDGET_STATE } from "../meetings/room-state.js";
import { postNotice, upsertPinnedNotice, type PinnedNoticeDeps } from "../meetings/room-updates.js";
import type { PublicSession, PublicSessionsRepository } from "../storage/public-sessions.js";
import type { RoomStateRepository } from "../storage/room-state.js";

export const AUDIENCE_ROOM_TYPE = "org.plenum.audience";
const MAX_STREAM_URL_LENGTH = 500;

export interface AudienceRoomInput {
  meeting: Meeting;
  name: string;
  topic: string;
  botUserId: string;
  /** The meeting room's moderators and organizer, who may post in the audience room too. */
  speakers: Record<string, number>;
  roomVersion: string;
}

/**
 * The audience room: anyone may join and read (join rule public, history world-readable, so even
 * a visitor who has not joined can read it), only the bot and the meeting's moderators may post
 * (`events_default` 50), and nobody but the bot may change its state.
 */
export function audienceRoomRequest(input: AudienceRoomInput) {
  const users: Record<string, number> = {};
  for (const [userId, level] of Object.entries(input.speakers))
    if (userId !== input.botUserId) users[userId] = Math.min(level, MODERATOR);
  if (!creatorsOutrankPowerLevels(input.roomVersion)) users[input.botUserId] = ADMIN;
  return {
    name: input.name,
    topic: input.topic,
    creation_content: { type: AUDIENCE_ROOM_TYPE },
    room_version: input.roomVersion,
    preset: "public_chat",
    visibility: "private",
    is_direct: false,
    initial_state: [
      { type: "m.room.join_rules", state_key: "", content: { join_rule: "public" } },
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "world_readable" } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
    ],
    power_level_content_override: {
      users,
      users_default: 0,
      events: {},
      events_default: MODERATOR,
      state_default: ADMIN,
      invite: MODERATOR,
      kick: MODERATOR,
      ban: MODERATOR,
      redact: MODERATOR,
    },
  };
}

/** Only web addresses over TLS: the audience room links to them for everyone to open. */
export function parseStreamUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || text.length > MAX_STREAM_URL_LENGTH)
    throw new UserError("public.bad_stream_url", { text: text.slice(0, 80) });
  return url.toString();
}

const STATUS_TEXT = {
  scheduled: "public.status_upcoming",
  live: "public.status_live",
  ended: "public.status_ended",
  cancelled: "public.status_cancelled",
} as const satisfies Record<Meeting["status"], MessageKey>;

/** The pinned status of the audience room: what, when, agenda, status and, while live, the stream. */
export function renderAudienceStatus(
  meeting: Meeting,
  session: PublicSession,
  locale: Locale,
  visitors = false,
): string {
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(locale, key, params);
  const status = t(STATUS_TEXT[meeting.status]);
  const lines = [
    t("public.status_title", { title: meeting.title }),
    t("public.status_when", { when: formatMeetingTime(meeting, locale) }),
    t("public.status_line", { status }),
  ];
  if (meeting.description) lines.push("", t("public.status_agenda"), meeting.description);
  if (meeting.status === "live" && session.streamUrl)
    lines.push("", t("public.status_stream", { url: session.streamUrl }));
  if (meeting.status === "live" && session.isPublic && visitors) lines.push("", t("public.status_visitors"));
  if (!session.isPublic) lines.push("", t("public.status_closed"));
  return lines.join("\n");
}

export type AudienceDeps = PinnedNoticeDeps &
  Pick<MeetingDeps, "clock"> & {
    publicSessions: Pick<PublicSessionsRepository, "get" | "save">;
    config: ConfigSlice<{ i18n: "locale"; jitsi: "visitors" }>;
  };

export type OpenPublicDeps = AudienceDeps &
  Pick<MeetingDeps, "logger"> & {
    gateway: BotIdentity & RoomCreator & RoomStateWriter;
    roomState: Pick<RoomStateRepository, "get">;
    config: ConfigSlice<{ homeserver: "domain"; http: "public_url" }>;
  };

export type ClosePublicDeps = AudienceDeps & Pick<MeetingDeps, "logger"> & { gateway: RoomStateWriter };

/** Brings the audience room's pinned status up to date, if the meeting has one. */
export async function refreshAudience(deps: AudienceDeps, meeting: Meeting): Promise<void> {
  const session = await deps.publicSessions.get(meeting.id);
  if (!session) return;
  const text = renderAudienceStatus(meeting, session, deps.config.i18n.locale, deps.config.jitsi.visitors);
  const statusMessageId = await upsertPinnedNotice(
    deps,
    session.audienceRoomId,
    text,
    session.statusMessageId,
    `plenum.audience.${meeting.id}.${meeting.sequence}.${meeting.status}.${meeting.updatedAt}.${session.isPublic}.${session.streamUrl ?? ""}`,
  );
  if (statusMessageId !== session.statusMessageId)
    await deps.publicSessions.save({ ...session, statusMessageId }, deps.clock.now());
}

/**
 * Marks the meeting public: makes its audience room on first use (or opens it again), stores the
 * stream URL, and tells the meeting room where the public follows. Returns the audience room id.
 */
export async function openPublicSession(
  deps: OpenPublicDeps,
  meeting: Meeting,
  streamUrl: string | null,
  txnId: string,
): Promise<string> {
  const { gateway, config } = deps;
  const locale = config.i18n.locale;
  const existing = await deps.publicSessions.get(meeting.id);
  let audienceRoomId = existing?.audienceRoomId;
  if (!audienceRoomId) {
    audienceRoomId = await gateway.createRoom(
      audienceRoomRequest({
        meeting,
        name: translate(locale, "public.room_name", { title: meeting.title }),
        topic: translate(locale, "public.room_topic", { when: formatMeetingTime(meeting, locale) }),
        botUserId: gateway.botUserId,
        speakers: await usersWithPower(deps.roomState, meeting.roomId!, MODERATOR),
        roomVersion: meetingRoomVersion(await gateway.roomVersions()),
      }),
    );
  } else if (!existing!.isPublic) {
    await gateway.sendState(audienceRoomId, "m.room.join_rules", "", { join_rule: "public" });
  }
  if (config.jitsi.visitors) {
    // The audience watches in the call through Jitsi's visitor nodes (viewer-only tokens).
    const widget = audienceCallWidget(config, meeting, gateway.botUserId);
    await gateway.sendState(
      audienceRoomId,
      WIDGET_STATE,
      widget.id,
      widget as unknown as Record<string, unknown>,
    );
  }
  await deps.publicSessions.save(
    {
      meetingId: meeting.id,
      audienceRoomId,
      streamUrl: streamUrl ?? existing?.streamUrl ?? null,
      statusMessageId: existing?.statusMessageId ?? null,
      isPublic: true,
    },
    deps.clock.now(),
  );
  await refreshAudience(deps, meeting);
  const link = roomLink(audienceRoomId, config.homeserver.domain);
  await postNotice(
    deps,
    meeting.roomId!,
    translate(locale, "public.announced", { link }),
    `plenum.public.${txnId}`,
  );
  deps.logger.info({ meeting_id: meeting.id, room_id: audienceRoomId }, "public session opened");
  return audienceRoomId;
}

/** Ends the public part: the audience room keeps its history but takes no newcomers. */
export async function closePublicSession(deps: ClosePublicDeps, meeting: Meeting): Promise<void> {
  const session = await deps.publicSessions.get(meeting.id);
  if (!session?.isPublic) throw new UserError("public.not_public", { title: meeting.title });
  await deps.gateway.sendState(session.audienceRoomId, "m.room.join_rules", "", { join_rule: "invite" });
  await deps.publicSessions.save({ ...session, isPublic: false }, deps.clock.now());
  await refreshAudience(deps, meeting);
  deps.logger.info({ meeting_id: meeting.id, room_id: session.audienceRoomId }, "public session closed");
}
