import { translate, type Locale } from "../i18n/translate.js";
import type { MessageSender, RoomStateWriter } from "../matrix/capabilities.js";
import type { MeetingWelcomesRepository } from "../storage/meeting-welcomes.js";
import { escapeHtml } from "../text/html.js";
import { meetingCalendarUrl, type CalendarLinkConfig } from "./calendar-link.js";
import { meetingDialIn, type DialInDeps } from "./dial-in.js";
import { formatMeetingTime } from "./format.js";
import type { Meeting } from "./model.js";
import { postNotice } from "./room-updates.js";
import { seriesOf } from "./rule-text.js";

export type WelcomeDeps = DialInDeps & {
  config: CalendarLinkConfig;
  gateway: MessageSender & RoomStateWriter;
  welcomes: MeetingWelcomesRepository;
};

/** The welcome pinned at the top of a meeting room: what the meeting is now, never what it was. */
async function welcomeText(deps: WelcomeDeps, meeting: Meeting, locale: Locale): Promise<string> {
  const lines = [
    translate(locale, "meeting.welcome", {
      title: meeting.title,
      when: formatMeetingTime(meeting, locale),
      organizer: meeting.organizer,
      id: meeting.id,
    }),
  ];
  if (meeting.status === "cancelled") lines.unshift(translate(locale, "meeting.welcome_cancelled"));
  const series = seriesOf(meeting, locale);
  if (series) lines.push(translate(locale, "meeting.repeats", { rule: series }));
  const dialIn = await meetingDialIn(deps, meeting.id, locale);
  if (dialIn) lines.push(dialIn);
  lines.push(
    translate(locale, "meeting.calendar_file", { url: meetingCalendarUrl(deps.config, meeting.id) }),
  );
  if (meeting.description) lines.push("", meeting.description);
  return lines.join("\n");
}

const asHtml = (text: string) => escapeHtml(text).replace(/\n/g, "<br>");

/** Posts the welcome into a new meeting room, pins it, and keeps its event id for later edits. */
export async function postWelcome(deps: WelcomeDeps, meeting: Meeting, locale: Locale): Promise<void> {
  const text = await welcomeText(deps, meeting, locale);
  const eventId = await postNotice(deps, meeting.roomId!, text, `plenum.welcome.${meeting.id}`, asHtml(text));
  await deps.welcomes.set(meeting.id, eventId);
  await deps.gateway.sendState(meeting.roomId!, "m.room.pinned_events", "", { pinned: [eventId] });
}

/**
 * Edits the pinned welcome in place (`m.replace` with `m.new_content`, which Element shows instead of
 * the original) after a change. A meeting made before welcomes were stored has none to edit.
 */
export async function refreshWelcome(deps: WelcomeDeps, meeting: Meeting, locale: Locale): Promise<void> {
  const eventId = await deps.welcomes.get(meeting.id);
  if (!eventId) return;
  const text = await welcomeText(deps, meeting, locale);
  const content = {
    msgtype: "m.notice",
    body: text,
    format: "org.matrix.custom.html",
    formatted_body: asHtml(text),
  };
  await deps.gateway.sendEvent(
    meeting.roomId!,
    "m.room.message",
    {
      msgtype: "m.notice",
      body: `* ${text}`,
      format: "org.matrix.custom.html",
      formatted_body: `* ${asHtml(text)}`,
      "m.new_content": content,
      "m.relates_to": { rel_type: "m.replace", event_id: eventId },
    },
    `plenum.welcome.${meeting.id}.${meeting.sequence}`,
  );
}
