/**
 * Who may see a meeting, change it, enter its call, schedule, administer, or change a room's widgets:
 * every such decision Plenum makes, for the chat commands, the widget API and the call-token endpoints
 * alike. Pure: the caller reads the facts (membership and power from Plenum's copy of the room state,
 * the policy's verdict) and passes them in; nothing here reads a database or the homeserver, so the
 * rules are tested as a table of cases (test/unit/authorization.test.ts).
 */

import { MODERATOR_POWER } from "../matrix/power-levels.js";

/** Power level in the admin room from which a member may give admin commands. */
export const ADMIN_ROOM_POWER = MODERATOR_POWER;

/** A user's membership in a room as Plenum's copy of its state has it; undefined when it has none. */
export type Membership = string | undefined;

/** What a rule about one meeting needs to know about one user. */
export interface MeetingFacts {
  userId: string;
  organizer: string;
  /** Everyone invited to the meeting, the organizer included. */
  participants: readonly string[];
  /** Membership in the meeting room. */
  membership: Membership;
  /** Membership in the room the meeting was planned from. */
  originMembership: Membership;
  /** Power level in the meeting room. */
  power: number;
  /** Named in `access.admins`. */
  isAdmin: boolean;
  /** The policy (the meeting room's, where it has its own) does not allow the user in the meeting room. */
  excluded: boolean;
}

/**
 * Who may see a meeting's details (organizer, room, participants, dial-in PIN): admins; otherwise
 * nobody the policy excludes or the meeting room has banned; the organizer and the participants; and
 * the joined members of the meeting room and of the room it was planned from.
 */
export function mayViewMeeting(facts: MeetingFacts): boolean {
  if (facts.isAdmin) return true;
  if (facts.excluded || facts.membership === "ban") return false;
  return (
    facts.userId === facts.organizer ||
    facts.participants.includes(facts.userId) ||
    facts.membership === "join" ||
    facts.originMembership === "join"
  );
}

/**
 * Who may change a meeting (move, edit, cancel, invite, guest links, attendance, speaker list, breakouts,
 * the room's own policy): admins; otherwise nobody the policy excludes or the meeting room has banned;
 * the organizer; and moderators of the meeting room who are joined members of it now. A moderator who
 * left or was removed keeps a power level in the room's state but no say over the meeting.
 */
export function mayEditMeeting(facts: MeetingFacts): boolean {
  if (facts.isAdmin) return true;
  if (facts.excluded || facts.membership === "ban") return false;
  if (facts.userId === facts.organizer) return true;
  return facts.membership === "join" && facts.power >= MODERATOR_POWER;
}

/** Who may list a room's meetings and members and plan a meeting from it: its joined members. */
export function mayPlanInRoom(membership: Membership): boolean {
  return membership === "join";
}

/**
 * Whose members a requester may invite by naming a room (`with !room`, `participants: ["!room"]`):
 * only rooms the requester is joined to, so nobody learns or invites the members of a room they are not in.
 */
export function mayInviteMembersOf(requesterMembership: Membership): boolean {
  return requesterMembership === "join";
}

/** What the creators rule needs. */
export interface CreatorFacts {
  /** The `creators` policy names the user (directly, by glob, server, or a room they are joined to). */
  namedByCreators: boolean;
  /** The `blocked` policy names the user. */
  blocked: boolean;
}

/** Who may schedule meetings: those the creators policy names, unless the policy blocks them. */
export function maySchedule(facts: CreatorFacts): boolean {
  return facts.namedByCreators && !facts.blocked;
}

/** What the service rule needs about the user a service acts as. */
export interface ServiceFacts {
  /** The service's `act_for` names the user (directly, by glob, server, or a room they are joined to). */
  namedByActFor: boolean;
}

/**
 * Whom a service (groupware calling the service API) may act as: the users its `act_for` names. It
 * may then do only what that user may do (maySchedule, mayEditMeeting), never more.
 */
export function mayServiceActAs(facts: ServiceFacts): boolean {
  return facts.namedByActFor;
}

/** What the admin rule needs about a sender and the room a command was typed in. */
export interface AdminFacts {
  /** The room is the configured admin room. */
  inAdminRoom: boolean;
  /** Membership in that room. */
  membership: Membership;
  /** Power level in that room. */
  power: number;
  /** Named in `access.admins`. */
  isAdmin: boolean;
  /** The room's only members, joined or invited, are the sender and the bot. */
  directChatWithBot: boolean;
}

/**
 * Where admin commands are accepted: in the admin room from its joined members with power level 50 or
 * more there, and from configured admins in their direct chat with the bot.
 */
