import { randomBytes } from "node:crypto";
import { translate, type Locale, type MessageKey, type MessageParams } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import type { Metrics } from "../../core/metrics/registry.js";
import { usage } from "./help.js";
import { parseCommand } from "./parser.js";
import { UserError } from "../../core/errors/user-error.js";
import { retryVerdict } from "../../core/matrix/retry.js";
import type { Meeting } from "../../core/meetings/model.js";
import {
  mayChangeWidgets,
  mayEditMeeting,
  maySchedule,
  mayViewMeeting,
  type CreatorFacts,
  type MeetingFacts,
  type WidgetFacts,
} from "../../core/access/authorization.js";
import type {
  ArgSpec,
  CommandOrigin,
  CommandTable,
  MeetingPermission,
  Permission,
  Reply,
  RoomPermission,
} from "./types.js";

export interface DispatcherOptions<Deps> {
  tables: CommandTable<Deps>[];
  deps: Deps;
  metrics: Metrics;
  logger: Logger;
  send(origin: CommandOrigin, reply: Reply): Promise<void>;
  /** Needed by commands that act on a meeting, and by the creator and widget-editor permissions. */
  guard?: CommandGuard;
  /** Needed by admin commands. */
  adminGuard?: AdminGuard;
}

export interface AdminGuard {
  /** Whether `sender` may give admin commands in `roomId` (the admin room, or an admin's direct chat). */
  allows(sender: string, roomId: string): Promise<boolean>;
}

/** Finds the meeting a command is about, and reads what the permission rules decide on. */
export interface CommandGuard {
  /** The meeting named by `firstArg` if it is a meeting id (consumed), else the room's own meeting. */
  resolveMeeting(
    firstArg: string | undefined,
    roomId: string,
  ): Promise<{ meeting: Meeting; consumed: boolean }>;
  meetingFacts(meeting: Meeting, userId: string): Promise<MeetingFacts>;
  creatorFacts(userId: string): Promise<CreatorFacts>;
  /** The sender's power in a room and what it takes to write the widget state the bot would write. */
  widgetFacts(roomId: string, userId: string): Promise<WidgetFacts>;
}

export interface IncomingText {
  sender: string;
  roomId: string;
  eventId: string;
  body: string;
  locale: Locale;
  threadRoot?: string;
  /** Commands in edits are never run, and admin commands are refused in replies. */
  via?: "edit" | "reply";
}

/**
 * Permissions are decided here, once, before any handler runs and before any expensive work (date
 * parsing, participant lookups), by the rules of core/access/authorization.ts.
 */
async function permitsInRoom(
  permission: RoomPermission,
  origin: CommandOrigin,
  guards: { guard?: CommandGuard; adminGuard?: AdminGuard },
): Promise<boolean> {
  switch (permission) {
    case "anyone":
      return true;
    case "creator":
      return maySchedule(await needed(guards.guard).creatorFacts(origin.sender));
    case "widget-editor":
      return mayChangeWidgets(await needed(guards.guard).widgetFacts(origin.roomId, origin.sender));
    case "admin":
      return guards.adminGuard !== undefined && guards.adminGuard.allows(origin.sender, origin.roomId);
  }
}

/** What a refused sender is told: where the permission has a reason worth naming, that reason. */
function refusalText(
  permission: Permission,
  command: string,
  t: (key: MessageKey, params?: MessageParams) => string,
): string {
  if (permission === "creator") return t("meeting.not_a_creator");
  if (permission === "widget-editor") return t("error.widget_power", { command });
  return t("error.permission_denied", { command });
}

function needed(guard: CommandGuard | undefined): CommandGuard {
  if (!guard) throw new Error("this command needs a guard");
  return guard;
}

/**
 * The meeting a command is about, if the sender may use the command on it. Someone who may not see
 * the meeting is told what an unknown id would tell them, so meeting ids reveal nothing.
 */
async function meetingFor(
  permission: MeetingPermission,
  origin: CommandOrigin,
  firstArg: string | undefined,
  guard: CommandGuard,
): Promise<{ meeting: Meeting; consumed: boolean; permitted: boolean }> {
  const target = await guard.resolveMeeting(firstArg, origin.roomId);
  const facts = await guard.meetingFacts(target.meeting, origin.sender);
  if (!mayViewMeeting(facts)) {
    if (target.consumed) throw new UserError("meeting.not_found", { id: target.meeting.id });
    return { ...target, permitted: false };
  }
  return { ...target, permitted: permission === "meeting-viewer" || mayEditMeeting(facts) };
}

