import { DateTime } from "luxon";
import { UserError } from "../../../core/errors/user-error.js";
import { deleteRecording, listRecordings } from "../../../core/recordings/manage.js";
import { escapeHtml } from "../../../core/text/html.js";
import { pageFooter, pageNumber, pageOf } from "../paging.js";
import { listReply, richLine, strong } from "../rich.js";
import type { CommandSpec } from "../types.js";
import { roomLinks } from "./room-links.js";
import type { AdminCommandDeps } from "./deps.js";

const day = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd");

/** Recordings a page of `!admin recordings` shows, and how many it pages through at most. */
const PAGE_SIZE = 20;
const LISTED = 1_000;

/** `!admin recordings [page]`: the stored recordings, newest first, with their expiry, a page at a time. */
export const recordings: CommandSpec<AdminCommandDeps> = {
  name: "recordings",
  summary: "command.admin.recordings",
  group: "admin-records",
  args: [{ name: "page", description: "arg.page", optional: true }],
  permission: "admin",
  handler: async ({ deps, t, origin }, [pageText]) => {
    const page = pageNumber(pageText);
    const listed = await listRecordings(deps.recordings, { limit: LISTED });
    if (listed.length === 0) return { text: t("admin.recordings_empty") };
    const { entries: found, pages } = pageOf(listed, PAGE_SIZE, page);
    const zone = deps.meetings.config.i18n.timezone;
    const roomLink = roomLinks(deps);
    const items = await Promise.all(
      found.map(async (r) =>
        richLine(
          origin.locale,
          "admin.recordings_item",
          {
            id: r.id,
            meeting: r.meetingId ?? "-",
            room: r.roomId,
            file: r.fileName,
            size: (r.size / 1_048_576).toFixed(1),
            created: day(r.createdAt, zone),
            expires: day(r.expiresAt, zone),
          },
          {
            id: `<code>${escapeHtml(r.id)}</code>`,
            file: strong(r.fileName),
            room: await roomLink(r.roomId),
          },
        ),
      ),
    );
    return listReply(
      richLine(origin.locale, "admin.recordings_title", { count: listed.length }),
      [{ items }],
      pageFooter(origin.locale, page, pages, `!admin recordings ${page + 1}`),
    );
  },
};

/** `!admin recording delete <id>`: deletes a recording before its retention ends (audited). */
export const recording: CommandSpec<AdminCommandDeps> = {
  name: "recording",
  summary: "command.admin.recording",
  group: "admin-records",
  args: [
    { name: "delete", description: "arg.admin.recording_action" },
    { name: "id", description: "arg.admin.recording_id" },
  ],
  permission: "admin",
  handler: async ({ deps, t, origin }, [action, id]) => {
    if (action!.toLowerCase() !== "delete")
      throw new UserError("admin.unknown_recording_action", { action: action!.slice(0, 40) });
    const outcome = await deleteRecording(deps.recordings, id!.slice(0, 40), origin.sender);
    const lines = [t("admin.recording_deleted", { id: outcome.recording.id })];
    if (!outcome.fileDeleted) lines.push(t("admin.recording_media_kept"));
    return { text: lines.join("\n") };
  },
};
