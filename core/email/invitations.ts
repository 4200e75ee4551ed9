import { DateTime } from "luxon";
import type { ConfigSlice } from "../config/slice.js";
import { guestLinkKey, signGuestLink } from "../council/guest-link.js";
import { UserError } from "../errors/user-error.js";
import { translate } from "../i18n/translate.js";
import type { Logger } from "../logging/logger.js";
import { directChatWith } from "../matrix/direct-chats.js";
import type { MessageSender, RoomCreator } from "../matrix/capabilities.js";
import { overrideOf } from "../meetings/ics.js";
import type { Meeting, OccurrenceOverride } from "../meetings/model.js";
import { isOpenEnded, occurrences } from "../meetings/recurrence.js";
import type { PolicyService } from "../policy/policy.js";
import type { JobHandler } from "../scheduling/scheduler.js";
import type { DirectChatsRepository } from "../storage/direct-chats.js";
import type { EmailInvitation, EmailInvitationsRepository } from "../storage/email-invitations.js";
import type { GuestLinksRepository } from "../storage/guest-links.js";
import type { Job, JobsRepository } from "../storage/jobs.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import type { Clock } from "../time/clock.js";
import { mailboxAddress } from "./address.js";
import { composeMail, type MailKind } from "./compose.js";
import type { Mailer } from "./mailer.js";

export const SEND_MAIL = "email.send";
export const PURGE_ADDRESSES = "email.purge";

/** What e-mail invitations need. `mailer` is undefined when e-mail is not configured. */
export interface EmailDeps {
  config: ConfigSlice<{
    email: "from" | "reply_to" | "retention_days";
    i18n: "locale";
    http: "public_url";
    appservice: "hs_token";
  }>;
  mailer: Mailer | undefined;
  invitations: EmailInvitationsRepository;
  meetings: Pick<MeetingsRepository, "get">;
  jobs: Pick<JobsRepository, "schedule">;
  guestLinks: Pick<GuestLinksRepository, "generation">;
  policy: Pick<PolicyService, "forRoom" | "current">;
  /** Refusals are reported to the organizer in their direct chat with the bot. */
  gateway: RoomCreator & MessageSender;
  directChats: Pick<DirectChatsRepository, "roomFor" | "remember">;
  clock: Clock;
  logger: Logger;
  wakeScheduler(): void;
}

interface SendPayload {
  meetingId: string;
  invitationId: number;
  kind: MailKind;
  occurrence?: string;
}

/** What the invited addresses were last told of a meeting: a change is mailed only if this differs. */
interface Told {
  title: string;
  description: string | null;
  timezone: string;
  start: string;
  durationMinutes: number;
  rrule: string | null;
  exdates: string[];
  overrides: OccurrenceOverride[];
  cancelled: boolean;
}

function toldOf(meeting: Meeting): Told {
  const { title, description, timezone, start, durationMinutes, rrule, exdates, overrides } = meeting;
  return {
    title,
    description,
    timezone,
    start,
    durationMinutes,
    rrule,
    exdates: [...exdates],
    overrides: overrides.map(({ recurrenceId, start: movedTo }) => ({ recurrenceId, start: movedTo })),
    cancelled: meeting.status === "cancelled",
  };
}

/** What was noted; a note from before dates moved on their own were mailed has no overrides. */
function toldFrom(text: string): Told {
  const { cancelled, ...rest } = JSON.parse(text) as Told;
  // In toldOf's order, so that an unchanged meeting compares equal.
  return { ...rest, overrides: rest.overrides ?? [], cancelled };
}

/** Refuses, before anything is changed, what e-mail invitations cannot do for this meeting. */
export async function ensureEmailPossible(deps: EmailDeps, meeting: Meeting): Promise<void> {
  if (!deps.mailer) throw new UserError("email.not_configured");
  if (meeting.status === "cancelled" || meeting.status === "ended")
    throw new UserError("email.meeting_over", { title: meeting.title });
  if (!(await deps.policy.forRoom(meeting.roomId!)).guest_links) throw new UserError("email.guest_links_off");
}

/** Invites addresses (valid and normalized by the caller); returns how many were newly invited. */
export async function inviteByEmail(
  deps: EmailDeps,
  meeting: Meeting,
  addresses: string[],
  actor: string,
): Promise<number> {
  await ensureEmailPossible(deps, meeting);
  const now = deps.clock.now();
  const added = await deps.invitations.add(meeting.id, addresses, actor, now);
  if (added.length === 0) throw new UserError("email.nobody_new", { id: meeting.id });
  for (const invitation of added) await scheduleSend(deps, invitation, "invite", `${invitation.invitedAt}`);
  if (!(await deps.invitations.told(meeting.id))) await remember(deps, meeting);
  deps.wakeScheduler();
  return added.length;
}

