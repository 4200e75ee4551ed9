import { renderHelp } from "./help.js";
import type { CommandTable } from "./types.js";

/** The `!meet` commands staff type in their rooms. */
export const meetTable: CommandTable<unknown> = {
  prefix: "!meet",
  example: "!meet help",
  commands: [
    {
      name: "help",
      summary: "command.meet.help",
      args: [{ name: "command", description: "command.meet.help.arg.command", optional: true }],
      permission: "anyone",
      handler: async (context, [topic]) => renderHelp(meetTable as CommandTable<never>, context, topic),
    },
  ],
};
