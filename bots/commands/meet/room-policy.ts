import { UserError } from "../../../core/errors/user-error.js";
import { ROOM_POLICY_KEYS } from "../../../core/policy/policy.js";
import { policyChangeReply } from "../policy-reply.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/**
 * `!meet policy [<id>] [show | set <key> <value> | reset <key>]`: a meeting room's own settings,
 * which may only narrow the global policy (or allow one of its partner servers).
 */
export const roomPolicy: CommandSpec<MeetCommandDeps> = {
  name: "policy",
  summary: "command.meet.policy",
  group: "settings",
  args: [
    { name: "id", description: "arg.meeting_id", optional: true },
    { name: "show|set|reset", description: "arg.admin.policy_action", optional: true },
    { name: "key", description: "arg.meet.room_policy_key", optional: true },
    { name: "value", description: "arg.admin.policy_value", optional: true, rest: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [action = "show", key, ...value]) => {
    const { deps, origin, t } = context;
    const { policy } = deps.meetings;
    const roomId = context.meeting.roomId!;
    switch (action.toLowerCase()) {
      case "show": {
        const own = await policy.roomSettings(roomId);
        const effective = await policy.forRoom(roomId);
        const lines = ROOM_POLICY_KEYS.map((k) =>
          t("policy.room_show_item", {
            key: k,
            value: Array.isArray(effective[k]) ? effective[k].join(", ") : String(effective[k]),
            own: own[k] ?? "-",
          }),
        );
        return {
          text: [t("policy.room_show_title", { title: context.meeting.title }), ...lines].join("\n"),
        };
      }
      case "set":
        if (key === undefined || value.length === 0)
          throw new UserError("error.missing_argument", {
            command: "policy set",
            argument: key === undefined ? "<key>" : "<value>",
            usage: "!meet policy set <key> <value>",
          });
        return policyChangeReply(
          context,
          await policy.setForRoom(roomId, key, value.join(" "), origin.sender),
        );
      case "reset":
        if (key === undefined)
          throw new UserError("error.missing_argument", {
            command: "policy reset",
            argument: "<key>",
            usage: "!meet policy reset <key>",
          });
        return policyChangeReply(context, await policy.resetForRoom(roomId, key, origin.sender));
      default:
        throw new UserError("admin.unknown_policy_action", { action: action.slice(0, 40) });
    }
  },
};