/** Withdraws invitations: each address gets a cancellation, then is deleted. Returns how many. */
export async function uninviteByEmail(
  deps: EmailDeps,
  meeting: Meeting,
  addresses: string[],
): Promise<number> {
  if (!deps.mailer) throw new UserError("email.not_configured");
  const removed = await deps.invitations.remove(meeting.id, addresses, deps.clock.now());
  if (removed.length === 0) throw new UserError("email.nobody_to_uninvite", { id: meeting.id });
  for (const invitation of removed)
    await scheduleSend(deps, invitation, "uninvite", `${invitation.removedAt}`);
  deps.wakeScheduler();
  return removed.length;
}

/**
 * Told after every change of a meeting: the invited addresses get what changed. Dates of a series
 * cancelled or moved on their own (and nothing else changed) go out as those dates' cancellations
 * and overrides (RECURRENCE-ID); a cancelled meeting as a cancellation; any other change as an
 * updated invitation with the meeting's new SEQUENCE.
 */
export async function followMeetingChange(deps: EmailDeps, meeting: Meeting): Promise<void> {
  const state = await deps.invitations.told(meeting.id);
  if (!state) return;
  const before = toldFrom(state.told);
  const after = toldOf(meeting);
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const invited = await deps.invitations.invited(meeting.id);
  for (const invitation of invited) {
    for (const [kind, occurrence] of changeOf(before, after))
      await scheduleSend(deps, invitation, kind, `${meeting.sequence}`, occurrence);
  }
  // Noted after the sends are queued: a crash in between queues them again, under the same keys.
  await remember(deps, meeting);
  if (invited.length > 0) deps.wakeScheduler();
}

function changeOf(before: Told, after: Told): [MailKind, string?][] {
  if (after.cancelled) return before.cancelled ? [] : [["cancel"]];
  const movedBefore = before.overrides;
  const movedAfter = after.overrides;
  const cancelled = after.exdates.filter((exdate) => !before.exdates.includes(exdate));
  const moved = movedAfter.filter(
    (o) => !movedBefore.some((b) => b.recurrenceId === o.recurrenceId && b.start === o.start),
  );
  const series = (told: Told) => JSON.stringify({ ...told, exdates: [], overrides: [] });
  // A moved date cancelled loses its move and is cancelled at its place in the rule (cancelOccurrence).
  const onlyDates =
    series(before) === series(after) &&
    before.exdates.every((exdate) => after.exdates.includes(exdate)) &&
    movedBefore.every(
      (b) => movedAfter.some((o) => o.recurrenceId === b.recurrenceId) || cancelled.includes(b.recurrenceId),
    );
  if (!onlyDates || cancelled.length + moved.length === 0) return [["update"]];
  return [
    ...cancelled.map((exdate): [MailKind, string] => ["occurrence_cancelled", exdate]),
    ...moved.map((o): [MailKind, string] => ["occurrence_moved", o.recurrenceId]),
  ];
}

async function scheduleSend(
  deps: EmailDeps,
  invitation: EmailInvitation,
  kind: MailKind,
  version: string,
  occurrence?: string,
): Promise<void> {
  const payload: SendPayload = {
    meetingId: invitation.meetingId,
    invitationId: invitation.id,
    kind,
    ...(occurrence ? { occurrence } : {}),
  };
  // The key names ids only: job keys are logged, addresses never are.
  const key = [kind, invitation.id, version, ...(occurrence ? [occurrence] : [])].join(":");
  await deps.jobs.schedule({ kind: SEND_MAIL, key, payload: { ...payload }, dueAt: deps.clock.now() });
}

/** Notes what the addresses now know, and plans their deletion after the meeting's last date. */
async function remember(deps: EmailDeps, meeting: Meeting): Promise<void> {
  const purgeAt = purgeTime(deps, meeting);
  await deps.invitations.setTold(meeting.id, JSON.stringify(toldOf(meeting)), purgeAt);
  if (purgeAt !== null)
    await deps.jobs.schedule({
      kind: PURGE_ADDRESSES,
      key: `${meeting.id}:${purgeAt}`,
      payload: { meetingId: meeting.id },
      dueAt: purgeAt,
    });
}

function purgeTime(deps: EmailDeps, meeting: Meeting): number | null {
  const retention = deps.config.email.retention_days * 86_400_000;
  if (meeting.status === "cancelled") return meeting.updatedAt + retention;
  const end = lastEnd(meeting);
  return end === undefined ? null : end + retention;
}

/** When the meeting's last date ends; undefined for a series without end. */
function lastEnd(meeting: Meeting): number | undefined {
  const start = DateTime.fromISO(meeting.start, { setZone: true });
  if (!meeting.rrule) return start.plus({ minutes: meeting.durationMinutes }).toMillis();
  if (isOpenEnded(meeting.rrule)) return undefined;
  const all = occurrences(meeting, { from: start.toJSDate(), to: start.plus({ years: 100 }).toJSDate() });
  return all.at(-1)?.end.getTime() ?? start.toMillis();
}

