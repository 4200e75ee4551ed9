import type {
  CreateMeetingRequest,
  MeetingResponse,
  MeetingView,
  MoveOccurrenceRequest,
  RoomMember,
  UpdateMeetingRequest,
} from "../../core/widgets/api-types.js";
import { ApiFailure, type PlenumApi } from "../shared/client.js";
import { h, replace } from "../shared/dom.js";
import type { Translate, WidgetMessageKey } from "../shared/i18n.js";
import { localParts, upcomingStart, viewerZone } from "./format.js";

/** The recurrence choices and the RRULE each stands for; a count is appended as COUNT. */
const REPEATS: [WidgetMessageKey, string | undefined][] = [
  ["form.repeat.none", undefined],
  ["form.repeat.daily", "FREQ=DAILY"],
  ["form.repeat.weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
  ["form.repeat.weekly", "FREQ=WEEKLY"],
  ["form.repeat.biweekly", "FREQ=WEEKLY;INTERVAL=2"],
  ["form.repeat.monthly", "FREQ=MONTHLY"],
];

export interface FormContext {
  api: PlenumApi;
  t: Translate;
  roomId: string;
  userId: string;
  members: RoomMember[];
  /** Back to the list, after saving or giving up. */
  done(): void;
}

let fieldCount = 0;

/** A labelled control; the label names it for screen readers and moves focus on click. */
function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
): HTMLElement {
  control.id ||= `field-${++fieldCount}`;
  return h("div", {}, h("label", { for: control.id }, label), control);
}

/** Title, date, time, duration and zone: the same controls, laid out alike, in the new and the edit form. */
function meetingControls(
  t: Translate,
  initial: { title: string; date: string; time: string; minutes: number },
) {
  const controls = {
    title: h("input", { name: "title", required: true, maxlength: 200, value: initial.title }),
    date: h("input", { type: "date", name: "date", required: true, value: initial.date }),
    time: h("input", { type: "time", name: "time", required: true, value: initial.time }),
    duration: h("input", {
      type: "number",
      name: "duration",
      min: 5,
      max: 1440,
      step: 5,
      value: initial.minutes,
    }),
    zone: h("input", { name: "timezone", value: viewerZone }),
  };
  const fields = [
    field(t("form.title"), controls.title),
    h(
      "div",
      { class: "row" },
      field(t("form.date"), controls.date),
      field(t("form.time"), controls.time),
      field(t("form.duration"), controls.duration),
    ),
    field(t("form.timezone"), controls.zone),
  ];
  return { ...controls, fields };
}

const ids = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Participant fields take user ids and e-mail addresses (invited by e-mail, as by `!meet invite`). */
const PARTICIPANT_EXAMPLE = "@jane:example.org jane@example.org";

function memberPicker(t: Translate, members: RoomMember[], exclude: string[]): HTMLElement {
  const boxes = members
    .filter((m) => !exclude.includes(m.user_id))
    .map((m) =>
      h(
        "label",
        {},
        h("input", { type: "checkbox", name: "member", value: m.user_id }),
        m.display_name ? `${m.display_name} (${m.user_id})` : m.user_id,
      ),
    );
  return h(
    "fieldset",
    // Nobody left to pick (all invited already): no empty box.
    { class: "members-set", hidden: boxes.length === 0 },
    h("legend", {}, t("form.members")),
    h("div", { class: "members" }, boxes),
  );
}

function chosenMembers(form: HTMLFormElement): string[] {
  return [...form.querySelectorAll<HTMLInputElement>('input[name="member"]:checked')].map((box) => box.value);
}

interface FormShell {
  heading: string;
  submitLabel: string;
  submitClass: "primary" | "danger";
  fields: HTMLElement[];
  /** Offers a way back without saving. */
  back?: () => void;
  /** Sends the request; a failure shows the server's sentence (the bot's wording) in the form's alert. */
  send(form: HTMLFormElement): Promise<void>;
  className?: string;
}

