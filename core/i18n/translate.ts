import { de } from "./de.js";
import { en, type MessageKey } from "./en.js";

export type Locale = "de" | "en";
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { de, en };

export type MessageParams = Record<string, string | number>;

/** A message not yet rendered: handlers return these so the dispatcher picks the reader's language. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLocale(value: string): value is Locale {
  return value === "de" || value === "en";
}
