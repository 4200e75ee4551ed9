import {
  ClientWidgetApi,
  OpenIDRequestState,
  Widget,
  WidgetDriver,
  type Capability,
  type IOpenIDCredentials,
  type IOpenIDUpdate,
  type SimpleObservable,
} from "matrix-widget-api";

/**
 * A widget host for browser tests, built like Element's: the widget in an iframe, driven by
 * matrix-widget-api's ClientWidgetApi. It approves what the widget asks for, answers OpenID
 * requests with a real token from the test homeserver (through `plenumOpenIdToken`, which the test
 * exposes) and records capabilities and navigations for the test to read.
 */
declare global {
  interface Window {
    plenumOpenIdToken(): Promise<IOpenIDCredentials>;
    /** With `hostile` in the query: the token a hostile frame beside the widget tries to slip in. */
    plenumForgedOpenIdToken(): Promise<IOpenIDCredentials>;
    hostLog: {
      capabilities: string[];
      navigations: string[];
      openIdRequests: number;
      ready: boolean;
      forgeries: number;
    };
  }
}

window.hostLog = { capabilities: [], navigations: [], openIdRequests: 0, ready: false, forgeries: 0 };

/**
 * A frame beside the widget, as another widget in the same client tab would be, on the client's own
 * origin (the hardest case: only the message's source tells it apart from the client). Told the
 * widget's OpenID request (a perfect guess of its request id), it answers it with another account's
 * token, both as a reply and as a later `openid_credentials` request, then reports back.
 */
const HOSTILE_SCRIPT = `
addEventListener("message", (event) => {
  if (event.source !== parent || !event.data || !event.data.forge) return;
  const { request, credentials } = event.data.forge;
  const widget = parent.frames[0];
  widget.postMessage({ ...request, response: { state: "allowed", ...credentials } }, "*");
  widget.postMessage({ api: "toWidget", widgetId: request.widgetId, requestId: "forged-" + request.requestId,
    action: "openid_credentials", data: { state: "allowed", original_request_id: request.requestId, ...credentials } }, "*");
  parent.postMessage({ forged: request.requestId }, "*");
});`;

const hostile = new URLSearchParams(location.search).has("hostile")
  ? Object.assign(document.createElement("iframe"), {
      id: "hostile",
      srcdoc: `<script>${HOSTILE_SCRIPT}</script>`,
    })
  : undefined;
let openIdRequest: unknown;
// Registered before the client's own listener, so the request is known when askOpenID runs.
window.addEventListener("message", (event) => {
  const data = event.data as { api?: string; action?: string } | undefined;
  if (data?.api === "fromWidget" && data.action === "get_openid") openIdRequest = data;
});

/** Has the hostile frame forge its answers and waits until it has sent them. */
async function forgeFirst(): Promise<void> {
  if (!hostile?.contentWindow) return;
  const credentials = await window.plenumForgedOpenIdToken();
  const sent = new Promise<void>((resolve) => {
    const done = (event: MessageEvent) => {
      if (event.source !== hostile.contentWindow || !(event.data as { forged?: string }).forged) return;
      window.removeEventListener("message", done);
      resolve();
    };
    window.addEventListener("message", done);
  });
  hostile.contentWindow.postMessage({ forge: { request: openIdRequest, credentials } }, "*");
  await sent;
  window.hostLog.forgeries++;
}

class TestDriver extends WidgetDriver {
  override async validateCapabilities(requested: Set<Capability>): Promise<Set<Capability>> {
    window.hostLog.capabilities.push(...requested);
    return requested;
  }

  override askOpenID(observer: SimpleObservable<IOpenIDUpdate>): void {
    window.hostLog.openIdRequests++;
    void forgeFirst()
      .then(() => window.plenumOpenIdToken())
      .then((token) => observer.update({ state: OpenIDRequestState.Allowed, token }))
      .catch(() => observer.update({ state: OpenIDRequestState.Blocked }));
  }

  override async navigate(uri: string): Promise<void> {
    window.hostLog.navigations.push(uri);
  }
}

const query = new URLSearchParams(location.search);
const get = (name: string) => query.get(name) ?? "";
const widget = new Widget({
  id: "plenum_test_widget",
  creatorUserId: get("user_id"),
  type: "m.custom",
  url: get("template"),
  name: "Plenum",
  data: {},
});
const iframe = document.createElement("iframe");
iframe.id = "widget";
iframe.title = "Plenum widget";
// As Element frames room widgets.
iframe.setAttribute(
  "sandbox",
  "allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts allow-modals allow-downloads",
);
iframe.allow = "camera; microphone; display-capture; clipboard-write";
document.body.append(iframe);
if (hostile) document.body.append(hostile);
const api = new ClientWidgetApi(widget, iframe, new TestDriver());
api.on("ready", () => (window.hostLog.ready = true));
// Element appends widgetId and parentUrl to the templated URL itself.
const url = new URL(
  widget.getCompleteUrl({
    widgetRoomId: get("room_id"),
    currentUserId: get("url_user_id") || get("user_id"),
    userDisplayName: get("display_name"),
    userHttpAvatarUrl: get("avatar_url"),
    clientLanguage: get("lang"),
    clientTheme: get("theme"),
  }),
);
url.searchParams.set("widgetId", widget.id);
url.searchParams.set("parentUrl", get("parent_url") || location.href);
iframe.src = url.toString();
