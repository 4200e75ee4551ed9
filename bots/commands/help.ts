import {
  COMMAND_GROUPS,
  type ArgSpec,
  type CommandContext,
  type CommandGroup,
  type CommandSpec,
  type CommandTable,
  type Reply,
  type RoomPermission,
} from "./types.js";
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

interface HelpLine {
  usage: string;
  summary: string;
  args: string[];
}

const lineText = (l: HelpLine) => [`${l.usage} — ${l.summary}`, ...l.args.map((a) => `    ${a}`)];

const lineHtml = (l: HelpLine) =>
  `<li><code>${escapeHtml(l.usage)}</code> — ${escapeHtml(l.summary)}` +
  (l.args.length ? `<ul>${l.args.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>` : "") +
  "</li>";

/**
 * The help text, generated from the command table so it cannot disagree with what the parser accepts:
 * the commands under the headings of their groups, in the order of COMMAND_GROUPS.
 */
export function renderHelp(
  table: CommandTable<never>,
  context: CommandContext<unknown>,
  topic?: string,
): Reply {
  const { t } = context;
  const commands = topic ? table.commands.filter((c) => c.name === topic.toLowerCase()) : table.commands;
  if (commands.length === 0)
    throw new UserError("error.unknown_help_topic", { name: topic ?? "", prefix: table.prefix });
  const line = (command: CommandSpec<never>): HelpLine => ({
    usage: usage(table.prefix, command),
    summary: t(command.summary),
    args: topic ? command.args.map((arg) => `${arg.name}: ${t(arg.description)}`) : [],
  });
  const sections = COMMAND_GROUPS.map((group) => ({
    heading: t(`help.group.${group}`),
    lines: commands.filter((c) => c.group === group).map(line),
  })).filter((section) => section.lines.length > 0);
  const title = t("help.title", { prefix: table.prefix });
  const footer = topic ? t("help.usage") : t("help.more", { prefix: table.prefix });
  const text = [
    title,
    ...sections.flatMap((section) => ["", section.heading, ...section.lines.flatMap(lineText)]),
    "",
    footer,
  ].join("\n");
  const html = [
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    ...sections.map(
      (section) => `<h4>${escapeHtml(section.heading)}</h4><ul>${section.lines.map(lineHtml).join("")}</ul>`,
    ),
    `<p>${escapeHtml(footer)}</p>`,
  ].join("");
  return { text, html };
}

/** The `help` entry of a table; `table` is a thunk because the table contains this entry. */
export function helpCommand<Deps>(
  table: () => CommandTable<Deps>,
  summary: MessageKey,
  permission: RoomPermission,
  group: CommandGroup,
): CommandSpec<Deps> {
  return {
    name: "help",
    summary,
    group,
    args: [{ name: "command", description: "command.meet.help.arg.command", optional: true }],
    permission,
    handler: async (context, [topic]) => renderHelp(table() as CommandTable<never>, context, topic),
  };
}
