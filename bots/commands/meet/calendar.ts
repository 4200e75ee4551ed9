import { UserError } from "../../../core/errors/user-error.js";
import { translate } from "../../../core/i18n/translate.js";
import { directChatWith, isDirectChatWith } from "../../../core/matrix/direct-chats.js";
import { calendarFeedUrl } from "../../../core/meetings/format.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/** The feed link is a secret, so it only ever goes into the user's direct chat with the bot. */
export const calendar: CommandSpec<MeetCommandDeps> = {
  name: "calendar",
  summary: "command.meet.calendar",
  args: [{ name: "reset", description: "arg.reset", optional: true }],
  permission: "anyone",
  handler: async ({ origin, deps, t }, [option]) => {
    if (option !== undefined && option.toLowerCase() !== "reset") {
      throw new UserError("error.too_many_arguments", {
        command: "calendar",
        usage: "!meet calendar [reset]",
      });
    }
    const { gateway, clock, config } = deps.meetings;
    const now = clock.now();
    const reset = option !== undefined;
    const token = reset
      ? await deps.calendarTokens.reset(origin.sender, now)
      : await deps.calendarTokens.tokenFor(origin.sender, now);
    const url = calendarFeedUrl(config.http.public_url, token);
    const text = translate(origin.locale, reset ? "meeting.calendar_reset" : "meeting.calendar_dm", { url });
    if (await isDirectChatWith(gateway, origin.roomId, origin.sender)) return { text };
    const dm = await directChatWith(gateway, deps.directChats, origin.sender);
    await gateway.sendEvent(
      dm,
      "m.room.message",
      { msgtype: "m.notice", body: text },
      `plenum.calendar.${origin.eventId}`,
    );
    return { text: t("meeting.calendar_sent") };
  },
};
