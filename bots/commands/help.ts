import type { ArgSpec, CommandContext, CommandSpec, CommandTable, Reply, RoomPermission } from "./types.js";
import type { MessageKey } from "../../core/i18n/translate.js";
import { UserError } from "../../core/errors/user-error.js";
import { escapeHtml } from "../../core/text/html.js";

export function usage(prefix: string, command: { name: string; args: ArgSpec[] }): string {
  const args = command.args.map((arg) => {
    const name = arg.rest ? `${arg.name}...` : arg.name;
    return arg.optional ? `[${name}]` : `<${name}>`;
  });
  return [prefix, command.name, ...args].join(" ");
}

/** The help text, generated from the command table so it cannot disagree with what the parser accepts. */
export function renderHelp(
  table: CommandTable<never>,
  context: CommandContext<unknown>,
  topic?: string,
): Reply {
  const { t } = context;
  const commands = topic ? table.commands.filter((c) => c.name === topic.toLowerCase()) : table.commands;
  if (commands.length === 0)
    throw new UserError("error.unknown_help_topic", { name: topic ?? "", prefix: table.prefix });
  const lines = commands.map((command) => ({
    usage: usage(table.prefix, command),
    summary: t(command.summary),
    args: topic ? command.args.map((arg) => `${arg.name}: ${t(arg.description)}`) : [],
  }));
  const title = t("help.title", { prefix: table.prefix });
  const footer = topic ? t("help.usage") : t("help.more", { prefix: table.prefix });
  const text = [
    title,
    ...lines.flatMap((l) => [`${l.usage} — ${l.summary}`, ...l.args.map((a) => `    ${a}`)]),
    "",
    footer,
  ].join("\n");
  const html = [
    `<p><strong>${escapeHtml(title)}</strong></p><ul>`,
    ...lines.map(
      (l) =>
        `<li><code>${escapeHtml(l.usage)}</code> — ${escapeHtml(l.summary)}` +
        (l.args.length ? `<ul>${l.args.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>` : "") +
        "</li>",
    ),
    `</ul><p>${escapeHtml(footer)}</p>`,
  ].join("");
  return { text, html };
}

/** The `help` entry of a table; `table` is a thunk because the table contains this entry. */
export function helpCommand<Deps>(
  table: () => CommandTable<Deps>,
  summary: MessageKey,
  permission: RoomPermission,
): CommandSpec<Deps> {
  return {
    name: "help",
    summary,
    args: [{ name: "command", description: "command.meet.help.arg.command", optional: true }],
    permission,
    handler: async (context, [topic]) => renderHelp(table() as CommandTable<never>, context, topic),
  };
}
