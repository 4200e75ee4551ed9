/**
 * Dial-in numbers as Jitsi Meet reads them from `dialInNumbersUrl` (the current array format), and the
 * one line about dialling in that Plenum puts into welcome messages and calendar entries.
 */
import { translate, type Locale } from "../i18n/translate.js";

/** One entry of the array Jitsi Meet expects (`PhoneNumberListAnswer` plus `default`). */
export type DialInNumber = {
  countryCode: string;
  tollFree: boolean;
  formattedNumber: string;
  default?: true;
};

/** The configured numbers by ISO country code, in the order the operator wrote them. */
export type DialInNumbersConfig = Readonly<Record<string, readonly string[]>>;

/**
 * Free-to-caller prefixes from the national numbering plans, as digits after the '+'. The configuration
 * cannot mark a number toll-free, and Jitsi Meet labels such numbers; a country not listed here is never
 * called free, since wrongly promising a free call is worse than not mentioning one.
 */
const TOLL_FREE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  "North America": ["1800", "1833", "1844", "1855", "1866", "1877", "1888"],
  Germany: ["49800"],
  Austria: ["43800"],
  Switzerland: ["41800"],
  "United Kingdom": ["44800", "44808"],
  France: ["33800", "33801", "33802", "33803", "33804", "33805"],
  Netherlands: ["31800"],
  Belgium: ["32800"],
  Luxembourg: ["352800"],
};

/**
 * The numbers in configuration order. The first is marked `default`: Jitsi Meet's
 * `_getDefaultPhoneNumber` shows the entry marked `default` (or else the first) as the one number in its
 * invite text, so the operator picks it by listing it first, and marking it keeps that choice if the
 * client's fallback ever changes.
 */
export function dialInNumbersResponse(config: DialInNumbersConfig): DialInNumber[] {
  const numbers = Object.entries(config).flatMap(([countryCode, formattedNumbers]) =>
    formattedNumbers.map((formattedNumber): DialInNumber => ({
      countryCode,
      tollFree: isTollFree(formattedNumber),
      formattedNumber,
    })),
  );
  const [first] = numbers;
  if (first) first.default = true;
  return numbers;
}

/**
 * "Dial-in: +49 30 23125 456 (DE), PIN 8374 6291 05" for the default number, with the PIN grouped as
 * Jitsi Meet groups it on screen (`_formatConferenceIDPin`); undefined when no number is configured.
 */
export function dialInLine(
  config: DialInNumbersConfig,
  pin: number,
  locale: Locale = "en",
): string | undefined {
  const number = dialInNumbersResponse(config).find((entry) => entry.default);
  return (
    number &&
    translate(locale, "meeting.dial_in", {
      number: number.formattedNumber,
      country: number.countryCode,
      pin: formatPin(pin),
    })
  );
}

/** Three groups, the first two of ceil(length / 3) digits: "8374 6291 05". */
export function formatPin(pin: number): string {
  const digits = String(pin);
  const part = Math.ceil(digits.length / 3);
  return [digits.slice(0, part), digits.slice(part, 2 * part), digits.slice(2 * part)]
    .filter((group) => group.length > 0)
    .join(" ");
}

function isTollFree(formattedNumber: string): boolean {
  if (!formattedNumber.trim().startsWith("+")) return false;
  const digits = formattedNumber.replace(/\D/g, "");
  return Object.values(TOLL_FREE_PREFIXES).some((prefixes) =>
    prefixes.some((prefix) => digits.startsWith(prefix)),
  );
}
