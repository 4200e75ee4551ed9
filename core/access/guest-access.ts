import { verifyGuestLink } from "../council/guest-link.js";
import type { Meeting } from "../meetings/model.js";
import type { PolicyService } from "../policy/policy.js";
import type { GuestLinksRepository } from "../storage/guest-links.js";
import type { MeetingsRepository } from "../storage/meetings.js";

export type GuestRefusal =
  "malformed" | "bad-signature" | "expired" | "revoked" | "disabled" | "meeting_over";

export interface GuestAccessDeps {
  meetings: MeetingsRepository;
  guestLinks: GuestLinksRepository;
  policy: PolicyService;
  key: Buffer;
  now: number;
}

/**
 * Whether a guest link admits its holder now: signed by Plenum, not expired, not revoked (its
 * generation is the meeting's current one), guest links allowed for the meeting room, and the
 * meeting neither cancelled nor over. Checked on every use, so a revocation or policy change applies
 * to the next guest at once.
 */
export async function guestAccess(
  deps: GuestAccessDeps,
  token: string,
): Promise<{ ok: true; meeting: Meeting } | { ok: false; reason: GuestRefusal }> {
  const check = verifyGuestLink(token, deps.key, deps.now);
  if (!check.ok) return check;
  const meeting = await deps.meetings.get(check.claims.meetingId);
  if (!meeting?.roomId || meeting.status === "cancelled" || meeting.status === "ended")
    return { ok: false, reason: "meeting_over" };
  if (check.claims.generation !== (await deps.guestLinks.generation(meeting.id)))
    return { ok: false, reason: "revoked" };
  if (!(await deps.policy.forRoom(meeting.roomId)).guest_links) return { ok: false, reason: "disabled" };
  return { ok: true, meeting };
}