function formShell(t: Translate, shell: FormShell): HTMLFormElement {
  const errorBox = h("div", { class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: shell.submitClass }, shell.submitLabel);
  const form = h(
    "form",
    { "aria-label": shell.heading, class: shell.className },
    h("h2", {}, shell.heading),
    shell.fields,
    errorBox,
    h(
      "div",
      { class: "actions" },
      submit,
      shell.back ? h("button", { type: "button", onclick: shell.back }, t("form.back")) : null,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    submit.disabled = true;
    shell
      .send(form)
      .catch((error: unknown) => {
        errorBox.hidden = false;
        replace(errorBox, error instanceof ApiFailure ? error.message : String(error));
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}

export function createForm(context: FormContext): HTMLElement {
  const { t } = context;
  const soon = localParts(new Date(Date.now() + 86_400_000));
  const { title, date, time, duration, zone, fields } = meetingControls(t, {
    title: "",
    date: soon.date,
    time: "10:00",
    minutes: 60,
  });
  const repeat = h(
    "select",
    { name: "repeat" },
    REPEATS.map(([key, rule]) => h("option", { value: rule ?? "" }, t(key))),
  );
  const until = h("input", { type: "date", name: "until" });
  const count = h("input", { type: "number", name: "count", min: 1, max: 500 });
  const more = h("input", { name: "more", placeholder: PARTICIPANT_EXAMPLE });
  const description = h("textarea", { name: "description", rows: 3 });
  return formShell(t, {
    heading: t("form.new_title"),
    submitLabel: t("form.schedule"),
    submitClass: "primary",
    back: context.done,
    fields: [
      ...fields,
      h(
        "div",
        { class: "row" },
        field(t("form.repeat"), repeat),
        field(t("form.until"), until),
        field(t("form.count"), count),
      ),
      memberPicker(t, context.members, [context.userId]),
      h("p", { class: "hint" }, t("form.members_hint")),
      field(t("form.more_ids"), more),
      field(t("form.description"), description),
    ],
    async send(form) {
      const rule = repeat.value
        ? `RRULE:${repeat.value}${count.value ? `;COUNT=${count.value}` : ""}`
        : undefined;
      const participants = [...chosenMembers(form), ...ids(more.value)];
      const request: CreateMeetingRequest = {
        room_id: context.roomId,
        title: title.value,
        start: `${date.value} ${time.value}`,
        timezone: zone.value,
        duration: Number(duration.value),
        ...(rule ? { rrule: rule } : {}),
        ...(until.value ? { until: until.value } : {}),
        ...(participants.length > 0 ? { participants } : {}),
        ...(description.value.trim() ? { description: description.value } : {}),
      };
      await context.api.request<MeetingResponse>("POST", "/api/v1/meetings", request);
      context.done();
    },
  });
}

export function editForm(context: FormContext, meeting: MeetingView): HTMLElement {
  const { t } = context;
  const current = localParts(new Date(upcomingStart(meeting)));
  const { title, date, time, duration, zone, fields } = meetingControls(t, {
    title: meeting.title,
    ...current,
    minutes: meeting.duration_minutes,
  });
  const description = h("textarea", { name: "description", rows: 3 });
  description.value = meeting.description ?? "";
  const more = h("input", { name: "more", placeholder: PARTICIPANT_EXAMPLE });
  const form = formShell(t, {
    heading: t("form.edit_title", { title: meeting.title }),
    submitLabel: t("form.save"),
    submitClass: "primary",
    back: context.done,
    fields: [
      ...fields,
      field(t("form.description"), description),
      memberPicker(t, context.members, meeting.participants),
      field(t("form.invite"), more),
    ],
    async send(form) {
      const invite = [...chosenMembers(form), ...ids(more.value)];
      const moved = date.value !== current.date || time.value !== current.time;
      const change: UpdateMeetingRequest = {
        ...(title.value !== meeting.title ? { title: title.value } : {}),
        ...(description.value !== (meeting.description ?? "") ? { description: description.value } : {}),
        ...(Number(duration.value) !== meeting.duration_minutes ? { duration: Number(duration.value) } : {}),
        ...(moved ? { start: `${date.value} ${time.value}`, timezone: zone.value } : {}),
        ...(invite.length > 0 ? { invite } : {}),
      };
      if (Object.keys(change).length > 0)
        await context.api.request<MeetingResponse>("PATCH", `/api/v1/meetings/${meeting.id}`, change);
      context.done();
    },
  });
  return h(
    "div",
    {},
    form,
    participantsCard(context, meeting),
    meeting.rrule ? moveOneForm(context, meeting) : null,
    meeting.rrule ? cancelOneForm(context, meeting) : null,
  );
}

/** The invited people, each but the organizer with a button that removes them (`!meet uninvite`). */
function participantsCard(context: FormContext, meeting: MeetingView): HTMLElement {
  const { t } = context;
  const errorBox = h("div", { class: "error", role: "alert", hidden: true });
  const row = (userId: string): HTMLElement => {
    const item = h("li", {}, h("span", {}, userId));
    if (userId !== meeting.organizer) {
      const remove = h(
        "button",
        { type: "button", class: "danger", "aria-label": t("form.uninvite_user", { user: userId }) },
        t("form.uninvite"),
      );
      remove.addEventListener("click", () => {
        errorBox.hidden = true;
        remove.disabled = true;
        context.api
          .request<MeetingResponse>("PATCH", `/api/v1/meetings/${meeting.id}`, { uninvite: [userId] })
          .then(() => item.remove())
          .catch((error: unknown) => {
            remove.disabled = false;
            errorBox.hidden = false;
            replace(errorBox, error instanceof ApiFailure ? error.message : String(error));
          });
      });
      item.append(" ", remove);
    }
    return item;
  };
  return h(
    "section",
    { class: "card", "aria-label": t("form.invited") },
    h("h2", {}, t("form.invited")),
    h("ul", { class: "invited" }, meeting.participants.map(row)),
    errorBox,
  );
}

/** Moves one date of a series (the bot's `!meet move <id> <date> to <when>`), the time read in the viewer's zone. */
function moveOneForm(context: FormContext, meeting: MeetingView): HTMLElement {
  const { t } = context;
  const day = h("input", { type: "date", name: "move-date", required: true });
  const date = h("input", { type: "date", name: "move-to-date", required: true });
  const time = h("input", { type: "time", name: "move-to-time", required: true });
  return formShell(t, {
    heading: t("planner.move_one"),
    submitLabel: t("form.move_date_submit"),
    submitClass: "primary",
    className: "card",
    fields: [
      field(t("form.move_date"), day),
      h("div", { class: "row" }, field(t("form.move_to_date"), date), field(t("form.move_to_time"), time)),
    ],
    async send() {
      const request: MoveOccurrenceRequest = { start: `${date.value} ${time.value}`, timezone: viewerZone };
      await context.api.request<MeetingResponse>(
        "PATCH",
        `/api/v1/meetings/${meeting.id}/occurrences/${day.value}`,
        request,
      );
      context.done();
    },
  });
}

/** Cancels one date of a series (the bot's `!meet cancel <id> <date>`). */
function cancelOneForm(context: FormContext, meeting: MeetingView): HTMLElement {
  const { t } = context;
  const day = h("input", { type: "date", name: "cancel-date", required: true });
  return formShell(t, {
    heading: t("planner.cancel_one"),
    submitLabel: t("form.cancel_date_submit"),
    submitClass: "danger",
    className: "card",
    fields: [field(t("form.cancel_date"), day)],
    async send() {
      await context.api.request("DELETE", `/api/v1/meetings/${meeting.id}/occurrences/${day.value}`);
      context.done();
    },
  });
}
