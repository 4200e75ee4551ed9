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
  type CommandOrigin,
  type CommandSpec,
  type CommandTable,
  type Permission,
  type Reply,
} from "./types.js";

export interface DispatcherOptions<Deps> {
  tables: CommandTable<Deps>[];
  deps: Deps;
  metrics: Metrics;
  logger: Logger;
  send(origin: CommandOrigin, reply: Reply): Promise<void>;
  /** Needed by commands that act on a meeting. */
  guard?: CommandGuard;
  /** Needed by admin commands. */
  adminGuard?: AdminGuard;
}

export interface AdminGuard {
  /** Whether `sender` may give admin commands in `roomId` (the admin room, or an admin's direct chat). */
  allows(sender: string, roomId: string): Promise<boolean>;
}

export interface CommandGuard {
  /** The meeting named by `firstArg` if it is a meeting id (consumed), else the room's own meeting. */
  resolveMeeting(
    firstArg: string | undefined,
    roomId: string,
  ): Promise<{ meeting: Meeting; consumed: boolean }>;
  canEditMeeting(meeting: Meeting, userId: string): Promise<boolean>;
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

/** Permissions are decided here, once, before any handler runs. */
async function permits(
  permission: Permission,
  origin: CommandOrigin,
  meeting: Meeting | undefined,
  guards: { guard?: CommandGuard; adminGuard?: AdminGuard },
): Promise<boolean> {
  switch (permission) {
    case "anyone":
      return true;
    case "admin":
      return guards.adminGuard !== undefined && guards.adminGuard.allows(origin.sender, origin.roomId);
    case "meeting-editor":
      return (
        meeting !== undefined &&
        guards.guard !== undefined &&
        guards.guard.canEditMeeting(meeting, origin.sender)
      );
  }
}

function checkArity(prefix: string, command: CommandSpec<never>, args: string[]): void {
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
    let name = "unparsed";
    const started = process.hrtime.bigint();
    try {
      const parsed = parseCommand(input.body, prefixes, exampleFor);
      if (!parsed) return false;
      const table = tables.find((t) => t.prefix === parsed.prefix)!;
      name = parsed.name ?? "help";
      if (via === "edit") {
        metrics.commands.inc({ command: name, outcome: "denied" });
        await options.send(origin, { text: t("error.edited_command") });
        return true;
      }
      // A table-wide permission is checked before anything of the table is revealed, even its names.
      const refusal = table.permission === "admin" ? t("admin.refused", { prefix: table.prefix }) : undefined;
      if (
        table.permission &&
        (via === "reply" || !(await permits(table.permission, origin, undefined, options)))
      ) {
        metrics.commands.inc({ command: name, outcome: "denied" });
        await options.send(origin, {
          text: refusal ?? t("error.permission_denied", { command: table.prefix }),
        });
        return true;
      }
      const command = table.commands.find((c) => c.name === name);
      if (!command) {
        name = "unknown";
        throw new UserError("error.unknown_command", { name: parsed.name ?? "", prefix: table.prefix });
      }
      let args = parsed.args;
      let rest = parsed.rest;
      let meeting: Meeting | undefined;
      let spec = command as CommandSpec<never>;
      if (command.target === "meeting") {
        if (!options.guard) throw new Error(`command ${name} needs a guard`);
        const target = await options.guard.resolveMeeting(args[0], origin.roomId);
        meeting = target.meeting;
        if (target.consumed) {
          args = args.slice(1);
          rest = rest.replace(/^\S+/, "").trim();
        }
        spec = { ...spec, args: spec.args.slice(1) };
      }
      if (!(await permits(command.permission, origin, meeting, options))) {
        metrics.commands.inc({ command: name, outcome: "denied" });
        await options.send(origin, {
          text: t("error.permission_denied", { command: `${table.prefix} ${name}` }),
        });
        return true;
      }
      checkArity(table.prefix, spec, args);
      const reply = await command.handler({ origin, deps, t, ...(meeting ? { meeting } : {}) }, args, rest);
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
