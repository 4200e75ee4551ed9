import { isDeepStrictEqual } from "node:util";
import { PODIUM_STATE, podiumStateContent } from "../council/podium.js";
import { translate } from "../i18n/translate.js";
import type { ConfigSlice } from "../config/slice.js";
import type { BotIdentity, MessageSender, RoomStateWriter } from "../matrix/capabilities.js";
import type { MeetingDeps } from "../meetings/deps.js";
import { meetingCallWidget, type CallWidgetConfig } from "../meetings/call-widget.js";
import { widgetIdFor, type JitsiWidgetContent } from "../meetings/jitsi-widget.js";
import { postNotice } from "../meetings/room-updates.js";
import { WIDGET_STATE } from "../meetings/room-state.js";
import type { AuditRepository } from "../storage/audit.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { meetingOfRoom } from "./member-guard.js";

export interface StateChange {
  eventId: string;
  roomId: string;
  sender: string;
  type: string;
  stateKey: string;
  content: Record<string, unknown>;
  /** The state this event replaced, as the homeserver reports it (`unsigned.prev_content`). */
  previous?: Record<string, unknown>;
}

/**
 * Whether widget content leads where the meeting's own call widget does: same kind of widget, same
 * URL, the same Jitsi server, conference and authentication. Its name and layout may differ.
 */
function leadsTo(content: Record<string, unknown>, own: JitsiWidgetContent): boolean {
  const data = (typeof content.data === "object" && content.data !== null ? content.data : {}) as Record<
    string,
    unknown
  >;
  return (
    content.type === own.type &&
    content.url === own.url &&
    data.domain === own.data.domain &&
    data.conferenceId === own.data.conferenceId &&
    data.auth === own.data.auth
  );
}

/**
 * Whether the change is the one in force now, as Plenum's copy of the room state holds it. An event
 * redelivered after downtime may be long superseded, perhaps by a later change to the same rule: that
 * later event is judged when it arrives, and only it says which rule to restore and whom to name.
 */
async function inForce(roomState: Pick<RoomStateRepository, "held">, change: StateChange): Promise<boolean> {
  return (await roomState.held(change.roomId, change.type, change.stateKey))?.eventId === change.eventId;
}

/** Join rules that let people in without an invite or room membership elsewhere. */
const OPEN_JOIN_RULES = ["public", "knock", "knock_restricted"];

export interface MeetingRoomGuardDeps {
  meetings: Pick<
    MeetingDeps,
    "clock" | "logger" | "policy" | "roomState" | "council" | "meetings" | "breakouts"
  > & {
    config: CallWidgetConfig & ConfigSlice<{ i18n: "locale" }>;
    /** Restores state and tells the room. */
    gateway: BotIdentity & RoomStateWriter & MessageSender;
  };
  audit: Pick<AuditRepository, "record">;
}

/**
 * Keeps a meeting room as Plenum made it: no public or knock join rule, no guest access, the podium
 * state (`org.plenum.podium`) as Plenum stored it, and while the meeting is scheduled or live its call
 * widget present and leading to its own conference, and no other Jitsi widget. Each repair is announced in the room and
 * audited. Returns whether something was restored.
 *
 * A breakout room gets the same join rule and guest access rules, judged by the meeting room's policy
 * (the access rules follow the meeting into its breakouts); its call widget is its own and not restored.
 */
export async function guardMeetingRoom(deps: MeetingRoomGuardDeps, change: StateChange): Promise<boolean> {
  const { gateway, config, clock } = deps.meetings;
  if (change.sender === gateway.botUserId) return false;
  const meeting = await meetingOfRoom(deps.meetings, change.roomId);
  if (!meeting?.roomId) return false;
  const locale = config.i18n.locale;
  let restore: { content: Record<string, unknown>; action: string; notice: string } | undefined;

  const rule = String(change.content.join_rule);
  if (
    change.type === "m.room.join_rules" &&
    OPEN_JOIN_RULES.includes(rule) &&
    (await inForce(deps.meetings.roomState, change)) &&
    !(await deps.meetings.policy.forRoom(meeting.roomId)).open_join_rules.some((allowed) => allowed === rule)
  ) {
    const previous = change.previous?.join_rule;
    const content =
      previous === "invite" || previous === "restricted" ? change.previous! : { join_rule: "invite" };
    restore = {
      content,
      action: "restore_join_rule",
      notice: translate(locale, "guard.join_rule_restored", { user: change.sender, rule }),
    };
  } else if (change.type === "m.room.guest_access" && change.content.guest_access === "can_join") {
    restore = {
      content: { guest_access: "forbidden" },
      action: "restore_guest_access",
      notice: translate(locale, "guard.guest_access_restored", { user: change.sender }),
    };
  } else if (change.type === PODIUM_STATE && change.stateKey === "" && change.roomId === meeting.roomId) {
    // The database decides the podium; a state event written by hand would show clients another one.
    const own = podiumStateContent(await deps.meetings.council.podium(meeting.roomId));
    const now = await deps.meetings.roomState.get(change.roomId, PODIUM_STATE, "");
    if (!isDeepStrictEqual(now, own))
      restore = {
        content: own,
        action: "restore_podium",
        notice: translate(locale, "guard.podium_restored", { user: change.sender }),
      };
  } else if (
    change.type === WIDGET_STATE &&
    change.roomId === meeting.roomId &&
    (meeting.status === "scheduled" || meeting.status === "live")
  ) {
    const own = meetingCallWidget(config, meeting, gateway.botUserId);
    if (change.stateKey === widgetIdFor(meeting.id) && !leadsTo(change.content, own)) {
      restore = {
        content: own,
        action: "restore_widget",
        notice: translate(
          locale,
          change.content.type === undefined ? "guard.widget_restored" : "guard.widget_redirected",
          { user: change.sender },
        ),
      };
    } else if (change.content.type === "jitsi" && !leadsTo(change.content, own)) {
      // Another Jitsi widget would lead members into a call without the meeting's tokens and lobby.
      restore = {
        content: {},
        action: "remove_foreign_call_widget",
        notice: translate(locale, "guard.foreign_call_widget_removed", { user: change.sender }),
      };
    }
  }
  if (!restore) return false;

  await gateway.sendState(change.roomId, change.type, change.stateKey, restore.content);
  await postNotice(deps.meetings, change.roomId, restore.notice, `plenum.guard.${change.eventId}`);
  await deps.audit.record({
    at: clock.now(),
    actor: gateway.botUserId,
    action: restore.action,
    roomId: change.roomId,
    target: change.sender,
    reason: restore.notice,
  });
  deps.meetings.logger.info(
    { room_id: change.roomId, event_id: change.eventId, action: restore.action },
    "meeting room state restored",
  );
  return true;
}
