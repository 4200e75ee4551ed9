import { createHmac, timingSafeEqual } from "node:crypto";
import { UserError } from "../errors/user-error.js";

/**
 * Signed, expiring links for guests without a Matrix account. Trust boundary: whoever holds a link
 * may ask for a lobby token for that one meeting until it expires or is revoked; the link grants
 * nothing else. It is an HMAC (SHA-256) over meeting id, revocation generation and expiry, so it
 * needs no row per link; revoking bumps the meeting's generation, which voids every earlier link.
 * A personal link (one e-mailed to an invited address) also names its invitation, so withdrawing
 * that invitation voids just that link.
 */
export interface GuestLinkClaims {
  meetingId: string;
  generation: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /**
   * The e-mail invitation a personal link was sent for: its id and when it was made, so an id that the
   * database hands out again after a deletion never revives an old link.
   */
  invitation?: { id: number; invitedAt: number };
}

export type GuestLinkCheck =
  { ok: true; claims: GuestLinkClaims } | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

export const DEFAULT_GUEST_LINK_VALIDITY_MS = 24 * 3600_000;
const MIN_VALIDITY_MS = 5 * 60_000;
const MAX_VALIDITY_MS = 30 * 24 * 3600_000;

/** A key of its own, derived from a configured secret, so a guest link never doubles as that secret. */
export function guestLinkKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("plenum guest links v1").digest();
}

function mac(payload: string, key: Buffer): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}

export function signGuestLink(claims: GuestLinkClaims, key: Buffer): string {
  const personal = claims.invitation ? `.${claims.invitation.id}.${claims.invitation.invitedAt}` : "";
  const payload = `${claims.meetingId}.${claims.generation}.${Math.floor(claims.expiresAt / 1000)}${personal}`;
  return `${Buffer.from(payload).toString("base64url")}.${mac(payload, key).toString("base64url")}`;
}

/** Checks the signature before believing anything in the link, then the expiry. */
export function verifyGuestLink(token: string, key: Buffer, now: number): GuestLinkCheck {
  const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const payload = Buffer.from(match[1]!, "base64url").toString();
  const given = Buffer.from(match[2]!, "base64url");
  const expected = mac(payload, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  const fields = /^([A-Z0-9-]{1,16})\.(\d{1,9})\.(\d{1,12})(?:\.(\d{1,12})\.(\d{1,15}))?$/.exec(payload);
  if (!fields) return { ok: false, reason: "malformed" };
  const claims: GuestLinkClaims = {
    meetingId: fields[1]!,
    generation: Number(fields[2]),
    expiresAt: Number(fields[3]) * 1000,
    ...(fields[4] ? { invitation: { id: Number(fields[4]), invitedAt: Number(fields[5]) } } : {}),
  };
  if (claims.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3600_000, d: 86_400_000, t: 86_400_000 };

/** How long a link stays valid: "30m", "12h", "7d" (German "7t" too), from 5 minutes to 30 days. */
export function parseGuestLinkValidity(text: string): number {
  const match = /^(\d{1,4})\s*(m|min|h|d|t)$/i.exec(text.trim());
  if (!match) throw new UserError("guest.validity_unparseable", { text: text.trim().slice(0, 40) });
  const ms = Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
  if (ms < MIN_VALIDITY_MS || ms > MAX_VALIDITY_MS) throw new UserError("guest.validity_out_of_range");
  return ms;
}
