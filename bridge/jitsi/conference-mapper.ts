/**
 * Jigasi's conference mapper (`dialInConfCodeUrl`): numeric PINs for meetings, and the replies that turn
 * a conference into its PIN (for Jitsi Meet's invite dialog) and a PIN into its conference (for the
 * telephone IVR, which hands the room to Jigasi in a SIP header).
 *
 * Trust boundary: lookups arrive without credentials from browsers and the IVR, so every query value is
 * untrusted. A PIN is all a caller needs to join a conference by phone through Jigasi, which Prosody
 * trusts, so PINs are long and derived with a server-side secret: knowing a meeting id does not reveal
 * its PIN, and PINs do not follow one another.
 */
import { createHmac } from "node:crypto";

/** Ten digits, like the PINs Jitsi's own mapper hands out; the first is never 0, so the number keeps them all. */
export const PIN_DIGITS = 10;
const LOWEST_PIN = 10 ** (PIN_DIGITS - 1);
const PIN_SPAN = 9 * LOWEST_PIN;

export type MapperQuery =
  | { kind: "conference"; conferenceName: string }
  | { kind: "pin"; pin: number }
  | { kind: "invalid"; problem: string };

export type MapperResponse = { id: number; conference: string };
export type MapperNotFoundResponse = { id: number; conference: false };
/** Jitsi Meet shows `message` when a reply lacks `id` or `conference`. */
export type MapperNoPinResponse = { message: string; conference: string };

/**
 * The PIN to try for a meeting: an HMAC of the meeting id and the attempt number, reduced to ten digits.
 * The caller stores the PIN it settles on under a uniqueness constraint; when a candidate is already
 * taken by another meeting it asks for attempt + 1. With 9 × 10⁹ candidates that is rare until well
 * past a hundred thousand meetings, and each meeting keeps its stored PIN even if the secret changes.
 */
export function pinCandidate(meetingId: string, attempt: number, secret: string | Buffer): number {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`bad PIN attempt ${attempt}`);
  const digest = createHmac("sha256", secret).update(`${meetingId}\n${attempt}`).digest();
  // 64 random bits reduced modulo 9 × 10⁹: the bias is below one in a billion.
  return Number(digest.readBigUInt64BE(0) % BigInt(PIN_SPAN)) + LOWEST_PIN;
}

/** The conference (MUC) domain: configured, or Jitsi's default `conference.<domain>`. */
export function mucDomainFor(jitsi: { domain: string; muc_domain?: string | undefined }): string {
  return jitsi.muc_domain ?? `conference.${jitsi.domain}`;
}

/**
 * Reads a mapper query. Jitsi Meet sends `conference=<room>@<muc>` with the room as written in the
 * meeting URL (upper case for Element's rooms) plus `url=<meeting url>`, which names the same room and
 * is ignored; the IVR sends `id=<pin>`. As in Jitsi's API description, `conference` wins over `id`.
 */
export function parseMapperQuery(query: Record<string, unknown>, mucDomain: string): MapperQuery {
  const { conference, id } = query;
  if (conference !== undefined) {
    if (typeof conference !== "string") return invalid("conference must be given once");
    const at = conference.lastIndexOf("@");
    const name = conference.slice(0, at);
    const domain = conference.slice(at + 1);
    if (at < 1 || !/^[^\s@/]+$/.test(name)) return invalid(`conference is not <room>@<muc>: ${conference}`);
    if (domain.toLowerCase() !== mucDomain.toLowerCase()) return invalid(`conference is not in ${mucDomain}`);
    return { kind: "conference", conferenceName: name.toLowerCase() };
  }
  if (id !== undefined) {
    if (typeof id !== "string" || !/^\d{1,15}$/.test(id)) return invalid("id must be a PIN of digits");
    return { kind: "pin", pin: Number(id) };
  }
  return invalid("expected conference or id");
}

function invalid(problem: string): MapperQuery {
  return { kind: "invalid", problem };
}

/** Reply to `?conference=`: the meeting's PIN and the conference JID as Prosody names it. */
export function mapperResponseForConference(
  pin: number,
  conferenceName: string,
  mucDomain: string,
): MapperResponse {
  return mapping(pin, conferenceName, mucDomain);
}

/** Reply to `?id=` for a known PIN; `conference` ends up in Jigasi's SIP room header. */
export function mapperResponseForPin(pin: number, conferenceName: string, mucDomain: string): MapperResponse {
  return mapping(pin, conferenceName, mucDomain);
}

/** Reply to `?id=` for an unknown PIN: the PIN echoed, `conference` false. */
export function mapperNotFoundResponse(pin: number): MapperNotFoundResponse {
  return { id: pin, conference: false };
}

/** Reply to `?conference=` for a conference that has no PIN, e.g. one that is no Plenum meeting. */
export function mapperNoPinResponse(
  conferenceName: string,
  mucDomain: string,
  message: string,
): MapperNoPinResponse {
  return { message, conference: conferenceJid(conferenceName, mucDomain) };
}

function mapping(pin: number, conferenceName: string, mucDomain: string): MapperResponse {
  return { id: pin, conference: conferenceJid(conferenceName, mucDomain) };
}

// Jitsi Meet lower-cases room names before they reach Prosody, so the MUC room is the lower-case name.
function conferenceJid(conferenceName: string, mucDomain: string): string {
  return `${conferenceName.toLowerCase()}@${mucDomain.toLowerCase()}`;
}