function checkArity(prefix: string, command: { name: string; args: ArgSpec[] }, args: string[]): void {
  // A required rest argument needs at least one word.
  const required = command.args.filter((a) => !a.optional);
  const variadic = command.args.some((a) => a.rest);
  if (args.length < required.length) {
    const missing = required[args.length]!;
    throw new UserError("error.missing_argument", {
      command: command.name,
      argument: `<${missing.name}>`,
      usage: usage(prefix, command),
    });
  }
  if (!variadic && args.length > command.args.length) {
    throw new UserError("error.too_many_arguments", {
      command: command.name,
      usage: usage(prefix, command),
    });
  }
}

export function createDispatcher<Deps>(options: DispatcherOptions<Deps>) {
  const { tables, deps, metrics, logger } = options;
  const prefixes = tables.map((t) => t.prefix);
  const exampleFor = (prefix: string) => tables.find((t) => t.prefix === prefix)?.example ?? prefix;

  /** Returns false when the text is not a command at all. */
  return async function dispatch(input: IncomingText): Promise<boolean> {
    const { body: _body, via, ...origin }: IncomingText = input;
    const t = (key: MessageKey, params?: MessageParams) => translate(origin.locale, key, params);
    const log = logger.child({ room_id: origin.roomId, event_id: origin.eventId, sender: origin.sender });
    // A metric label: "unparsed", "unknown" or a command name of the tables, never what was typed.
    let name = "unparsed";
    const started = process.hrtime.bigint();
    const refuse = async (text: string) => {
      metrics.commands.inc({ command: name, outcome: "denied" });
      await options.send(origin, { text });
      return true;
    };
    try {
      const parsed = parseCommand(input.body, prefixes, exampleFor);
      if (!parsed) return false;
      const table = tables.find((t) => t.prefix === parsed.prefix)!;
      const command = table.commands.find((c) => c.name === (parsed.name ?? "help"));
      name = command?.name ?? "unknown";
      if (via === "edit") return await refuse(t("error.edited_command"));
      // A table-wide permission is checked before anything of the table is revealed, even its names.
      if (table.permission && (via === "reply" || !(await permitsInRoom(table.permission, origin, options))))
        return await refuse(
          table.permission === "admin"
            ? t("admin.refused", { prefix: table.prefix })
            : t("error.permission_denied", { command: table.prefix }),
        );
      if (!command)
        throw new UserError("error.unknown_command", { name: parsed.name ?? "", prefix: table.prefix });
      const denied = refusalText(command.permission, `${table.prefix} ${command.name}`, t);
      let reply: Reply;
      if (command.target === "meeting") {
        const target = await meetingFor(command.permission, origin, parsed.args[0], needed(options.guard));
        if (!target.permitted) return await refuse(denied);
        const args = target.consumed ? parsed.args.slice(1) : parsed.args;
        const rest = target.consumed ? parsed.rest.replace(/^\S+/, "").trim() : parsed.rest;
        checkArity(table.prefix, { name: command.name, args: command.args.slice(1) }, args);
        reply = await command.handler({ origin, deps, t, meeting: target.meeting }, args, rest);
      } else {
        if (!(await permitsInRoom(command.permission, origin, options))) return await refuse(denied);
        checkArity(table.prefix, command, parsed.args);
        reply = await command.handler({ origin, deps, t }, parsed.args, parsed.rest);
      }
      await options.send(origin, reply);
      metrics.commands.inc({ command: name, outcome: "ok" });
      log.info({ command: name, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "command handled");
      return true;
    } catch (error) {
      if (error instanceof UserError) {
        metrics.commands.inc({ command: name, outcome: "user_error" });
        log.info({ command: name, reason: error.key }, "command refused");
        await options.send(origin, { text: t(error.key, error.params) });
        return true;
      }
      if (retryVerdict(error).retry) {
        // The homeserver is away or overloaded: the inbox handles the command again later, so it
        // is answered once it can be carried out instead of with an error now.
        log.warn({ command: name, err: error }, "homeserver unavailable; command will be retried");
        throw error;
      }
      const reference = randomBytes(4).toString("hex");
      metrics.commands.inc({ command: name, outcome: "failed" });
      log.error({ command: name, reference, err: error }, "command failed");
      await options.send(origin, { text: t("error.internal", { reference }) });
      return true;
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
