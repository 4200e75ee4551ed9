import { UserError } from "../../../core/errors/user-error.js";
import {
  closePublicSession,
  openPublicSession,
  parseStreamUrl,
} from "../../../core/council/public-session.js";
import { roomLink } from "../../../core/meetings/format.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

/** `!meet public [<id>] on [<stream url>] | off`: a read-only audience room for the public. */
export const publicSession: CommandSpec<MeetCommandDeps> = {
  name: "public",
  summary: "command.meet.public",
  group: "council",
  args: [
    meetingIdArg,
    { name: "on|off", description: "arg.meet.public" },
    { name: "stream-url", description: "arg.meet.stream_url", optional: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting: m }, [action, stream]) => {
    switch (action!.toLowerCase()) {
      case "on": {
        if (m.status === "cancelled" || m.status === "ended")
          throw new UserError("public.meeting_over", { title: m.title });
        const audience = await openPublicSession(
          deps.meetings,
          m,
          stream === undefined ? null : parseStreamUrl(stream),
          origin.eventId,
        );
        return {
          text: t("public.opened", {
            title: m.title,
            link: roomLink(audience, deps.meetings.config.homeserver.domain),
          }),
        };
      }
      case "off":
        if (stream !== undefined) throw new UserError("public.usage");
        await closePublicSession(deps.meetings, m);
        return { text: t("public.closed", { title: m.title }) };
      default:
        throw new UserError("public.usage");
    }
  },
};
