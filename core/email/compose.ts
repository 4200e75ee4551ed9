import { DateTime } from "luxon";
import { translate, type Locale, type MessageKey, type MessageParams } from "../i18n/translate.js";
import { formatMeetingTime, formatRange } from "../meetings/format.js";
import { overrideOf, renderInvitation } from "../meetings/ics.js";
import type { Meeting } from "../meetings/model.js";
import { escapeHtml } from "../text/html.js";
import type { OutgoingMail } from "./mailer.js";

/** Why a message goes out; each has its subject, opening sentence and iTIP method. */
export type MailKind =
  "invite" | "update" | "cancel" | "uninvite" | "occurrence_cancelled" | "occurrence_moved";

const METHOD: Record<MailKind, "REQUEST" | "CANCEL"> = {
  invite: "REQUEST",
  update: "REQUEST",
  cancel: "CANCEL",
  uninvite: "CANCEL",
  occurrence_cancelled: "CANCEL",
  occurrence_moved: "REQUEST",
};

export interface MailRequest {
  kind: MailKind;
  meeting: Meeting;
  to: string;
  locale: Locale;
  /** The ORGANIZER of the calendar file: the address replies go to, named after the Matrix organizer. */
  organizer: { name: string; email: string };
  /** For a REQUEST: the personal guest link and when it stops working. */
  guestLink?: { url: string; expiresAt: number };
  /** For occurrence_cancelled and occurrence_moved: the date's place in the rule (ISO), its RECURRENCE-ID. */
  occurrence?: string;
  messageId: string;
  now: Date;
}

/** One e-mail to one address, in the meeting's language: text, the same as HTML, and the calendar file. */
export function composeMail(request: MailRequest): OutgoingMail {
  const { kind, meeting, locale } = request;
  const t = (key: MessageKey, params: MessageParams = {}) => translate(locale, key, params);
  const date = request.occurrence
    ? DateTime.fromISO(request.occurrence, { setZone: true })
        .setZone(meeting.timezone)
        .setLocale(locale)
        .toLocaleString(DateTime.DATE_FULL)
    : "";
  const names = { title: meeting.title, organizer: meeting.organizer, date };
  const paragraphs: { text: string; link?: string }[] = [{ text: t(`email.body.${kind}`, names) }];
  if (METHOD[kind] === "REQUEST") {
    const moved = request.occurrence ? overrideOf(meeting, request.occurrence) : undefined;
    const when = moved
      ? formatRange(moved.start, meeting.durationMinutes, meeting.timezone, locale)
      : formatMeetingTime(meeting, locale);
    paragraphs.push({ text: t("email.when", { when }) });
    // The file of a single date holds that date alone.
    if (meeting.rrule && !moved) paragraphs.push({ text: t("email.series") });
    if (meeting.description) paragraphs.push({ text: meeting.description });
    if (request.guestLink) {
      const until = DateTime.fromMillis(request.guestLink.expiresAt, { zone: meeting.timezone })
        .setLocale(locale)
        .toLocaleString(DateTime.DATETIME_FULL);
      paragraphs.push({ text: t("email.join"), link: request.guestLink.url });
      paragraphs.push({ text: t("email.join_note", { until }) });
    }
  }
  paragraphs.push({ text: t("email.footer", names) });
  const link = request.guestLink?.url;
  return {
    to: request.to,
    subject: t(`email.subject.${kind}`, names),
    text: paragraphs.map((p) => (p.link ? `${p.text}\n${p.link}` : p.text)).join("\n\n"),
    html: htmlOf(paragraphs),
    calendar: {
      method: METHOD[kind],
      content: renderInvitation(meeting, {
        method: METHOD[kind],
        organizer: request.organizer,
        attendee: request.to,
        ...(request.occurrence ? { occurrence: request.occurrence } : {}),
        // A guest's way into the call; without a link (a cancellation), the file carries none.
        roomLink: () => link ?? "",
        now: request.now,
      }),
    },
    messageId: request.messageId,
  };
}

function htmlOf(paragraphs: { text: string; link?: string }[]): string {
  const body = paragraphs
    .map((p) => {
      const text = escapeHtml(p.text).replace(/\n/g, "<br>");
      if (!p.link) return `<p>${text}</p>`;
      const href = escapeHtml(p.link);
      return `<p>${text}<br><a href="${href}">${href}</a></p>`;
    })
    .join("\n");
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}
