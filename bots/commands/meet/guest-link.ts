import { DateTime } from "luxon";
import { UserError } from "../../../core/errors/user-error.js";
import {
  DEFAULT_GUEST_LINK_VALIDITY_MS,
  guestLinkKey,
  parseGuestLinkValidity,
  signGuestLink,
} from "../../../core/council/guest-link.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

/** `!meet guest-link [<id>] [valid <duration> | revoke]`: a link for people without a Matrix account. */
export const guestLink: CommandSpec<MeetCommandDeps> = {
  name: "guest-link",
  summary: "command.meet.guest_link",
  group: "planning",
  args: [
    meetingIdArg,
    { name: "valid <duration> | revoke", description: "arg.meet.guest_link", optional: true, rest: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, words) => {
    const { config, clock, guestLinks, policy } = deps.meetings;
    const now = clock.now();
    if (words.length === 1 && words[0]!.toLowerCase() === "revoke") {
      await guestLinks.revoke(meeting.id, origin.sender, now);
      return { text: t("guest.revoked", { title: meeting.title }) };
    }
    if (!(await policy.forRoom(meeting.roomId!)).guest_links) throw new UserError("guest.disabled");
    if (meeting.status === "cancelled" || meeting.status === "ended")
      throw new UserError("guest.meeting_over", { title: meeting.title });
    let validity = DEFAULT_GUEST_LINK_VALIDITY_MS;
    if (words.length > 0) {
      if (words[0]!.toLowerCase() !== "valid" || words.length < 2) throw new UserError("guest.usage");
      validity = parseGuestLinkValidity(words.slice(1).join(""));
    }
    const token = signGuestLink(
      {
        meetingId: meeting.id,
        generation: await guestLinks.generation(meeting.id),
        expiresAt: now + validity,
      },
      guestLinkKey(config.appservice.hs_token),
    );
    const until = DateTime.fromMillis(now + validity, { zone: meeting.timezone })
      .setLocale(origin.locale)
      .toLocaleString(DateTime.DATETIME_MED);
    return {
      text: t("guest.link", {
        title: meeting.title,
        url: `${config.http.public_url.replace(/\/$/, "")}/guest/${token}`,
        until,
        zone: meeting.timezone,
      }),
    };
  },
};
