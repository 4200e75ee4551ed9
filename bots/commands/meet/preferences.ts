import { UserError } from "../../../core/errors/user-error.js";
import { isLocale, translate } from "../../../core/i18n/translate.js";
import { isDirectChatWith } from "../../../core/matrix/direct-chats.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

export const lang: CommandSpec<MeetCommandDeps> = {
  name: "lang",
  summary: "command.meet.lang",
  group: "settings",
  args: [{ name: "de|en", description: "arg.language" }],
  permission: "anyone",
  handler: async ({ origin, deps, permits }, [choice]) => {
    const locale = choice?.toLowerCase() ?? "";
    if (!isLocale(locale)) throw new UserError("prefs.lang_invalid");
    const { clock, gateway, roomLanguages } = deps.meetings;
    await deps.preferences.setLocale(origin.sender, locale, clock.now());
    // Answered in the language just chosen, which is the clearest confirmation. A moderator choosing a
    // language in a shared room chooses it for the room as well (issue 17: "!meet lang de in that
    // room"); a direct chat with the bot is only ever its one person's.
    if (await isDirectChatWith(gateway, origin.roomId, origin.sender))
      return { text: translate(locale, "prefs.lang_set") };
    const forRoom = await permits("room-moderator");
    if (forRoom) await roomLanguages.set(origin.roomId, locale, origin.sender, clock.now());
    return { text: translate(locale, forRoom ? "prefs.lang_set_with_room" : "prefs.lang_set_not_room") };
  },
};

export const tz: CommandSpec<MeetCommandDeps> = {
  name: "tz",
  summary: "command.meet.tz",
  group: "settings",
  args: [{ name: "zone", description: "arg.zone" }],
  permission: "anyone",
  handler: async ({ origin, deps, t }, [zone]) => {
    if (!zone || !isTimeZone(zone)) throw new UserError("prefs.tz_invalid", { zone: zone ?? "" });
    await deps.preferences.setTimezone(origin.sender, zone, deps.meetings.clock.now());
    return { text: t("prefs.tz_set", { zone }) };
  },
};

export const roomLang: CommandSpec<MeetCommandDeps> = {
  name: "roomlang",
  summary: "command.meet.roomlang",
  group: "settings",
  args: [{ name: "de|en|default", description: "arg.room_language" }],
  permission: "room-moderator",
  handler: async ({ origin, deps }, [choice]) => {
    const value = choice?.toLowerCase() ?? "";
    const { roomLanguages, clock, config } = deps.meetings;
    if (value === "default") {
      await roomLanguages.clear(origin.roomId);
      const locale = config.i18n.locale;
      return { text: translate(locale, "roomlang.cleared", { locale }) };
    }
    if (!isLocale(value)) throw new UserError("roomlang.invalid");
    await roomLanguages.set(origin.roomId, value, origin.sender, clock.now());
    // Answered in the room's new language, as the room will read from now on.
    return { text: translate(value, "roomlang.set") };
  },
};
