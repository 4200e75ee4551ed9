import { mayEditMeeting } from "../../../core/access/authorization.js";
import { meetingFacts, visibleMeetings } from "../../../core/access/facts.js";
import { isDirectChatWith } from "../../../core/matrix/direct-chats.js";
import { meetingCalendarUrl } from "../../../core/meetings/calendar-link.js";
import { meetingDialIn } from "../../../core/meetings/dial-in.js";
import { formatRange, roomLink } from "../../../core/meetings/format.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { nextOccurrence } from "../../../core/meetings/recurrence.js";
import { seriesOf, withSeries } from "../../../core/meetings/rule-text.js";
import type { CommandContext, CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { replyPrivately } from "./private-reply.js";

/** The next occurrence not yet over, in the reader's zone, or the first one if none is left. */
function upcomingWhen(
  meeting: Meeting,
  now: number,
  zone: string,
  context: CommandContext<MeetCommandDeps>,
): string {
  const next = nextOccurrence(meeting, new Date(now - meeting.durationMinutes * 60_000));
  const start = next ? next.start.toISOString() : meeting.start;
  return formatRange(start, meeting.durationMinutes, zone, context.origin.locale);
}

export const list: CommandSpec<MeetCommandDeps> = {
  name: "list",
  summary: "command.meet.list",
  group: "planning",
  args: [],
  permission: "anyone",
  handler: async (context) => {
    const { origin, deps, t } = context;
    const { meetings, gateway, clock } = deps.meetings;
    const now = clock.now();
    const inDirectChat = await isDirectChatWith(gateway, origin.roomId, origin.sender);
    const listed = inDirectChat
      ? (await meetings.forUser(origin.sender)).filter((m) => m.status === "scheduled" || m.status === "live")
      : await meetings.openFromOrigin(origin.roomId, now);
    // A participant banned from a meeting room, or excluded by the policy, no longer sees it listed.
    const found = await visibleMeetings(deps.meetings, listed, origin.sender);
    const upcoming = found.filter(
      (m) => m.rrule !== null || Date.parse(m.start) + m.durationMinutes * 60_000 >= now,
    );
    if (upcoming.length === 0) return { text: t("meeting.list_empty") };
    const zone = await zoneOf(deps, origin.sender);
    const lines = upcoming.map((m) =>
      t("meeting.list_item", {
        id: m.id,
        title: m.title,
        when: withSeries(m, upcomingWhen(m, now, zone, context), origin.locale),
      }),
    );
    return { text: [t("meeting.list_title"), ...lines].join("\n") };
  },
};

export const info: CommandSpec<MeetCommandDeps> = {
  name: "info",
  summary: "command.meet.info",
  group: "planning",
  args: [{ name: "id", description: "arg.meeting_id", optional: true }],
  permission: "meeting-viewer",
  target: "meeting",
  handler: async (context) => {
    const { origin, deps, t } = context;
    const meeting = context.meeting;
    const zone = await zoneOf(deps, origin.sender);
    const lines = [
      t("meeting.info", {
        title: meeting.title,
        id: meeting.id,
        when: formatRange(meeting.start, meeting.durationMinutes, zone, origin.locale),
        status: t(`meeting.status.${meeting.status}`),
        organizer: meeting.organizer,
        count: meeting.participants.length,
        link: meeting.roomId ? roomLink(meeting.roomId, deps.meetings.config.homeserver.domain) : "",
      }),
    ];
    const dialIn = await meetingDialIn(deps.meetings, meeting.id, origin.locale);
    if (dialIn) lines.push(dialIn);
    lines.push(t("meeting.calendar_file", { url: meetingCalendarUrl(deps.meetings.config, meeting.id) }));
    const series = seriesOf(meeting, origin.locale);
    if (series) {
      lines.push(t("meeting.repeats", { rule: series }));
      lines.push(
        t("meeting.info_next", { when: upcomingWhen(meeting, deps.meetings.clock.now(), zone, context) }),
      );
    }
    const addresses = await invitedAddresses(context, meeting);
    if (addresses) lines.push(addresses);
    return { text: lines.join("\n") };
  },
};

/**
 * The addresses invited by e-mail, for the meeting's editors only (they are personal data): in the
 * reply within the editor's direct chat with the bot, else sent there, and the reply says so.
 */
async function invitedAddresses(
  context: CommandContext<MeetCommandDeps>,
  meeting: Meeting,
): Promise<string | undefined> {
  const { origin, deps, t } = context;
  if (!mayEditMeeting(await meetingFacts(deps.meetings, meeting, origin.sender))) return undefined;
  const invited = await deps.email.invitations.invited(meeting.id);
  if (invited.length === 0) return undefined;
  const text = t("email.info_addresses", {
    title: meeting.title,
    id: meeting.id,
    addresses: invited.map((invitation) => invitation.address).join(", "),
  });
  const where = await replyPrivately(deps, origin, text, "email-addresses");
  return where === "here" ? text : t("email.info_addresses_sent");
}
