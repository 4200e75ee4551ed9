import type { PolicyChange } from "../../core/policy/policy.js";
import type { CommandContext, Reply } from "./types.js";

/** The answer to a policy change, for admins and meeting-room editors alike: the diff, or "unchanged". */
export function policyChangeReply({ t }: CommandContext<unknown>, change: PolicyChange): Reply {
  if (change.before === change.after)
    return { text: t("policy.unchanged", { key: change.key, value: change.after }) };
  return { text: t("policy.changed", { ...change }) };
}
