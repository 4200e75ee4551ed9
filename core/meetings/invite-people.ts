import { splitAddresses } from "../email/address.js";
import { ensureEmailPossible, inviteByEmail, type EmailDeps } from "../email/invitations.js";
import { UserError } from "../errors/user-error.js";
import type { InviteDeps } from "./changes.js";
import type { Meeting } from "./model.js";
import { inviteNamed, parseParticipants, type Actor } from "./requests.js";

/** Whom a participant field names: Matrix users and rooms, and e-mail addresses (checked, normalized). */
export interface Invitees {
  named: string[];
  addresses: string[];
}

/**
 * Reads what follows `!meet invite <id>`, or a planner widget's participant field. A word that looks
 * like an address but is not a valid one is refused before anything happens.
 */
export function parseInvitees(text: string): Invitees {
  const { addresses, rest } = splitAddresses(text);
  return { named: rest ? parseParticipants(rest) : [], addresses };
}

/**
 * Before a meeting is created with addresses among its participants: what inviteByEmail would refuse
 * for any new meeting, so that a refused request creates nothing.
 */
export async function ensureEmailPossibleForNew(email: EmailDeps, invitees: Invitees): Promise<void> {
  if (invitees.addresses.length === 0) return;
  if (!email.mailer) throw new UserError("email.not_configured");
  if (!(await email.policy.current()).guest_links) throw new UserError("email.guest_links_off");
}

/**
 * Invites the named users and rooms into the meeting and the addresses by e-mail: `!meet invite` and
 * the planner's participant fields. Whatever would refuse the e-mail part is checked before anyone is
 * invited. Returns the users newly invited and how many addresses were.
 */
export async function invitePeople(
  deps: InviteDeps,
  email: EmailDeps,
  meeting: Meeting,
  invitees: Invitees,
  actor: Actor,
): Promise<{ users: string[]; emailed: number }> {
  if (invitees.addresses.length > 0) await ensureEmailPossible(email, meeting);
  const users = invitees.named.length > 0 ? await inviteNamed(deps, meeting, invitees.named, actor) : [];
  const emailed =
    invitees.addresses.length > 0 ? await inviteByEmail(email, meeting, invitees.addresses, actor.userId) : 0;
  return { users, emailed };
}
