import { UserError } from "../../../core/errors/user-error.js";
import { POLICY_KEYS, policyKeys, type PolicyKeySpec } from "../../../core/policy/keys.js";
import type { PolicyChange } from "../../../core/policy/policy.js";
import { addPlannerWidgetEverywhere } from "../../../core/widgets/planner-placement.js";
import { policyChangeReply } from "../policy-reply.js";
import type { CommandContext, CommandSpec, Reply } from "../types.js";
import type { AdminCommandDeps } from "./deps.js";

async function show({ deps, t }: CommandContext<AdminCommandDeps>): Promise<Reply> {
  const policy = await deps.meetings.policy.current();
  const lines = POLICY_KEYS.map((key) => {
    const spec = policyKeys[key] as PolicyKeySpec<unknown>;
    return t("policy.show_item", { key, value: spec.format(policy[key]), doc: t(spec.doc) });
  });
  return { text: [t("policy.show_title"), ...lines].join("\n") };
}

/** Keys that decide whose invites the bot accepts. */
const INVITER_KEYS: readonly string[] = ["allowed_servers", "partner_servers", "blocked"];

/**
 * Switching `planner_widget` on places the planner in every room at once, not only in rooms joined
 * later; a change of whose invites count leaves the rooms of inviters it now refuses.
 */
async function withEffects(context: CommandContext<AdminCommandDeps>, change: PolicyChange): Promise<Reply> {
  const reply = policyChangeReply(context, change);
  if (change.before === change.after) return reply;
  if (INVITER_KEYS.includes(change.key)) {
    const left = await context.deps.invites.leaveRoomsOfRefusedInviters();
    return left === 0 ? reply : { text: `${reply.text}\n${context.t("policy.rooms_left", { left })}` };
  }
  if (change.key !== "planner_widget" || change.after !== "on") return reply;
  const placed = await addPlannerWidgetEverywhere(context.deps.meetings);
  return { text: `${reply.text}\n${context.t("policy.planner_widget_placed", placed)}` };
}

/** `!admin policy [show | set <key> <value> | reset <key>]`: every change is audited and answered with a diff. */
export const policy: CommandSpec<AdminCommandDeps> = {
  name: "policy",
  summary: "command.admin.policy",
  group: "admin-rules",
  args: [
    { name: "show|set|reset", description: "arg.admin.policy_action", optional: true },
    { name: "key", description: "arg.admin.policy_key", optional: true },
    { name: "value", description: "arg.admin.policy_value", optional: true, rest: true },
  ],
  permission: "admin",
  handler: async (context, [action = "show", key, ...value]) => {
    const { origin, deps } = context;
    switch (action.toLowerCase()) {
      case "show":
        if (key !== undefined)
          throw new UserError("error.too_many_arguments", {
            command: "policy show",
            usage: "!admin policy show",
          });
        return show(context);
      case "set":
        if (key === undefined || value.length === 0)
          throw new UserError("error.missing_argument", {
            command: "policy set",
            argument: key === undefined ? "<key>" : "<value>",
            usage: "!admin policy set <key> <value>",
          });
        return withEffects(context, await deps.meetings.policy.set(key, value.join(" "), origin.sender));
      case "reset":
        if (key === undefined || value.length > 0)
          throw new UserError(key === undefined ? "error.missing_argument" : "error.too_many_arguments", {
            command: "policy reset",
            argument: "<key>",
            usage: "!admin policy reset <key>",
          });
        return withEffects(context, await deps.meetings.policy.reset(key, origin.sender));
      default:
        throw new UserError("admin.unknown_policy_action", { action: action.slice(0, 40) });
    }
  },
};
