import type { Config } from "../config/schema.js";
import { configuredLinkSigner, publicUrl } from "../http/signed-links.js";

/** How long a meeting's signed calendar-file link works: groupware keeps it in the calendar entry. */
export const MEETING_ICS_LINK_MS = 365 * 86_400_000;

export function meetingIcsPath(meetingId: string): string {
  return `/meetings/${encodeURIComponent(meetingId)}.ics`;
}

/**
 * A link to one meeting's calendar file (its current time, status and room), signed so that whoever
 * was handed it (a groupware calendar entry) may fetch it without logging in; it names no holder.
 */
export function signedMeetingIcsUrl(config: Config, meetingId: string, now: number): string {
  const signer = configuredLinkSigner(config);
  return publicUrl(config, signer.sign(meetingIcsPath(meetingId), now + MEETING_ICS_LINK_MS));
}
