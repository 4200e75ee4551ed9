import { mayEditMeeting } from "../../../core/access/authorization.js";
import { meetingFacts, visibleMeetings } from "../../../core/access/facts.js";
import { isDirectChatWith } from "../../../core/matrix/direct-chats.js";
import { meetingCalendarUrl } from "../../../core/meetings/calendar-link.js";
import { meetingDialIn } from "../../../core/meetings/dial-in.js";
import { formatRange, roomLink } from "../../../core/meetings/format.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { nextOccurrence } from "../../../core/meetings/recurrence.js";
import { seriesOf, withSeries } from "../../../core/meetings/rule-text.js";
import type { Locale, MessageKey, MessageParams } from "../../../core/i18n/translate.js";
import { escapeHtml } from "../../../core/text/html.js";
import { matrixToLink, userPill } from "../../../core/text/pills.js";
import { shownName } from "../../../core/text/shown-name.js";
import { pageFooter, pageNumber, pageOf } from "../paging.js";
import { listReply, meetingTitleMarkup, plainLine, richLine, type RichLine } from "../rich.js";
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

/** Enough meetings to read at a glance; the rest are a `!meet list <page>` away. */
const LIST_PAGE_SIZE = 10;

/** How many participants `!meet info` names before it only counts the rest. */
const PARTICIPANTS_NAMED = 20;

export const list: CommandSpec<MeetCommandDeps> = {
  name: "list",
  summary: "command.meet.list",
  group: "planning",
  args: [{ name: "page", description: "arg.page", optional: true }],
  permission: "anyone",
  handler: async (context, [pageText]) => {
    const page = pageNumber(pageText);
    const { origin, deps, t } = context;
    const { locale } = origin;
    const { meetings, gateway, clock, config } = deps.meetings;
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
    const shown = pageOf(upcoming, LIST_PAGE_SIZE, page);
    const zone = await zoneOf(deps, origin.sender);
    const items = shown.entries.map((m) =>
      richLine(
        locale,
        "meeting.list_item",
        { id: m.id, title: m.title, when: withSeries(m, upcomingWhen(m, now, zone, context), locale) },
        { id: `<code>${escapeHtml(m.id)}</code>`, title: meetingTitleMarkup(m, config.homeserver.domain) },
      ),
    );
    return listReply(
      richLine(locale, "meeting.list_title"),
      [{ items }],
      pageFooter(locale, page, shown.pages, `!meet list ${page + 1}`),
    );
  },
};

/**
 * A member's name as their member event in the meeting room carries it (anyone's choice, so bounded),
 * else their user id.
 */
async function displayName(deps: MeetCommandDeps, meeting: Meeting, userId: string): Promise<string> {
  const member = meeting.roomId
    ? await deps.meetings.roomState.get(meeting.roomId, "m.room.member", userId)
    : undefined;
  const name = typeof member?.displayname === "string" ? shownName(member.displayname) : "";
  return name || userId;
}

/** The participants by display name, as pills: the first PARTICIPANTS_NAMED, then how many more. */
async function participantsLine(deps: MeetCommandDeps, meeting: Meeting, locale: Locale): Promise<RichLine> {
  const count = meeting.participants.length;
  if (count === 0) return richLine(locale, "meeting.info_participants", { count, names: "-" });
  const named = meeting.participants.slice(0, PARTICIPANTS_NAMED);
  const people = await Promise.all(
    named.map(async (userId) => ({ userId, name: await displayName(deps, meeting, userId) })),
  );
  const names = {
    text: people.map((p) => p.name).join(", "),
    html: people.map((p) => userPill(p.userId, p.name)).join(", "),
  };
  const listed =
    count > named.length
      ? richLine(
          locale,
          "meeting.info_more",
          { names: names.text, count: count - named.length },
          { names: names.html },
        )
      : names;
  return richLine(locale, "meeting.info_participants", { count, names: listed.text }, { names: listed.html });
}

export const info: CommandSpec<MeetCommandDeps> = {
  name: "info",
  summary: "command.meet.info",
  group: "planning",
  args: [{ name: "id", description: "arg.meeting_id", optional: true }],
  permission: "meeting-viewer",
  target: "meeting",
  handler: async (context) => {
    const { origin, deps, t } = context;
    const { locale } = origin;
    const meeting = context.meeting;
    const { config } = deps.meetings;
    const zone = await zoneOf(deps, origin.sender);
    const line = (key: MessageKey, params: MessageParams, markup?: Record<string, string>) =>
      richLine(locale, key, params, markup);
    const organizer = await displayName(deps, meeting, meeting.organizer);
    const items = [
      line("announce.when", { when: formatRange(meeting.start, meeting.durationMinutes, zone, locale) }),
    ];
    const series = seriesOf(meeting, locale);
    if (series)
      items.push(
        line("meeting.repeats", { rule: series }),
        line("meeting.info_next", { when: upcomingWhen(meeting, deps.meetings.clock.now(), zone, context) }),
      );
    items.push(
      line("meeting.info_status", { status: t(`meeting.status.${meeting.status}`) }),
      line("announce.organizer", { organizer }, { organizer: userPill(meeting.organizer, organizer) }),
      await participantsLine(deps, meeting, locale),
    );
    if (meeting.roomId) {
      const link = roomLink(meeting.roomId, config.homeserver.domain);
      items.push(
        line(
          "announce.room",
          { link },
          { link: matrixToLink(meeting.roomId, meeting.title, config.homeserver.domain) },
        ),
      );
    }
    const dialIn = await meetingDialIn(deps.meetings, meeting.id, locale);
    if (dialIn) items.push(plainLine(dialIn));
    const url = meetingCalendarUrl(config, meeting.id);
    items.push(
      line("meeting.calendar_file", { url }, { url: `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` }),
    );
    const addresses = await invitedAddresses(context, meeting);
    return listReply(
      line("meeting.info_title", { title: meeting.title, id: meeting.id }),
      [{ items }],
      addresses ? [plainLine(addresses)] : [],
    );
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
