import { DateTime } from "luxon";
import { UserError } from "../../../core/errors/user-error.js";
import { meetingStats } from "../../../core/meetings/stats.js";
import type { CommandSpec } from "../types.js";
import type { AdminCommandDeps } from "./deps.js";

/** `!admin stats [week|month]`: the last 7 or 30 days, from the schedule and the call attendance. */
export const stats: CommandSpec<AdminCommandDeps> = {
  name: "stats",
  summary: "command.admin.stats",
  group: "admin-records",
  args: [{ name: "week|month", description: "arg.admin.stats_period", optional: true }],
  permission: "admin",
  handler: async ({ deps, t, origin }, [periodText = "week"]) => {
    const period = periodText.toLowerCase();
    const days = period === "week" ? 7 : period === "month" ? 30 : undefined;
    if (days === undefined)
      throw new UserError("admin.unknown_stats_period", { value: periodText.slice(0, 40) });
    const now = deps.meetings.clock.now();
    const from = now - days * 86_400_000;
    const figures = await meetingStats(
      { meetings: deps.meetings.meetings, attendance: deps.attendance },
      { from, until: now },
      now,
    );
    const zone = deps.meetings.config.i18n.timezone;
    const date = (ms: number) =>
      DateTime.fromMillis(ms, { zone }).setLocale(origin.locale).toFormat("yyyy-LL-dd");
    return {
      text: t("admin.stats", {
        from: date(from),
        until: date(now),
        scheduled: figures.meetingsScheduled,
        held: figures.meetingsHeld,
        calls: figures.calls,
        participants: figures.participants,
        guests: figures.guests,
        person_minutes: figures.personMinutes,
        call_minutes: figures.callMinutes,
      }),
    };
  },
};
