/**
 * Dial-in PINs. A PIN is all a caller needs to join a conference by phone through Jigasi, which
 * Prosody trusts, so PINs are long and derived with a server-side secret: knowing a meeting id does
 * not reveal its PIN, and PINs do not follow one another.
 */
import { createHmac } from "node:crypto";
import type { MeetingPinsRepository } from "../storage/meeting-pins.js";

/** Ten digits, like the PINs Jitsi's own mapper hands out; the first is never 0, so the number keeps them all. */
export const PIN_DIGITS = 10;
const LOWEST_PIN = 10 ** (PIN_DIGITS - 1);
const PIN_SPAN = 9 * LOWEST_PIN;

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

/** The meeting's PIN, assigned on first use and kept; a rare collision moves on to the next candidate. */
export async function assignPin(
  pins: Pick<MeetingPinsRepository, "pinOf" | "claim">,
  meetingId: string,
  secret: string,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const known = await pins.pinOf(meetingId);
    if (known) return Number(known);
    const candidate = pinCandidate(meetingId, attempt, secret);
    if (await pins.claim(meetingId, String(candidate))) return candidate;
  }
}