/**
 * The invited address's personal guest link to the meeting, valid until its last date ends (a series
 * without end: half a year on) or until the invitation is withdrawn.
 */
async function guestLinkFor(
  deps: EmailDeps,
  meeting: Meeting,
  invitation: EmailInvitation,
): Promise<{ url: string; expiresAt: number }> {
  const now = deps.clock.now();
  const expiresAt = Math.max(lastEnd(meeting) ?? now + 183 * 86_400_000, now + 5 * 60_000);
  const token = signGuestLink(
    {
      meetingId: meeting.id,
      generation: await deps.guestLinks.generation(meeting.id),
      expiresAt,
      invitation: { id: invitation.id, invitedAt: invitation.invitedAt },
    },
    guestLinkKey(deps.config.appservice.hs_token),
  );
  return { url: `${deps.config.http.public_url.replace(/\/$/, "")}/guest/${token}`, expiresAt };
}

async function sendMail(deps: EmailDeps, job: Job): Promise<void> {
  const payload = job.payload as unknown as SendPayload;
  const log = deps.logger.child({ meeting_id: payload.meetingId, invitation_id: payload.invitationId });
  const invitation = await deps.invitations.byId(payload.invitationId);
  // Purged, or uninvited again before this went out.
  if (!invitation) return;
  const withdrawn = invitation.removedAt !== null;
  if (withdrawn !== (payload.kind === "uninvite")) return;
  const meeting = await deps.meetings.get(invitation.meetingId);
  if (!meeting) return;
  const request =
    payload.kind === "invite" || payload.kind === "update" || payload.kind === "occurrence_moved";
  if (request && meeting.status === "cancelled") return;
  // The whole series moved since: its own update carries every date.
  if (payload.kind === "occurrence_moved" && !overrideOf(meeting, payload.occurrence!)) return;
  if (!deps.mailer) {
    log.warn({ kind: payload.kind }, "e-mail is no longer configured; an invitation e-mail was dropped");
    return;
  }
  const { from, reply_to: replyTo } = deps.config.email;
  const policy = request ? await deps.policy.forRoom(meeting.roomId!) : undefined;
  const mail = composeMail({
    kind: payload.kind,
    meeting,
    to: invitation.address,
    locale: deps.config.i18n.locale,
    organizer: { name: meeting.organizer, email: mailboxAddress(replyTo ?? from!) },
    ...(policy?.guest_links ? { guestLink: await guestLinkFor(deps, meeting, invitation) } : {}),
    ...(payload.occurrence ? { occurrence: payload.occurrence } : {}),
    messageId: `<plenum.${job.id}.${meeting.id}@${mailboxAddress(from!).split("@")[1]}>`,
    now: new Date(deps.clock.now()),
  });
  const outcome = await deps.mailer.send(mail);
  if (outcome.sent) log.info({ kind: payload.kind }, "invitation e-mail accepted by the mail server");
  else {
    log.warn(
      { kind: payload.kind, smtp_code: outcome.code },
      "mail server refused an invitation e-mail for good",
    );
    await reportRefusal(deps, meeting, invitation.address, outcome.code, job.id);
  }
  if (withdrawn) await deps.invitations.delete(invitation.id);
}

async function reportRefusal(
  deps: EmailDeps,
  meeting: Meeting,
  address: string,
  code: number,
  jobId: number,
): Promise<void> {
  const room = await directChatWith(deps.gateway, deps.directChats, meeting.organizer);
  const text = translate(deps.config.i18n.locale, "email.refused_notice", {
    title: meeting.title,
    id: meeting.id,
    address,
    code,
  });
  await deps.gateway.sendEvent(
    room,
    "m.room.message",
    { msgtype: "m.notice", body: text },
    `plenum.email-refused.${jobId}`,
  );
}

async function purgeAddresses(deps: EmailDeps, job: Job): Promise<void> {
  const meetingId = String(job.payload.meetingId);
  const state = await deps.invitations.told(meetingId);
  // A later change moved the last date: a later job purges.
  if (!state || state.purgeAt === null || state.purgeAt > deps.clock.now()) return;
  const deleted = await deps.invitations.purge(meetingId);
  deps.logger.info({ meeting_id: meetingId, deleted }, "invited e-mail addresses deleted after retention");
}

export function emailJobHandlers(deps: EmailDeps): Record<string, JobHandler> {
  return {
    [SEND_MAIL]: (job) => sendMail(deps, job),
    [PURGE_ADDRESSES]: (job) => purgeAddresses(deps, job),
  };
}
