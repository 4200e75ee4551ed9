import "../shared/style.css";
import type { JitsiTokenResponse, MeetingsResponse, MeetingView } from "../../core/widgets/api-types.js";
import { boot, type Booted } from "../shared/boot.js";
import { CALL_CAPABILITIES } from "../shared/capabilities.js";
import { ApiFailure } from "../shared/client.js";
import { h, notice, replace } from "../shared/dom.js";
import { formatWhen, upcomingStart } from "../planner/format.js";
import { CouncilControls } from "./council.js";
import { loadExternalApi } from "./jitsi.js";
import { startsWhen } from "./starts.js";
import { jitsiToken } from "./token.js";

/**
 * The call widget: the meeting's title and time, a countdown before it starts, and the Jitsi
 * conference joined through the IFrame API with a Plenum-signed token fetched fresh on every join.
 */
async function start(root: HTMLElement): Promise<void> {
  document.body.classList.add("call");
  const booted = await boot(root, CALL_CAPABILITIES);
  if (!booted) return;
  const { api, t, params } = booted;
  let meeting: MeetingView | undefined;
  try {
    const { meetings } = await api.request<MeetingsResponse>(
      "GET",
      `/api/v1/rooms/${encodeURIComponent(params.roomId)}/meetings`,
    );
    meeting = meetings.find((m) => m.room_id === params.roomId);
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 403)
      return notice(root, t("call.no_access_title"), error.message);
    throw error;
  }
  lobby(root, booted, meeting);
}

function header(booted: Booted, meeting: MeetingView | undefined, ...extra: (Node | null)[]): HTMLElement {
  const { t, formatLocale: locale } = booted;
  return h(
    "header",
    { class: "call-header" },
    h(
      "div",
      {},
      h("h1", {}, meeting?.title ?? t("call.no_meeting")),
      meeting
        ? h("p", { class: "meta" }, formatWhen(upcomingStart(meeting), meeting.duration_minutes, locale))
        : null,
    ),
    ...extra,
  );
}

function lobby(root: HTMLElement, booted: Booted, meeting: MeetingView | undefined, message?: string): void {
  const { t, formatLocale } = booted;
  const startsAt = meeting?.next_start ? new Date(meeting.next_start) : undefined;
  const clock = h("p", { class: "countdown", role: "timer" });
  const tick = () => {
    const now = new Date();
    replace(clock, startsWhen(startsAt ?? now, now, formatLocale, t));
  };
  tick();
  const timer = setInterval(tick, 1000);
  const join = h("button", { type: "button", class: "primary" }, t("call.join"));
  join.addEventListener("click", () => {
    clearInterval(timer);
    void joinCall(root, booted, meeting);
  });
  replace(
    root,
    header(booted, meeting),
    h(
      "section",
      { class: "lobby" },
      message ? h("div", { class: "error", role: "alert" }, message) : null,
      meeting ? clock : null,
      join,
    ),
  );
  join.focus();
}

async function joinCall(root: HTMLElement, booted: Booted, meeting: MeetingView | undefined): Promise<void> {
  const { t, params, widgetApi } = booted;
  let grant: JitsiTokenResponse;
  try {
    grant = await jitsiToken(booted);
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 403)
      return notice(root, t("call.no_access_title"), error.message);
    const expired = error instanceof ApiFailure && error.status === 401;
    return lobby(
      root,
      booted,
      meeting,
      expired ? t("call.expired") : String(error instanceof Error ? error.message : error),
    );
  }
  try {
    await loadExternalApi(grant.domain);
  } catch {
    return lobby(
      root,
      booted,
      meeting,
      `${t("call.unreachable_title")}: ${t("call.unreachable", { domain: grant.domain })}`,
    );
  }
  const recording = h("div", { class: "recording", role: "status", hidden: true }, t("call.recording"));
  const stage = h("div", { id: "jitsi" });
  const councilPlace = h("div", { hidden: true });
  replace(root, header(booted, meeting), recording, councilPlace, stage);
  const jitsi = new window.JitsiMeetExternalAPI!(grant.domain, {
    roomName: grant.room,
    jwt: grant.token,
    parentNode: stage,
    userInfo: { displayName: params.displayName },
    configOverwrite: { subject: meeting?.title ?? "", prejoinConfig: { enabled: true } },
  });
  const council = new CouncilControls(booted, jitsi);
  councilPlace.replaceWith(council.element);
  council.start();
  if (params.avatarUrl) jitsi.executeCommand("avatarUrl", params.avatarUrl);
  jitsi.addListener("recordingStatusChanged", (event) => {
    recording.hidden = event.on !== true;
  });
  jitsi.addListener("readyToClose", () => {
    council.stop();
    jitsi.dispose();
    void widgetApi.setAlwaysOnScreen(false).catch(() => undefined);
    lobby(root, booted, meeting);
  });
  void widgetApi.setAlwaysOnScreen(true).catch(() => undefined);
}

void start(document.getElementById("app")!);
