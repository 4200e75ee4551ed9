import { DateTime } from "luxon";
import { UserError } from "../../../core/errors/user-error.js";
import { isUserId } from "../../../core/matrix/ids.js";
import type { CommandSpec } from "../types.js";
import { auditAdminAction, type AdminCommandDeps } from "./deps.js";

/**
 * `!admin calendar <user> [off]`: whether a user has a calendar feed link (each user has at most
 * one), when it was made and until when it works, or switches it off (audited). The link itself is
 * a secret of its owner and is never shown, not even to admins.
 */
export const calendar: CommandSpec<AdminCommandDeps> = {
  name: "calendar",
  summary: "command.admin.calendar",
  group: "admin-records",
  args: [
    { name: "user", description: "arg.admin.calendar_user" },
    { name: "off", description: "arg.admin.calendar_action", optional: true },
  ],
  permission: "admin",
  handler: async ({ deps, t, origin }, [userText, action]) => {
    const user = userText!;
    if (!isUserId(user)) throw new UserError("admin.invalid_user", { user: user.slice(0, 80) });
    if (action !== undefined && action.toLowerCase() !== "off")
      throw new UserError("admin.unknown_calendar_action", { action: action.slice(0, 40) });
    const tokens = deps.calendarTokens;
    if (action !== undefined) {
      if (!(await tokens.revoke(user))) return { text: t("admin.calendar_none", { user }) };
      const text = t("admin.calendar_off", { user });
      await auditAdminAction(deps, {
        actor: origin.sender,
        action: "calendar_off",
        target: user,
        reason: text,
      });
      return { text };
    }
    const feed = await tokens.feedOf(user);
    if (!feed) return { text: t("admin.calendar_none", { user }) };
    const { config, clock } = deps.meetings;
    const day = (ms: number) =>
      DateTime.fromMillis(ms, { zone: config.i18n.timezone }).toFormat("yyyy-LL-dd HH:mm");
    const validity =
      feed.expiresAt === null
        ? t("admin.calendar_no_expiry")
        : feed.expiresAt > clock.now()
          ? t("admin.calendar_until", { date: day(feed.expiresAt) })
          : t("admin.calendar_expired", { date: day(feed.expiresAt) });
    return { text: t("admin.calendar_feed", { user, created: day(feed.createdAt), validity }) };
  },
};
