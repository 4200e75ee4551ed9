import type { MeetingView } from "../../core/widgets/api-types.js";
import type { PlenumApi } from "../shared/client.js";
import { ApiFailure } from "../shared/client.js";
import { h } from "../shared/dom.js";
import type { Translate, WidgetMessageKey } from "../shared/i18n.js";
import { formatWhen, upcomingStart } from "./format.js";

export interface ListContext {
  api: PlenumApi;
  t: Translate;
  locale: string;
  edit(meeting: MeetingView): void;
  /** Opens the meeting room in the client (navigate capability), else follows the link. */
  open(link: string): void;
  reload(): void;
  showError(message: string): void;
}

/** Upcoming first; cancelled and ended meetings are not "upcoming" and stay out of the list. */
export function upcoming(meetings: MeetingView[]): MeetingView[] {
  return meetings
    .filter((m) => (m.status === "scheduled" || m.status === "live") && m.next_start !== null)
    .sort((a, b) => upcomingStart(a).localeCompare(upcomingStart(b)));
}

export function meetingCard(context: ListContext, meeting: MeetingView): HTMLElement {
  const { t } = context;
  const cancel = async () => {
    if (!window.confirm(t("planner.cancel_confirm", { title: meeting.title }))) return;
    try {
      await context.api.request("DELETE", `/api/v1/meetings/${meeting.id}`);
      context.reload();
    } catch (error) {
      context.showError(error instanceof ApiFailure ? error.message : String(error));
    }
  };
  return h(
    "article",
    { class: "card meeting", "data-meeting-id": meeting.id, "aria-label": meeting.title },
    h(
      "h2",
      {},
      meeting.title,
      h(
        "span",
        { class: `status ${meeting.status}` },
        t(`planner.status.${meeting.status}` as WidgetMessageKey),
      ),
    ),
    h(
      "p",
      { class: "meta when" },
      formatWhen(upcomingStart(meeting), meeting.duration_minutes, context.locale),
    ),
    meeting.series ? h("p", { class: "meta series" }, `${t("planner.repeats")}: ${meeting.series}`) : null,
    h("p", { class: "meta" }, t("planner.organizer", { name: meeting.organizer })),
    h(
      "p",
      { class: "meta participants" },
      t("planner.participants", { names: meeting.participants.join(", ") }),
    ),
    meeting.description ? h("p", {}, meeting.description) : null,
    h(
      "div",
      { class: "actions" },
      meeting.join_link
        ? h(
            "a",
            {
              href: meeting.join_link,
              target: "_blank",
              rel: "noopener",
              onclick: (event: Event) => {
                event.preventDefault();
                context.open(meeting.join_link!);
              },
            },
            t("planner.join"),
          )
        : null,
      h(
        "a",
        { href: meeting.calendar_url, download: `${meeting.id}.ics`, target: "_blank", rel: "noopener" },
        t("planner.add_to_calendar"),
      ),
      meeting.can_edit
        ? h("button", { type: "button", onclick: () => context.edit(meeting) }, t("planner.edit"))
        : null,
      meeting.can_edit
        ? h(
            "button",
            { type: "button", class: "danger", onclick: () => void cancel() },
            t("planner.cancel_series"),
          )
        : null,
    ),
  );
}
