import type { Locale, MessageKey, MessageParams } from "../../core/i18n/translate.js";

import type { Meeting } from "../../core/meetings/model.js";

/**
 * "meeting-editor": the organizer, moderators of the meeting room, and admins. "admin": members with
 * power level 50 of the admin room, in that room, or configured admins in a direct chat with the bot.
 */
export type Permission = "anyone" | "meeting-editor" | "admin";

export interface ArgSpec {
  name: string;
  description: MessageKey;
  optional?: boolean;
  /** Takes every remaining word; only the last argument may. */
  rest?: boolean;
}

/** Who typed the command, where, and in which language to answer. */
export interface CommandOrigin {
  sender: string;
  roomId: string;
  eventId: string;
  locale: Locale;
  /** Set when the command was typed inside a thread, so the answer stays there. */
  threadRoot?: string;
}

export interface Reply {
  text: string;
  html?: string;
}

export interface CommandContext<Deps> {
  origin: CommandOrigin;
  deps: Deps;
  /** The meeting the command is about, for commands declared with `target: "meeting"`. */
  meeting?: Meeting;
  t(key: MessageKey, params?: MessageParams): string;
}

/**
 * One command, declared once: the parser, the permission check in the dispatcher and the generated
 * help all read this declaration. `Deps` names only the capabilities the handler needs.
 */
export interface CommandSpec<Deps = unknown> {
  name: string;
  summary: MessageKey;
  args: ArgSpec[];
  permission: Permission;
  /**
   * "meeting": the first argument may be a meeting id; without one, the meeting of the room the
   * command was typed in. The dispatcher resolves it (and leaves it out of `args` and `rest`).
   */
  target?: "meeting";
  /**
   * `args` are the words after the command name (quotes removed); `rest` is that same text as
   * typed, for commands whose grammar needs to see the quotes, such as `schedule "<title>" ...`.
   */
  handler(context: CommandContext<Deps>, args: string[], rest: string): Promise<Reply>;
}

export interface CommandTable<Deps = unknown> {
  /** What users type first, such as "!meet". */
  prefix: string;
  /** An example of a well-formed command, shown in syntax errors. */
  example: string;
  /** Checked before any command of the table is looked up, so refusals reveal nothing. */
  permission?: Permission;
  commands: CommandSpec<Deps>[];
}
