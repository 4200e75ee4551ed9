import { formatActor, parseActor } from "../../../core/access/actors.js";
import { UserError } from "../../../core/errors/user-error.js";
import { policyKeys } from "../../../core/policy/keys.js";
import { escapeHtml } from "../../../core/text/html.js";
import { listReply, richLine } from "../rich.js";
import type { CommandSpec } from "../types.js";
import type { AdminCommandDeps } from "./deps.js";
import { policyChangeReply } from "../policy-reply.js";

/** `!admin creators list|add|remove <actor>`: who may schedule meetings. */
export const creators: CommandSpec<AdminCommandDeps> = {
  name: "creators",
  summary: "command.admin.creators",
  group: "admin-rules",
  args: [
    { name: "list|add|remove", description: "arg.admin.creators_action", optional: true },
    { name: "actor", description: "arg.admin.actor", optional: true },
  ],
  permission: "admin",
  handler: async (context, [action = "list", actorText]) => {
    const { deps, origin, t } = context;
    const { policy } = deps.meetings;
    const current = (await policy.current()).creators;
    const verb = action.toLowerCase();
    if (verb === "list") {
      if (actorText !== undefined)
        throw new UserError("error.too_many_arguments", {
          command: "creators list",
          usage: "!admin creators list",
        });
      const items = current.map((a) => ({
        text: `${formatActor(a)} (${t(`admin.actor.${a.kind}`)})`,
        html: `<code>${escapeHtml(formatActor(a))}</code> (${escapeHtml(t(`admin.actor.${a.kind}`))})`,
      }));
      return listReply(richLine(origin.locale, "admin.creators_title"), [{ items }]);
    }
    if (verb !== "add" && verb !== "remove")
      throw new UserError("admin.unknown_creators_action", { action: action.slice(0, 40) });
    if (actorText === undefined)
      throw new UserError("error.missing_argument", {
        command: `creators ${verb}`,
        argument: "<actor>",
        usage: `!admin creators ${verb} <actor>`,
      });
    const actor = formatActor(parseActor(actorText));
    const listed = current.map(formatActor);
    if (verb === "add" && listed.includes(actor)) throw new UserError("admin.creator_present", { actor });
    if (verb === "remove" && !listed.includes(actor)) throw new UserError("admin.creator_absent", { actor });
    const next = verb === "add" ? [...listed, actor] : listed.filter((a) => a !== actor);
    const text = policyKeys.creators.format(next.map(parseActor));
    return policyChangeReply(context, await policy.set("creators", text, origin.sender));
  },
};
