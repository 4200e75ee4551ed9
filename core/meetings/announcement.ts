import { translateHtml } from "../i18n/html.js";
import { translate, type Locale, type MessageKey, type MessageParams } from "../i18n/translate.js";
import { escapeHtml } from "../text/html.js";
import { userPill } from "../text/pills.js";
import { formatMeetingTime } from "./format.js";
import type { Meeting } from "./model.js";
import { seriesOf } from "./rule-text.js";

/** A message with its plain `body` and its `formatted_body`. */
export interface RichText {
  text: string;
  html: string;
}

/**
 * What the team needs to know of a new meeting, in one message: title, time with zone, series,
 * organizer, id and a link to the meeting room (by its title in HTML). The answer to `!meet schedule`
 * is this message; a meeting planned in the widget is announced with it in the room it was made in.
 */
export function meetingAnnouncement(meeting: Meeting, link: string, locale: Locale, zone: string): RichText {
  const row = (key: MessageKey, params: MessageParams, markup: Record<string, string> = {}) => ({
    text: translate(locale, key, params),
    html: translateHtml(locale, key, params, markup),
  });
  const rows = [row("announce.when", { when: formatMeetingTime(meeting, locale, zone) })];
  // Never the raw rule: the series in the reader's words, in the meeting's zone.
  const series = seriesOf(meeting, locale);
  if (series) rows.push(row("meeting.repeats", { rule: series }));
  rows.push(
    row("announce.organizer", { organizer: meeting.organizer }, { organizer: userPill(meeting.organizer) }),
    row(
      "announce.room",
      { link },
      { link: `<a href="${escapeHtml(link)}">${escapeHtml(meeting.title)}</a>` },
    ),
  );
  const heading = row(
    "announce.title",
    { title: meeting.title, id: meeting.id },
    { title: `<strong>${escapeHtml(meeting.title)}</strong>` },
  );
  return {
    text: [heading.text, ...rows.map((r) => r.text)].join("\n"),
    html: `<p>${heading.html}</p><ul>${rows.map((r) => `<li>${r.html}</li>`).join("")}</ul>`,
  };
}
