/** English catalogue. Every user-facing string lives here and in de.ts under the same key. */
export const en = {
  "help.title": "Plenum: {prefix} commands",
  "help.usage":
    "Type a command in this room. Arguments in <angle brackets> are required, in [square brackets] optional.",
  "help.more": "Help for one command: {prefix} help <command>",
  "command.meet.help": "Show the commands you can use, or the details of one command.",
  "command.meet.help.arg.command": "a command name",
  "error.unknown_command": "There is no command “{name}”. Type {prefix} help for the list.",
  "error.unknown_help_topic": "There is no command “{name}” to explain. Type {prefix} help for the list.",
  "error.unterminated_quote": "A quotation mark is not closed. Example: {example}",
  "error.control_characters": "The command contains control characters; please type it again as plain text.",
  "error.too_many_arguments": "“{command}” takes no more than what is shown here: {usage}",
  "error.missing_argument": "“{command}” needs {argument}. Usage: {usage}",
  "error.permission_denied": "You are not allowed to use “{command}” here.",
  "error.internal":
    "Something went wrong inside Plenum, and nothing was changed. Please try again later; if it happens again, tell your administrators (reference {reference}).",
} as const;

export type MessageKey = keyof typeof en;
