import { UserError } from "../../../core/errors/user-error.js";
import { isLocale, translate } from "../../../core/i18n/translate.js";
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
  args: [{ name: "de|en", description: "arg.language" }],
  permission: "anyone",
  handler: async ({ origin, deps }, [choice]) => {
    const locale = choice?.toLowerCase() ?? "";
    if (!isLocale(locale)) throw new UserError("prefs.lang_invalid");
    await deps.preferences.setLocale(origin.sender, locale, deps.meetings.clock.now());
    // Answered in the language just chosen, which is the clearest confirmation.
    return { text: translate(locale, "prefs.lang_set") };
  },
};

export const tz: CommandSpec<MeetCommandDeps> = {
  name: "tz",
  summary: "command.meet.tz",
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
