import type { Locale, MessageKey, MessageParams } from "../../core/i18n/translate.js";

import type { Meeting } from "../../core/meetings/model.js";

/**
 * Who may use a command in the room it was typed in (the rules: core/access/authorization.ts).
 * "anyone": every member of that room. "creator": those the creators policy names (`maySchedule`).
 * "widget-editor": members with the power to change the room's widgets themselves (`mayChangeWidgets`).
 * "room-moderator": members with the power to change the room's settings themselves (`mayChangeRoomSettings`).
 * "admin": joined members with power level 50 of the admin room, in that room, or configured admins in
 * a direct chat with the bot (`mayAdminister`).
 */
export type RoomPermission = "anyone" | "creator" | "widget-editor" | "room-moderator" | "admin";

/**
 * Who may use a command about a meeting. "meeting-viewer": who may see the meeting (`mayViewMeeting`).
 * "meeting-editor": the organizer, moderators joined to the meeting room, and admins (`mayEditMeeting`).
 * Someone who may not see the meeting gets the answer an unknown meeting id gets.
 */
export type MeetingPermission = "meeting-viewer" | "meeting-editor";

export type Permission = RoomPermission | MeetingPermission;

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
  /** Who else the answer mentions (`m.mentions.user_ids`) besides the sender. */
  mentions?: string[];
}

export interface CommandContext<Deps> {
  origin: CommandOrigin;
  deps: Deps;
  t(key: MessageKey, params?: MessageParams): string;
  /**
   * Whether the sender also holds `permission` in the room, for a command that does more for those
   * who do (`!meet lang` sets the room's language too when a moderator types it). The dispatcher
   * answers it by the same rules it checks declared permissions with.
   */
  permits(permission: RoomPermission): Promise<boolean>;
}

/** The context of a command declared with `target: "meeting"`: the meeting it is about, always. */
export interface MeetingCommandContext<Deps> extends CommandContext<Deps> {
  meeting: Meeting;
}

/**
 * Where the generated help lists a command: `!meet` commands under planning, during a meeting,
 * council and settings; `!admin` commands under rooms, rules and records.
 */
export const COMMAND_GROUPS = [
  "planning",
  "meeting",
  "council",
  "settings",
  "admin-rooms",
  "admin-rules",
  "admin-records",
] as const;

export type CommandGroup = (typeof COMMAND_GROUPS)[number];

interface CommandDeclaration {
  name: string;
  summary: MessageKey;
  /** Required, so a command added without a place in the help fails the type check. */
  group: CommandGroup;
  args: ArgSpec[];
}

/**
 * `args` are the words after the command name (quotes removed); `rest` is that same text as typed,
 * for commands whose grammar needs to see the quotes, such as `schedule "<title>" ...`.
 */
type Handler<Context> = (context: Context, args: string[], rest: string) => Promise<Reply>;

/** A command about the room it is typed in (or about nothing in particular). */
export interface RoomCommandSpec<Deps> extends CommandDeclaration {
  permission: RoomPermission;
  target?: undefined;
  handler: Handler<CommandContext<Deps>>;
}

/**
 * A command about a meeting: the first argument may be a meeting id; without one, the meeting of the
 * room the command was typed in. The dispatcher resolves it, checks the permission against it, and
 * leaves it out of `args` and `rest`.
 */
export interface MeetingCommandSpec<Deps> extends CommandDeclaration {
  permission: MeetingPermission;
  target: "meeting";
  handler: Handler<MeetingCommandContext<Deps>>;
}

/**
 * One command, declared once: the parser, the permission check in the dispatcher and the generated
 * help all read this declaration. `Deps` names only the capabilities the handler needs.
 */
export type CommandSpec<Deps = unknown> = RoomCommandSpec<Deps> | MeetingCommandSpec<Deps>;

export interface CommandTable<Deps = unknown> {
  /** What users type first, such as "!meet". */
  prefix: string;
  /** An example of a well-formed command, shown in syntax errors. */
  example: string;
  /** Checked before any command of the table is looked up, so refusals reveal nothing. */
  permission?: RoomPermission;
  commands: CommandSpec<Deps>[];
}
