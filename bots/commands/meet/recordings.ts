import { DateTime } from "luxon";
import { recordingsPostedIn } from "../../../core/recordings/links.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";

const MIB = 1024 * 1024;

/**
 * `!meet recordings`: the recordings posted in this room, each kept by Plenum with a fresh download
 * link (posted links work for hours only). Whoever can send in a room is a member of it and could
 * read the recordings posted there, so the answer shows nothing new to anyone in it.
 */
export const recordings: CommandSpec<MeetCommandDeps> = {
  name: "recordings",
  summary: "command.meet.recordings",
  group: "meeting",
  args: [],
  permission: "anyone",
  handler: async ({ origin, deps, t }) => {
    const posted = await recordingsPostedIn(deps.recordings, origin.roomId, deps.recordings.clock.now());
    if (posted.length === 0) return { text: t("recording.list_empty") };
    const zone = await zoneOf(deps, origin.sender);
    const at = (ms: number) =>
      DateTime.fromMillis(ms, { zone }).setLocale(origin.locale).toLocaleString(DateTime.DATETIME_MED);
    const lines = posted.map(({ recording, download }) =>
      download
        ? t("recording.list_link", {
            date: at(recording.createdAt),
            file: recording.fileName,
            size: Math.ceil(recording.size / MIB),
            link: download.url,
            until: at(download.expiresAt),
          })
        : t("recording.list_media", { date: at(recording.createdAt), file: recording.fileName }),
    );
    return { text: [t("recording.list_title"), ...lines].join("\n") };
  },
};
