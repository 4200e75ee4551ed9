import type { ConfigSlice } from "../config/slice.js";
import { translateHtml } from "../i18n/html.js";
import { translate, type Locale, type MessageKey, type MessageParams } from "../i18n/translate.js";
import type { BotIdentity, MessageSender, RoomStateWriter } from "../matrix/capabilities.js";
import { escapeHtml } from "../text/html.js";
import { userPill } from "../text/pills.js";
import { formatMeetingTime, roomLink } from "./format.js";
import type { Meeting } from "./model.js";
import { roomLocale, type RoomLanguageDeps } from "./room-language.js";
import { refreshWelcome, type WelcomeDeps } from "./welcome.js";

/** What happened, as one message of the catalogue: `user` is who did it, `users` whom it was about. */
export interface ChangeMessage {
  key: MessageKey;
  /** `user` (the actor) and `users` (a list, joined for the plain text) become pills in HTML. */
  params: MessageParams & { user: string };
  users?: string[];
}

/** A message for everyone in the meeting room: the change, and a pill for each participant it reaches. */
export interface ChangeNotice {
  text: string;
  html: string;
  /** `m.mentions.user_ids`: the participants, so Element notifies them even in a muted room. */
  mentions: string[];
}

export type ChangeNoticeDeps = WelcomeDeps &
  RoomLanguageDeps & {
    gateway: BotIdentity & MessageSender & RoomStateWriter;
    config: ConfigSlice<{ i18n: "locale"; homeserver: "domain" }>;
  };

/** The change in one sentence, the actor and the people it names as pills. */
export function changeSentence(message: ChangeMessage, locale: Locale): { text: string; html: string } {
  const params = { ...message.params, ...(message.users ? { users: message.users.join(", ") } : {}) };
  const markup: Record<string, string> = { user: userPill(message.params.user) };
  if (message.users) markup.users = message.users.map((u) => userPill(u)).join(", ");
  return {
    text: translate(locale, message.key, params),
    html: translateHtml(locale, message.key, params, markup),
  };
}

/** The notice of a change as the meeting room reads it, naming every participant but the actor. */
export function changeNotice(
  meeting: Meeting,
  message: ChangeMessage,
  locale: Locale,
  botUserId: string,
): ChangeNotice {
  const said = changeSentence(message, locale);
  const mentions = meeting.participants.filter((u) => u !== message.params.user && u !== botUserId);
  if (mentions.length === 0) return { ...said, mentions };
  const pills = mentions.map((u) => userPill(u)).join(", ");
  return {
    text: `${said.text}\n${translate(locale, "meeting.change_for", { users: mentions.join(", ") })}`,
    html: `${said.html}<br>${translateHtml(locale, "meeting.change_for", {}, { users: pills })}`,
    mentions,
  };
}

/** What the topic of a meeting room says: the time, and whether it was called off. */
export function meetingTopic(meeting: Meeting, locale: Locale): string {
  const when = formatMeetingTime(meeting, locale);
  return meeting.status === "cancelled" ? `${translate(locale, "meeting.welcome_cancelled")} ${when}` : when;
}

export interface Change {
  before: Meeting;
  after: Meeting;
  message: ChangeMessage;
  /** Names the notice's transaction, with the meeting's sequence, so a retried change posts once. */
  what: string;
  /** The room the actor typed the command in: its answer already stands there, so no notice goes there. */
  typedIn?: string;
}

/**
 * Makes a change known: the pinned welcome edited in place and the topic rewritten, so the top of the
 * meeting room never shows an old time or title; a notice mentioning the participants in the meeting
 * room, in its language; and one line in the room the meeting was made in. Where the actor's command
 * was typed, its answer is that room's one message.
 */
export async function announceChange(deps: ChangeNoticeDeps, change: Change): Promise<void> {
  const { before, after, message } = change;
  const roomId = after.roomId!;
  const locale = await roomLocale(deps, roomId);
  await refreshWelcome(deps, after, locale);
  const topic = meetingTopic(after, locale);
  if (topic !== meetingTopic(before, locale))
    await deps.gateway.sendState(roomId, "m.room.topic", "", { topic });
  const txn = `plenum.${change.what}.${after.id}.${after.sequence}`;
  if (change.typedIn !== roomId) {
    const notice = changeNotice(after, message, locale, deps.gateway.botUserId);
    await deps.gateway.sendEvent(roomId, "m.room.message", noticeContent(notice), txn);
  }
  const origin = after.originRoomId;
  if (origin === roomId || origin === change.typedIn) return;
  const originLocale = await roomLocale(deps, origin);
  const said = changeSentence(message, originLocale);
  const link = roomLink(roomId, deps.config.homeserver.domain);
  const anchor = `<a href="${escapeHtml(link)}">${escapeHtml(after.title)}</a>`;
  await deps.gateway.sendEvent(
    origin,
    "m.room.message",
    {
      msgtype: "m.notice",
      body: translate(originLocale, "meeting.change_elsewhere", { change: said.text, link }),
      format: "org.matrix.custom.html",
      formatted_body: translateHtml(
        originLocale,
        "meeting.change_elsewhere",
        {},
        { change: said.html, link: anchor },
      ),
      // The team is told, not paged: nobody is mentioned there.
      "m.mentions": {},
    },
    `${txn}.origin`,
  );
}

/** The content of a change notice as an `m.notice` with its mentions. */
export function noticeContent(notice: ChangeNotice): Record<string, unknown> {
  return {
    msgtype: "m.notice",
    body: notice.text,
    format: "org.matrix.custom.html",
    formatted_body: notice.html,
    "m.mentions": { user_ids: notice.mentions },
  };
}
