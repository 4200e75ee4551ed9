import { UserError } from "../../../core/errors/user-error.js";
import { escapeHtml } from "../../../core/text/html.js";
import { pageCount, pageFooter, pageNumber } from "../paging.js";
import { listReply, meetingTitleMarkup, richLine } from "../rich.js";
import { formatRange } from "../../../core/meetings/format.js";
import type { MeetingStatus } from "../../../core/meetings/model.js";
import type { CommandSpec } from "../types.js";
import type { AdminCommandDeps } from "./deps.js";

const PAGE_SIZE = 20;

const FILTERS: Record<string, readonly MeetingStatus[]> = {
  upcoming: ["scheduled"],
  live: ["live"],
  ended: ["ended"],
  all: ["scheduled", "live", "ended", "cancelled"],
};

/** `!admin rooms [upcoming|live|ended|all] [page]`: the meeting rooms, soonest first, a page at a time. */
export const rooms: CommandSpec<AdminCommandDeps> = {
  name: "rooms",
  summary: "command.admin.rooms",
  group: "admin-rooms",
  args: [
    { name: "upcoming|live|ended|all", description: "arg.admin.room_filter", optional: true },
    { name: "page", description: "arg.page", optional: true },
  ],
  permission: "admin",
  handler: async ({ origin, deps, t }, [filterText = "upcoming", pageText]) => {
    // hasOwn, so "__proto__" and "constructor" are no filters.
    const filter = Object.hasOwn(FILTERS, filterText.toLowerCase())
      ? FILTERS[filterText.toLowerCase()]
      : undefined;
    if (!filter) throw new UserError("admin.unknown_filter", { value: filterText.slice(0, 40) });
    const page = pageNumber(pageText);
    const { locale } = origin;
    const { meetings, config } = deps.meetings;
    const found = await meetings.withStatus(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    if (found.total === 0) return { text: t("admin.rooms_empty") };
    const pages = pageCount(found.total, PAGE_SIZE, page);
    const items = found.meetings.map((m) =>
      richLine(
        locale,
        "admin.rooms_item",
        {
          id: m.id,
          room: m.roomId ?? "",
          title: m.title,
          when: formatRange(m.start, m.durationMinutes, config.i18n.timezone, locale),
          count: m.participants.length,
          status: t(`meeting.status.${m.status}`),
        },
        {
          id: `<code>${escapeHtml(m.id)}</code>`,
          room: m.roomId ? `<code>${escapeHtml(m.roomId)}</code>` : "",
          title: meetingTitleMarkup(m, config.homeserver.domain),
        },
      ),
    );
    return listReply(
      richLine(locale, "admin.rooms_title", { total: found.total }),
      [{ items }],
      pageFooter(locale, page, pages, `!admin rooms ${filterText.toLowerCase()} ${page + 1}`),
    );
  },
};
