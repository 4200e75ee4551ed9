import { translateHtml } from "../../core/i18n/html.js";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../core/i18n/translate.js";
import type { Meeting } from "../../core/meetings/model.js";
import { escapeHtml } from "../../core/text/html.js";
import { matrixToLink } from "../../core/text/pills.js";
import type { Reply } from "./types.js";

/** One line of an answer, as the plain `body` says it and as the `formatted_body` HTML shows it. */
export interface RichLine {
  text: string;
  html: string;
}

/**
 * A message of the catalogue as both: `params` are escaped in the HTML (titles and names are anyone's
 * choice), `markup` (links, pills, emphasis built by the caller from escaped parts) goes in as is.
 */
export function richLine(
  locale: Locale,
  key: MessageKey,
  params: MessageParams = {},
  markup: Record<string, string> = {},
): RichLine {
  return { text: translate(locale, key, params), html: translateHtml(locale, key, params, markup) };
}

export const plainLine = (text: string): RichLine => ({ text, html: escapeHtml(text) });

export const strong = (text: string): string => `<strong>${escapeHtml(text)}</strong>`;

/** A meeting's title in bold, linking to its room when it has one: Element shows the room by name. */
export function meetingTitleMarkup(meeting: Meeting, serverName: string): string {
  return meeting.roomId
    ? `<strong>${matrixToLink(meeting.roomId, meeting.title, serverName)}</strong>`
    : strong(meeting.title);
}

/** Part of a listing: an optional heading, then its items. */
export interface ListBlock {
  heading?: RichLine;
  items: RichLine[];
}

/**
 * A listing as one answer: the title in bold, each block's heading as a paragraph and its items as a
 * list ("• " lines in the plain text), then the closing paragraphs (paging, links).
 */
export function listReply(title: RichLine, blocks: ListBlock[], after: RichLine[] = []): Reply {
  const text = [
    title.text,
    ...blocks.flatMap((block) => [
      ...(block.heading ? ["", block.heading.text] : []),
      ...block.items.map((item) => `• ${item.text}`),
    ]),
    ...(after.length > 0 ? ["", ...after.map((line) => line.text)] : []),
  ].join("\n");
  const html = [
    `<p><strong>${title.html}</strong></p>`,
    ...blocks.map(
      (block) =>
        (block.heading ? `<p>${block.heading.html}</p>` : "") +
        (block.items.length > 0
          ? `<ul>${block.items.map((item) => `<li>${item.html}</li>`).join("")}</ul>`
          : ""),
    ),
    ...after.map((line) => `<p>${line.html}</p>`),
  ].join("");
  return { text, html };
}
