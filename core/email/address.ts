import { UserError } from "../errors/user-error.js";

/**
 * E-mail addresses as Plenum accepts them from chat: a plain addr-spec (RFC 5322 dot-atom local part,
 * a domain name with at least two labels), at most 254 characters. Quoted local parts, comments and
 * address literals are refused: nobody types them into a chat, and refusing them keeps every address
 * safe to put into a header and a calendar file unquoted.
 */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LOCAL = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const DOMAIN = `${LABEL}(?:\\.${LABEL})+`;
const ADDRESS = new RegExp(`^${LOCAL}@${DOMAIN}$`);
const MAILBOX = new RegExp(`^(?:[^<>@\\r\\n]{1,100}\\s)?<(${LOCAL}@${DOMAIN})>$`);

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && text.split("@")[0]!.length <= 64 && ADDRESS.test(text);
}

/** The form an address is stored and compared in: the domain is case-insensitive, the local part is kept. */
export function normalizeAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}

/** A sender as configured: "plenum@example.org" or "Plenum <plenum@example.org>". */
export function isMailbox(text: string): boolean {
  const match = MAILBOX.exec(text.trim());
  return isEmailAddress(match ? match[1]! : text.trim());
}

/** The address of a configured mailbox ("Plenum <plenum@example.org>" gives plenum@example.org). */
export function mailboxAddress(mailbox: string): string {
  const match = MAILBOX.exec(mailbox.trim());
  return match ? match[1]! : mailbox.trim();
}

/**
 * Whether a word typed after `!meet invite` means an e-mail address rather than a Matrix user: it has
 * an @ that does not start it (a Matrix id starts with @). Such a word that is not a valid address is
 * refused, never taken for a user.
 */
export function looksLikeEmail(word: string): boolean {
  return word.indexOf("@") > 0;
}

/**
 * Splits what follows `!meet invite <id>` into e-mail addresses (checked and normalized, duplicates
 * dropped) and the rest as typed. An address that is not valid is refused before anything happens.
 */
export function splitAddresses(text: string): { addresses: string[]; rest: string } {
  const words = text.split(/[\s,]+/).filter((word) => word !== "");
  const addresses = new Set<string>();
  const rest: string[] = [];
  for (const word of words) {
    if (!looksLikeEmail(word)) rest.push(word);
    else if (isEmailAddress(word)) addresses.add(normalizeAddress(word));
    else throw new UserError("email.bad_address", { address: word.slice(0, 80) });
  }
  return { addresses: [...addresses], rest: rest.join(" ") };
}