export function mayAdminister(facts: AdminFacts): boolean {
  if (facts.inAdminRoom) return facts.membership === "join" && facts.power >= ADMIN_ROOM_POWER;
  return facts.isAdmin && facts.directChatWithBot;
}

/** What the widget rule needs about a sender in the room whose widgets would change. */
export interface WidgetFacts {
  /** The sender's power level in the room. */
  power: number;
  /** The levels the room's power levels require for the state events the bot would write. */
  required: readonly number[];
}

/**
 * Who may have the bot add a widget to a room (`!meet now`, `!meet widget`): whoever could send that
 * widget state themselves. The bot usually has more power than the sender; it must not lend it.
 */
export function mayChangeWidgets(facts: WidgetFacts): boolean {
  return facts.required.every((level) => facts.power >= level);
}

/**
 * Who may set a room's own settings through the bot (`!meet roomlang`): whoever could rename the room
 * themselves, a moderator by Element's defaults. Like widgets, the bot must not lend its power.
 */
export function mayChangeRoomSettings(facts: WidgetFacts): boolean {
  return mayChangeWidgets(facts);
}

/** What the call rule needs about one user in the room whose call they ask to enter. */
export interface CallFacts {
  membership: Membership;
  /** The policy in force for the room does not allow the user in it. */
  excluded: boolean;
  /** Power level in the room. */
  power: number;
  /** The policy's `moderator_power`. */
  moderatorPower: number;
  /**
   * Set when the room is the audience room of a public session and visitors are on: whether the
   * session is public and its meeting scheduled or live.
   */
  audience?: { open: boolean };
}

export type CallRefusal = "not_a_member" | "policy" | "session_over";

export type CallEntry =
  | { ok: true; role: "participant"; moderator: boolean }
  | { ok: true; role: "visitor" }
  | { ok: false; reason: CallRefusal };

/**
 * Who may enter a room's call, and as what: joined members the policy allows. In a public session's
 * audience room they are visitors (never moderators) while the session is open; elsewhere participants,
 * moderators from the policy's `moderator_power`. Not being a member and an unknown room are the same
 * refusal, so outsiders learn nothing.
 */
export function callEntry(facts: CallFacts): CallEntry {
  if (facts.membership !== "join") return { ok: false, reason: "not_a_member" };
  // A member the enforcement has not removed yet (or cannot: more power than the bot) still gets no call.
  if (facts.excluded) return { ok: false, reason: "policy" };
  if (facts.audience)
    return facts.audience.open ? { ok: true, role: "visitor" } : { ok: false, reason: "session_over" };
  return { ok: true, role: "participant", moderator: facts.power >= facts.moderatorPower };
}

/**
 * Who may moderate a council call (the podium, whisper groups; `!meet podium`, `!meet whisper-group`,
 * `POST …/council/podium`): joined members of the room who may change its settings
 * (`mayChangeRoomSettings`). Chat commands reach it as the `room-moderator` permission, whose sender is
 * joined by having typed there; the widget API passes the membership it read.
 */
export function mayModerateCall(facts: { membership: Membership; settings: WidgetFacts }): boolean {
  return facts.membership === "join" && mayChangeRoomSettings(facts.settings);
}

/**
 * Who may speak in and hear a whisper group's conference: its members, while they may be in the
 * meeting room's call as participants (a visitor or someone kicked a second ago may not).
 */
export function mayWhisperIn(facts: {
  entry: CallEntry;
  userId: string;
  members: readonly string[];
}): boolean {
  return facts.entry.ok && facts.entry.role === "participant" && facts.members.includes(facts.userId);
}

/** Where a room sits among a meeting's breakouts, and who asks, for `listenTargets`. */
export interface ListenFacts {
  /** The caller's entry into the call of the room they listen from. */
  entry: CallEntry;
  /** The caller may moderate that room's call (`mayModerateCall`). */
  moderator: boolean;
  /** Set when that room is an open breakout: its meeting's main room. */
  mainRoomId?: string;
  /** When that room is a meeting room: its open breakout rooms. */
  breakoutRoomIds: readonly string[];
}

/**
 * Whose conference a participant may listen to, without a microphone, from a room's call: from a
 * breakout, its main room; from a main room, its moderators each of its open breakouts; nobody else
 * anything. A listener's token is never a moderator's.
 */
export function listenTargets(facts: ListenFacts): string[] {
  if (!facts.entry.ok || facts.entry.role !== "participant") return [];
  if (facts.mainRoomId !== undefined) return [facts.mainRoomId];
  return facts.moderator ? [...facts.breakoutRoomIds] : [];
}
