import { createHmac, timingSafeEqual } from "node:crypto";
import type { ConfigSlice } from "../config/slice.js";

/**
 * The link to one meeting's .ics, posted in its room and shown by `!meet info`. Trust boundary:
 * whoever holds the link may download that one meeting's calendar file, the same details the room's
 * welcome message shows, and nothing else; it names no person, unlike a private calendar feed,
 * whose token must never appear in a room. The link does not expire (a pinned message keeps it),
 * so it is an HMAC over the meeting id with a key derived from the appservice token; rotating that
 * token voids every such link.
 */
export type CalendarLinkConfig = ConfigSlice<{ appservice: "as_token"; http: "public_url" }>;

function signature(config: CalendarLinkConfig, meetingId: string): string {
  const key = createHmac("sha256", config.appservice.as_token).update("plenum meeting calendar v1").digest();
  return createHmac("sha256", key).update(meetingId).digest("base64url");
}

export function meetingCalendarPath(config: CalendarLinkConfig, meetingId: string): string {
  return `/calendar/meeting/${encodeURIComponent(meetingId)}/${signature(config, meetingId)}.ics`;
}

export function meetingCalendarUrl(config: CalendarLinkConfig, meetingId: string): string {
  return `${config.http.public_url.replace(/\/$/, "")}${meetingCalendarPath(config, meetingId)}`;
}

/** Whether `given` is the signature of the meeting's calendar link. */
export function isMeetingCalendarSignature(
  config: CalendarLinkConfig,
  meetingId: string,
  given: string,
): boolean {
  const expected = Buffer.from(signature(config, meetingId));
  const received = Buffer.from(given);
  return received.length === expected.length && timingSafeEqual(received, expected);
}
