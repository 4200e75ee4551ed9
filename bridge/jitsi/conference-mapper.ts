/**
 * Jigasi's conference mapper (`dialInConfCodeUrl`): numeric PINs for meetings, and the replies that turn
 * a conference into its PIN (for Jitsi Meet's invite dialog) and a PIN into its conference (for the
 * telephone IVR, which hands the room to Jigasi in a SIP header).
 *
 * Trust boundary: lookups arrive without credentials from browsers and the IVR, so every query value is
 * untrusted. PINs themselves come from core/meetings/dial-in-pin.ts.
 */

export type MapperQuery =
  | { kind: "conference"; conferenceName: string }
  | { kind: "pin"; pin: number }
  | { kind: "invalid"; problem: string };

export type MapperResponse = { id: number; conference: string };
export type MapperNotFoundResponse = { id: number; conference: false };
/** Jitsi Meet shows `message` when a reply lacks `id` or `conference`. */
export type MapperNoPinResponse = { message: string; conference: string };

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
