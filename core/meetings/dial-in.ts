import type { ConfigSlice } from "../config/slice.js";
import type { Locale } from "../i18n/translate.js";
import type { MeetingPinsRepository } from "../storage/meeting-pins.js";
import { dialInLine } from "./dial-in-numbers.js";
import { assignPin } from "./dial-in-pin.js";

export interface DialInDeps {
  config: ConfigSlice<{ jitsi: "dial_in_numbers"; appservice: "hs_token" }>;
  pins: Pick<MeetingPinsRepository, "pinOf" | "claim">;
}

/** The meeting's phone dial-in line (number and PIN), or undefined when no numbers are configured. */
export async function meetingDialIn(
  deps: DialInDeps,
  meetingId: string,
  locale: Locale,
): Promise<string | undefined> {
  const numbers = deps.config.jitsi.dial_in_numbers;
  if (Object.keys(numbers).length === 0) return undefined;
  return dialInLine(numbers, await assignPin(deps.pins, meetingId, deps.config.appservice.hs_token), locale);
}
