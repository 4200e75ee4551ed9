import { UserError } from "../../../core/errors/user-error.js";
import { translate } from "../../../core/i18n/translate.js";
import { MatrixRequestError } from "../../../core/matrix/errors.js";
import { formatMeetingTime } from "../../../core/meetings/format.js";
import { meetingCallWidget } from "../../../core/meetings/call-widget.js";
import { widgetIdFor } from "../../../core/meetings/jitsi-widget.js";
import { closeRoom, isLocked, lockRoom, unlockRoom } from "../../../core/meetings/lifecycle.js";
import { normalizeMeetingId } from "../../../core/meetings/meeting-id.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { WIDGET_STATE } from "../../../core/meetings/room-state.js";
import type { CommandContext, CommandSpec, Reply } from "../types.js";
import { auditAdminAction, type AdminCommandDeps } from "./deps.js";

/** A meeting with its room (a meeting has none only while that room is being made). */
type MeetingInRoom = Meeting & { roomId: string };

/** A meeting id, the meeting room's id, or one of its aliases. */
async function meetingFor(deps: AdminCommandDeps, reference: string): Promise<MeetingInRoom> {
  const { meetings, gateway } = deps.meetings;
  const shown = reference.slice(0, 80);
  let roomId: string | undefined;
  if (reference.startsWith("!")) roomId = reference;
  else if (reference.startsWith("#")) {
    try {
      roomId = await gateway.resolveAlias(reference);
    } catch (error) {
      if (error instanceof MatrixRequestError && (error.status === 404 || error.status === 400))
        throw new UserError("admin.unknown_alias", { alias: shown });
      throw error;
    }
  } else {
    const id = normalizeMeetingId(reference);
    const meeting = id ? await meetings.get(id) : undefined;
    if (!meeting?.roomId) throw new UserError("meeting.not_found", { id: shown });
    return meeting as MeetingInRoom;
  }
  const meeting = await meetings.byRoomId(roomId);
  if (!meeting?.roomId) throw new UserError("admin.not_a_meeting_room", { room: shown });
  return meeting as MeetingInRoom;
}

type Action = (context: CommandContext<AdminCommandDeps>, meeting: MeetingInRoom) => Promise<Reply>;

async function info(
  { deps, t, origin }: CommandContext<AdminCommandDeps>,
  meeting: MeetingInRoom,
): Promise<Reply> {
  const { roomState, policy } = deps.meetings;
  const joined = await roomState.members(meeting.roomId, ["join"]);
  const joinRule = (await roomState.get(meeting.roomId, "m.room.join_rules", ""))?.join_rule;
  const overrides = await policy.roomSettings(meeting.roomId);
  const lines = [
    t("admin.room_info", {
      title: meeting.title,
      id: meeting.id,
      room: meeting.roomId,
      when: formatMeetingTime(meeting, origin.locale),
      status: t(`meeting.status.${meeting.status}`),
      organizer: meeting.organizer,
      invited: meeting.participants.length,
      joined: joined.length,
      join_rule: String(joinRule ?? "?"),
      locked: t((await isLocked(deps.meetings, meeting.roomId)) ? "admin.yes" : "admin.no"),
    }),
    ...Object.entries(overrides).map(([key, value]) => t("admin.room_override", { key, value })),
  ];
  return { text: lines.join("\n") };
}

function changing(
  action: "lock" | "unlock" | "close" | "restore_widget",
  change: (context: CommandContext<AdminCommandDeps>, meeting: MeetingInRoom) => Promise<string[] | void>,
): Action {
  return async (context, meeting) => {
    const remaining = await change(context, meeting);
    const lines = [context.t(`admin.room_${action}`, { title: meeting.title, id: meeting.id })];
    if (remaining && remaining.length > 0)
      lines.push(context.t("admin.room_close_remaining", { users: remaining.join(", ") }));
    const text = lines.join("\n");
    await auditAdminAction(context.deps, {
      actor: context.origin.sender,
      action: `room_${action}`,
      roomId: meeting.roomId,
      target: meeting.id,
      reason: text,
    });
    return { text };
  };
}

const ACTIONS: Record<string, Action> = {
  info,
  lock: changing("lock", ({ deps }, { roomId }) => lockRoom(deps.meetings, roomId)),
  unlock: changing("unlock", ({ deps }, { roomId }) => unlockRoom(deps.meetings, roomId)),
  close: changing("close", ({ deps, origin }, { roomId }) =>
    // The kick reason is read by the room's members, so it is in the room's language.
    closeRoom(
      deps.meetings,
      roomId,
      translate(deps.meetings.config.i18n.locale, "admin.close_reason", { user: origin.sender }),
    ),
  ),
  "restore-widget": changing("restore_widget", async ({ deps }, meeting) => {
    const { gateway } = deps.meetings;
    await gateway.sendState(
      meeting.roomId,
      WIDGET_STATE,
      widgetIdFor(meeting.id),
      meetingCallWidget(deps.meetings.config, meeting, gateway.botUserId),
    );
  }),
};

/** `!admin room <meeting id | room id | alias> info|lock|unlock|close|restore-widget`. */
export const room: CommandSpec<AdminCommandDeps> = {
  name: "room",
  summary: "command.admin.room",
  group: "admin-rooms",
  args: [
    { name: "meeting|room", description: "arg.admin.room" },
    { name: "info|lock|unlock|close|restore-widget", description: "arg.admin.room_action" },
  ],
  permission: "admin",
  handler: async (context, [reference, actionText]) => {
    const name = actionText!.toLowerCase();
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) throw new UserError("admin.unknown_room_action", { action: actionText!.slice(0, 40) });
    const meeting = await meetingFor(context.deps, reference!);
    return action(context, meeting);
  },
};
