import "../shared/style.css";
import type { MeetingView, MeetingsResponse, RoomMembersResponse } from "../../core/widgets/api-types.js";
import { boot } from "../shared/boot.js";
import { PLANNER_CAPABILITIES } from "../shared/capabilities.js";
import { ApiFailure } from "../shared/client.js";
import { h, replace } from "../shared/dom.js";
import { calendarView, shift, type CalendarMode } from "./calendar.js";
import { createForm, editForm, type FormContext } from "./form.js";
import { meetingCard, upcoming, type ListContext } from "./list.js";

type Screen =
  | { kind: "room" }
  | { kind: "new" }
  | { kind: "edit"; meeting: MeetingView }
  | { kind: CalendarMode; anchor: Date };

/** The meeting planner: the room's upcoming meetings, a form to plan and change them, and calendars. */
async function start(root: HTMLElement): Promise<void> {
  const booted = await boot(root, PLANNER_CAPABILITIES);
  if (!booted) return;
  const { api, t, params } = booted;
  const roomPath = `/api/v1/rooms/${encodeURIComponent(params.roomId)}`;
  const body = h("div", {});
  const errorBox = h("div", { class: "error", role: "alert", hidden: true });
  let screen: Screen = { kind: "room" };

  const showError = (message: string) => {
    errorBox.hidden = false;
    replace(errorBox, message);
  };
  const go = (next: Screen) => {
    screen = next;
    void render();
  };
  const tab = (label: string, target: Screen) =>
    h(
      "button",
      { type: "button", "aria-pressed": String(screen.kind === target.kind), onclick: () => go(target) },
      label,
    );

  const open = (link: string) => {
    booted.widgetApi.navigateTo(link).catch(() => window.open(link, "_blank", "noopener"));
  };
  const listContext: ListContext = {
    api,
    t,
    locale: booted.formatLocale,
    edit: (meeting) => go({ kind: "edit", meeting }),
    open,
    reload: () => go({ kind: "room" }),
    showError,
  };

  async function formContext(): Promise<FormContext> {
    const { members } = await api.request<RoomMembersResponse>("GET", `${roomPath}/members`);
    return {
      api,
      t,
      roomId: params.roomId,
      userId: booted!.userId,
      members,
      done: () => go({ kind: "room" }),
    };
  }

  async function content(): Promise<HTMLElement> {
    switch (screen.kind) {
      case "room": {
        const { meetings } = await api.request<MeetingsResponse>("GET", `${roomPath}/meetings`);
        const list = upcoming(meetings);
        return h(
          "section",
          { "aria-label": t("planner.tab_room") },
          list.length === 0
            ? h("p", { class: "meta" }, t("planner.empty"))
            : list.map((m) => meetingCard(listContext, m)),
        );
      }
      case "new":
        return createForm(await formContext());
      case "edit":
        return editForm(await formContext(), screen.meeting);
      default: {
        const { kind, anchor } = screen;
        const nav = (label: string, to: Date) =>
          h("button", { type: "button", onclick: () => go({ kind, anchor: to }) }, label);
        return h(
          "div",
          {},
          h(
            "div",
            { class: "toolbar" },
            nav(t("calendar.previous"), shift(kind, anchor, -1)),
            nav(t("calendar.today"), new Date()),
            nav(t("calendar.next"), shift(kind, anchor, 1)),
          ),
          await calendarView({ api, t, locale: booted!.formatLocale }, kind, anchor),
        );
      }
    }
  }

  async function render(): Promise<void> {
    errorBox.hidden = true;
    replace(body, h("p", { class: "meta" }, t("planner.loading")));
    replace(
      root,
      h("h1", {}, t("planner.title")),
      h(
        "nav",
        { class: "toolbar", "aria-label": t("planner.title") },
        h(
          "div",
          { class: "tabs" },
          tab(t("planner.tab_room"), { kind: "room" }),
          tab(t("planner.tab_month"), { kind: "month", anchor: new Date() }),
          tab(t("planner.tab_week"), { kind: "week", anchor: new Date() }),
        ),
        h(
          "button",
          { type: "button", class: "primary", onclick: () => go({ kind: "new" }) },
          t("planner.new"),
        ),
      ),
      errorBox,
      body,
    );
    try {
      replace(body, await content());
    } catch (error) {
      replace(body);
      showError(error instanceof ApiFailure ? error.message : String(error));
    }
  }

  await render();
}

void start(document.getElementById("app")!);
