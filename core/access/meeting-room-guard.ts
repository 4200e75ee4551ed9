import { translate } from "../i18n/translate.js";
import type { MeetingDeps } from "../meetings/deps.js";
import { meetingCallWidget } from "../meetings/call-widget.js";
import { widgetIdFor } from "../meetings/jitsi-widget.js";
import { postNotice } from "../meetings/room-updates.js";
import { WIDGET_STATE } from "../meetings/room-state.js";
import type { AuditRepository } from "../storage/audit.js";

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

/** Join rules that let people in without an invite or room membership elsewhere. */
const OPEN_JOIN_RULES = ["public", "knock", "knock_restricted"];

/**
 * Keeps a meeting room as Plenum made it: no public or knock join rule, no guest access, and the call
 * widget present while the meeting is scheduled or live. Each repair is announced in the room and
 * audited. Returns whether something was restored.
 */
export async function guardMeetingRoom(
  deps: { meetings: MeetingDeps; audit: AuditRepository },
  change: StateChange,
): Promise<boolean> {
  const { gateway, config, clock } = deps.meetings;
  const meeting = await deps.meetings.meetings.byRoomId(change.roomId);
  if (!meeting || change.sender === gateway.botUserId) return false;
  const locale = config.i18n.locale;
  let restore: { content: Record<string, unknown>; action: string; notice: string } | undefined;

  const rule = String(change.content.join_rule);
  // An event redelivered after downtime may be long superseded: judge the rule in force now.
  const ruleNow = (await deps.meetings.roomState.get(change.roomId, "m.room.join_rules", ""))?.join_rule;
  if (
    change.type === "m.room.join_rules" &&
    ruleNow === rule &&
    OPEN_JOIN_RULES.includes(rule) &&
    !(await deps.meetings.policy.forRoom(change.roomId)).open_join_rules.some((allowed) => allowed === rule)
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
  } else if (
    change.type === WIDGET_STATE &&
    change.stateKey === widgetIdFor(meeting.id) &&
    change.content.type !== meetingCallWidget(config, meeting, gateway.botUserId).type &&
    (meeting.status === "scheduled" || meeting.status === "live")
  ) {
    restore = {
      content: meetingCallWidget(config, meeting, gateway.botUserId),
      action: "restore_widget",
      notice: translate(locale, "guard.widget_restored", { user: change.sender }),
    };
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
