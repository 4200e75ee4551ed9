/**
 * The grammar of Matrix identifiers, written once (Matrix spec, appendix "Identifier Grammar", and
 * room version 12). Config schemas, room-state schemas, chat commands, policy entries and the
 * Jitsi and widget endpoints all ask this module, so an id one of them accepts the others accept too.
 *
 * Two deliberate narrowings of the spec's widest forms, both against look-alikes on a federated
 * network where anyone may pick a name:
 * - Localparts (and opaque room and event ids) are printable ASCII without ':' (U+0021–U+007E),
 *   the spec's "compliant" historical range. The spec tolerates any Unicode in historical user ids,
 *   but a Cyrillic "а" for a Latin "a" is then a different user who reads the same.
 * - DNS names follow RFC 1123 labels, as the spec says they should: no empty labels, none starting
 *   or ending with "-".
 * Every id that passes is ASCII, so its length in characters is its length in bytes.
 */
import { z } from "zod";

/** User ids, room ids, aliases and event ids are limited to 255 bytes, sigil and server included. */
export const MAX_ID_BYTES = 255;

const OPAQUE = /^[\x21-\x39\x3b-\x7e]+$/;
// The user id grammar of today's spec; ids outside it but inside OPAQUE are "historical".
const CONFORMING_LOCALPART = /^[a-z0-9._=\-/+]+$/;
const DNS_NAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const DOTTED_QUAD = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
const IPV6_LITERAL = /^\[([0-9A-Fa-f:.]{2,45})\]$/;
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PORT = /^[0-9]{1,5}$/;
const MAX_DNS_NAME = 255;

/**
 * `hostname [":" port]`, the hostname a DNS name, a dotted-quad IPv4 address (each part at most
 * 255) or a bracketed IPv6 address. Case is kept: server names are case-sensitive.
 */
export function isServerName(text: string): boolean {
  const close = text.startsWith("[") ? text.indexOf("]") + 1 : 0;
  const colon = text.indexOf(":", close);
  const host = colon < 0 ? text : text.slice(0, colon);
  if (colon >= 0 && !isPort(text.slice(colon + 1))) return false;
  const ipv6 = IPV6_LITERAL.exec(host);
  if (ipv6) return isIPv6Address(ipv6[1]!);
  if (host.length > MAX_DNS_NAME || !DNS_NAME.test(host)) return false;
  return !DOTTED_QUAD.test(host) || isIPv4Address(host);
}

function isIPv4Address(text: string): boolean {
  return DOTTED_QUAD.test(text) && text.split(".").every((part) => Number(part) <= 255);
}

/** RFC 4291 section 2.2 (which the spec cites as RFC 3513): eight groups, `::` once, IPv4 at the end. */
function isIPv6Address(text: string): boolean {
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  let groups = text;
  if (tail.includes(".")) {
    if (!isIPv4Address(tail)) return false;
    // An embedded IPv4 address stands for the last two groups.
    groups = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split("::");
  if (halves.length > 2) return false;
  const written = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (!written.every((group) => IPV6_GROUP.test(group))) return false;
  return halves.length === 2 ? written.length < 8 : written.length === 8;
}

function isPort(text: string): boolean {
  return PORT.test(text) && Number(text) <= 65535;
}

export interface ParsedUserId {
  localpart: string;
  serverName: string;
}

/**
 * `@localpart:server_name`, the localpart in the historical grammar (printable ASCII but ':'), as
 * ids of existing users must be accepted; undefined for anything else.
 */
export function parseUserId(text: string): ParsedUserId | undefined {
  const parts = sigilled(text, "@");
  if (!parts || parts.serverName === undefined || !isServerName(parts.serverName)) return undefined;
  return { localpart: parts.opaque, serverName: parts.serverName };
}

export function isUserId(text: string): boolean {
  return parseUserId(text) !== undefined;
}

/** A localpart in today's user id grammar (a–z, 0–9 and `._=-/+`), as homeservers register new users. */
export function isConformingLocalpart(text: string): boolean {
  return CONFORMING_LOCALPART.test(text);
}

/**
 * A user id in today's grammar (localpart of a–z, 0–9 and `._=-/+`): what a homeserver gives new
 * users, so the form in which people type the ids of those they invite.
 */
export function isConformingUserId(text: string): boolean {
  const parsed = parseUserId(text);
  return parsed !== undefined && isConformingLocalpart(parsed.localpart);
}

/** The server name of a user id already known to be valid. */
export function userServerName(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

/**
 * Room ids are opaque: `!opaque:server_name` up to room version 11; from version 12 on (MSC4291)
 * `!` and the create event's reference hash in URL-safe unpadded base64 (43 characters), with no
 * server part at all.
 */
export function isRoomId(text: string): boolean {
  const parts = sigilled(text, "!");
  return parts !== undefined && (parts.serverName === undefined || isServerName(parts.serverName));
}

/** `#alias:server_name`. */
export function isRoomAlias(text: string): boolean {
  const parts = sigilled(text, "#");
  return parts?.serverName !== undefined && isServerName(parts.serverName);
}

/**
 * Event ids: `$opaque:server_name` in room versions 1 and 2, `$` and a base64 hash (no server part)
 * from version 3 on.
 */
export function isEventId(text: string): boolean {
  const parts = sigilled(text, "$");
  return parts !== undefined && (parts.serverName === undefined || isServerName(parts.serverName));
}

/** Splits `<sigil><opaque>[:<server>]` within the length limit; the server part is not checked here. */
function sigilled(text: string, sigil: string): { opaque: string; serverName?: string } | undefined {
  if (!text.startsWith(sigil) || text.length > MAX_ID_BYTES) return undefined;
  const colon = text.indexOf(":");
  const opaque = text.slice(1, colon < 0 ? undefined : colon);
  if (!OPAQUE.test(opaque)) return undefined;
  return colon < 0 ? { opaque } : { opaque, serverName: text.slice(colon + 1) };
}

export const userIdSchema = z
  .string()
  .refine(isUserId, "expected a Matrix user id such as @alice:example.org");
export const roomIdSchema = z.string().refine(isRoomId, "expected a Matrix room id such as !abc:example.org");
export const localpartSchema = z
  .string()
  .refine(isConformingLocalpart, "expected a Matrix localpart of a-z, 0-9 and ._=-/+ such as plenum");
export const serverNameSchema = z.string().refine(isServerName, "expected a server name such as example.org");
