import { DateTime } from "luxon";
import { UserError } from "../../../core/errors/user-error.js";
import { translate } from "../../../core/i18n/translate.js";
import { calendarFeedUrl } from "../../../core/meetings/format.js";
import type { CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { replyPrivately } from "./private-reply.js";

const DAY_MS = 86_400_000;

/**
 * `!meet calendar [reset|off]`: the user's feed link (made on first use, anew once expired), a new
 * one, or none. The link is a secret, so it only ever goes into the user's direct chat with the bot.
 */
export const calendar: CommandSpec<MeetCommandDeps> = {
  name: "calendar",
  summary: "command.meet.calendar",
  group: "planning",
  args: [{ name: "reset|off", description: "arg.calendar_option", optional: true }],
  permission: "anyone",
  handler: async ({ origin, deps, t }, [option]) => {
    const choice = option?.toLowerCase();
    if (choice !== undefined && choice !== "reset" && choice !== "off") {
      throw new UserError("error.too_many_arguments", {
        command: "calendar",
        usage: "!meet calendar [reset|off]",
      });
    }
    const tokens = deps.calendarTokens;
    if (choice === "off")
      return {
        text: t((await tokens.revoke(origin.sender)) ? "meeting.calendar_off" : "meeting.calendar_none"),
      };
    const { clock, config } = deps.meetings;
    const now = clock.now();
    const days = config.http.calendar_feed_days;
    const lifetime = days === undefined ? undefined : days * DAY_MS;
    const feed =
      choice === "reset"
        ? await tokens.reset(origin.sender, now, lifetime)
        : await tokens.feedFor(origin.sender, now, lifetime);
    const zone = await zoneOf(deps, origin.sender);
    const date = (ms: number) =>
      DateTime.fromMillis(ms, { zone }).setLocale(origin.locale).toLocaleString(DateTime.DATE_MED);
    const validity =
      feed.expiresAt === null
        ? translate(origin.locale, "meeting.calendar_no_expiry")
        : translate(origin.locale, "meeting.calendar_until", { date: date(feed.expiresAt) });
    const text = translate(
      origin.locale,
      choice === "reset" ? "meeting.calendar_reset" : "meeting.calendar_dm",
      {
        url: calendarFeedUrl(config.http.public_url, feed.token),
        created: date(feed.createdAt),
        validity,
      },
    );
    const where = await replyPrivately(deps, origin, text, "calendar");
    return { text: where === "here" ? text : t("meeting.calendar_sent") };
  },
};
