import { DateTime } from "luxon";
import { isUserId } from "../../../core/matrix/ids.js";
import { UserError } from "../../../core/errors/user-error.js";
import { escapeHtml } from "../../../core/text/html.js";
import { userPill } from "../../../core/text/pills.js";
import { listReply, richLine } from "../rich.js";
import type { CommandSpec } from "../types.js";
import { roomLinks } from "./room-links.js";
import type { AdminCommandDeps } from "./deps.js";

const DEFAULT_ENTRIES = 20;
const MAX_ENTRIES = 200;

/** `!admin audit [<n>] [<user>]`: the newest audit entries, optionally about one user. */
export const audit: CommandSpec<AdminCommandDeps> = {
  name: "audit",
  summary: "command.admin.audit",
  group: "admin-records",
  args: [
    { name: "n", description: "arg.admin.audit_count", optional: true },
    { name: "user", description: "arg.admin.user", optional: true },
  ],
  permission: "admin",
  handler: async ({ deps, t, origin }, args) => {
    let [countText, user] = args;
    if (countText !== undefined && countText.startsWith("@") && user === undefined)
      [countText, user] = [undefined, countText];
    const count =
      countText === undefined ? DEFAULT_ENTRIES : /^\d{1,4}$/.test(countText) ? Number(countText) : 0;
    if (count < 1 || count > MAX_ENTRIES)
      throw new UserError("admin.invalid_count", { value: (countText ?? "").slice(0, 40), max: MAX_ENTRIES });
    if (user !== undefined && !isUserId(user))
      throw new UserError("admin.invalid_user", { user: user.slice(0, 80) });
    const entries = await deps.audit.recent(count, user);
    if (entries.length === 0) return { text: t("admin.audit_empty") };
    const zone = deps.meetings.config.i18n.timezone;
    const roomLink = roomLinks(deps);
    const items = await Promise.all(
      entries.map(async (entry) =>
        richLine(
          origin.locale,
          "admin.audit_item",
          {
            at: DateTime.fromMillis(entry.at, { zone }).setLocale(origin.locale).toFormat("yyyy-LL-dd HH:mm"),
            actor: entry.actor,
            action: entry.action,
            target: entry.target ?? "-",
            room: entry.roomId ?? "-",
            reason: entry.reason,
          },
          {
            actor: isUserId(entry.actor) ? userPill(entry.actor) : escapeHtml(entry.actor),
            action: `<code>${escapeHtml(entry.action)}</code>`,
            ...(entry.roomId ? { room: await roomLink(entry.roomId) } : {}),
          },
        ),
      ),
    );
    return listReply(richLine(origin.locale, "admin.audit_title", { count: entries.length }), [{ items }]);
  },
};
