import "../shared/style.css";
import type { JitsiTokenResponse, MeetingsResponse, MeetingView } from "../../core/widgets/api-types.js";
import { boot, type Booted } from "../shared/boot.js";
import { CALL_CAPABILITIES } from "../shared/capabilities.js";
import { ApiFailure, openIdToken } from "../shared/client.js";
import { h, notice, replace } from "../shared/dom.js";
import { formatWhen, upcomingStart } from "../planner/format.js";
import { startsWhen } from "./starts.js";

/** The part of Jitsi's IFrame API (external_api.js) the call widget uses. */
interface JitsiMeetApi {
  addListener(event: string, listener: (payload: Record<string, unknown>) => void): void;
  executeCommand(command: string, ...args: unknown[]): void;
  dispose(): void;
}

interface JitsiOptions {
  roomName: string;
  jwt: string;
  parentNode: HTMLElement;
  userInfo: { displayName: string };
  configOverwrite: Record<string, unknown>;
}

declare global {
  interface Window {
    JitsiMeetExternalAPI?: new (domain: string, options: JitsiOptions) => JitsiMeetApi;
  }
}

/** Loads Jitsi's IFrame API from the Jitsi server itself, as Element does; once per page. */
function loadExternalApi(domain: string): Promise<void> {
  if (window.JitsiMeetExternalAPI) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = h("script", { src: `https://${domain}/external_api.js` });
    script.addEventListener("load", () =>
      window.JitsiMeetExternalAPI ? resolve() : reject(new Error("no API")),
    );
    script.addEventListener("error", () => {
      script.remove();
      reject(new Error("unreachable"));
    });
    document.head.append(script);
  });
}

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
    const { token, serverName } = await openIdToken(widgetApi);
    grant = await booted.api.send<JitsiTokenResponse>("POST", "/api/v1/jitsi/token", {
      openid_token: token,
      matrix_server_name: serverName,
      room_id: params.roomId,
    });
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
  replace(root, header(booted, meeting), recording, stage);
  const jitsi = new window.JitsiMeetExternalAPI!(grant.domain, {
    roomName: grant.room,
    jwt: grant.token,
    parentNode: stage,
    userInfo: { displayName: params.displayName },
    configOverwrite: { subject: meeting?.title ?? "", prejoinConfig: { enabled: true } },
  });
  if (params.avatarUrl) jitsi.executeCommand("avatarUrl", params.avatarUrl);
  jitsi.addListener("recordingStatusChanged", (event) => {
    recording.hidden = event.on !== true;
  });
  jitsi.addListener("readyToClose", () => {
    jitsi.dispose();
    void widgetApi.setAlwaysOnScreen(false).catch(() => undefined);
    lobby(root, booted, meeting);
  });
  void widgetApi.setAlwaysOnScreen(true).catch(() => undefined);
}

void start(document.getElementById("app")!);
