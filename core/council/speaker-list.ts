import { DateTime } from "luxon";
import { UserError } from "../errors/user-error.js";
import { translate, type Locale } from "../i18n/translate.js";

/** Someone who asked to speak, in the order they asked. */
export interface SpeakerRequest {
  userId: string;
  topic: string | null;
  requestedAt: number;
}

/** Who has the floor, since when, and until when if a speaking time was set. */
export interface Turn {
  userId: string;
  topic: string | null;
  since: number;
  until: number | null;
}

/** A meeting room's list of speakers: pure data, changed only through the functions below. */
export interface SpeakerList {
  current: Turn | null;
  waiting: SpeakerRequest[];
}

export const EMPTY_LIST: SpeakerList = { current: null, waiting: [] };

/** A topic is shown in the pinned message; longer text belongs in the chat. */
export const MAX_TOPIC_LENGTH = 120;
export const MIN_SPEAKING_SECONDS = 10;
export const MAX_SPEAKING_SECONDS = 60 * 60;

export function requestToSpeak(
  list: SpeakerList,
  userId: string,
  topic: string | null,
  now: number,
): SpeakerList {
  if (list.current?.userId === userId) throw new UserError("speakers.already_speaking");
  const position = list.waiting.findIndex((r) => r.userId === userId);
  if (position >= 0) throw new UserError("speakers.already_waiting", { position: position + 1 });
  const trimmed = topic?.trim() ?? "";
  if (trimmed.length > MAX_TOPIC_LENGTH)
    throw new UserError("speakers.topic_too_long", { max: MAX_TOPIC_LENGTH });
  return {
    ...list,
    waiting: [...list.waiting, { userId, topic: trimmed === "" ? null : trimmed, requestedAt: now }],
  };
}

/** Leaves the queue; the current speaker withdrawing gives up the floor. */
export function withdraw(list: SpeakerList, userId: string): SpeakerList {
  if (list.current?.userId === userId) return { ...list, current: null };
  if (!list.waiting.some((r) => r.userId === userId)) throw new UserError("speakers.not_waiting");
  return { ...list, waiting: list.waiting.filter((r) => r.userId !== userId) };
}

/** Gives the floor to the first in the queue (or to nobody when the queue is empty). */
export function nextSpeaker(list: SpeakerList, now: number, speakingSeconds?: number): SpeakerList {
  const [first, ...rest] = list.waiting;
  if (!first) return { current: null, waiting: [] };
  return {
    current: {
      userId: first.userId,
      topic: first.topic,
      since: now,
      until: speakingSeconds === undefined ? null : now + speakingSeconds * 1000,
    },
    waiting: rest,
  };
}

/**
 * Seconds from a typed speaking time: "3m", "90s", "1m30s", "2 min". Speaking times are short,
 * so this is not the meeting-duration grammar, whose smallest meeting is five minutes.
 */
export function parseSpeakingTime(text: string): number {
  const match =
    /^(?:(\d+)\s*(?:m|min|mins|minutes?|minuten?))?\s*(?:(\d+)\s*(?:s|sec|secs|seconds?|sekunden?))?$/i.exec(
      text.trim(),
    );
  if (!match || (match[1] === undefined && match[2] === undefined))
    throw new UserError("speakers.time_unparseable", { text: text.trim().slice(0, 40) });
  const seconds = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  if (seconds < MIN_SPEAKING_SECONDS || seconds > MAX_SPEAKING_SECONDS)
    throw new UserError("speakers.time_out_of_range", {
      min: MIN_SPEAKING_SECONDS,
      max: MAX_SPEAKING_SECONDS / 60,
    });
  return seconds;
}

function clockTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("HH:mm");
}

/** The pinned message's text: the current speaker and the queue, in the room's language. */
export function renderSpeakerList(
  list: SpeakerList,
  options: { title: string; locale: Locale; zone: string },
): string {
  const { locale, zone } = options;
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(locale, key, params);
  const about = (topic: string | null) => (topic ? t("speakers.about", { topic }) : "");
  const lines = [t("speakers.title", { title: options.title })];
  if (list.current) {
    const { userId, topic, until } = list.current;
    lines.push(
      t("speakers.current", { user: userId, about: about(topic) }) +
        (until === null ? "" : t("speakers.until", { time: clockTime(until, zone) })),
    );
  } else lines.push(t("speakers.nobody"));
  if (list.waiting.length === 0) lines.push(t("speakers.queue_empty"));
  else {
    lines.push(t("speakers.queue"));
    list.waiting.forEach((r, i) =>
      lines.push(t("speakers.queue_item", { position: i + 1, user: r.userId, about: about(r.topic) })),
    );
  }
  lines.push(t("speakers.how"));
  return lines.join("\n");
}
