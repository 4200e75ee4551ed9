import { verifyGuestLink } from "../council/guest-link.js";
import type { Meeting } from "../meetings/model.js";
import type { PolicyService } from "../policy/policy.js";
import type { EmailInvitationsRepository } from "../storage/email-invitations.js";
import type { GuestLinksRepository } from "../storage/guest-links.js";
import type { MeetingsRepository } from "../storage/meetings.js";

export type GuestRefusal =
  "malformed" | "bad-signature" | "expired" | "revoked" | "disabled" | "meeting_over";

export interface GuestAccessDeps {
  meetings: MeetingsRepository;
  guestLinks: GuestLinksRepository;
  emailInvitations: Pick<EmailInvitationsRepository, "byId">;
  policy: PolicyService;
  key: Buffer;
  now: number;
}

/**
 * Whether a guest link admits its holder now: signed by Plenum, not expired, not revoked (its
 * generation is the meeting's current one, and a personal link's invitation is still standing), guest links allowed for the meeting room, and the
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
  if (check.claims.invitation) {
    const invitation = await deps.emailInvitations.byId(check.claims.invitation.id);
    const standing =
      invitation?.meetingId === meeting.id &&
      invitation.removedAt === null &&
      invitation.invitedAt === check.claims.invitation.invitedAt;
    if (!standing) return { ok: false, reason: "revoked" };
  }
  if (!(await deps.policy.forRoom(meeting.roomId)).guest_links) return { ok: false, reason: "disabled" };
  return { ok: true, meeting };
}
