import { escapeHtml } from "../text/html.js";
import { translate, type Locale, type MessageKey, type MessageParams } from "./translate.js";

/**
 * A message as `formatted_body` HTML: the text and `params` escaped (titles and names are anyone's
 * choice), `markup` (links, pills, emphasis built by the caller from escaped parts) put in as is.
 */
export function translateHtml(
  locale: Locale,
  key: MessageKey,
  params: MessageParams = {},
  markup: Record<string, string> = {},
): string {
  return escapeHtml(translate(locale, key)).replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (name in markup) return markup[name]!;
    return name in params ? escapeHtml(String(params[name])) : whole;
  });
}
