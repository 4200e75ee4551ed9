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
    hostLog: { capabilities: string[]; navigations: string[]; openIdRequests: number; ready: boolean };
  }
}

window.hostLog = { capabilities: [], navigations: [], openIdRequests: 0, ready: false };

class TestDriver extends WidgetDriver {
  override async validateCapabilities(requested: Set<Capability>): Promise<Set<Capability>> {
    window.hostLog.capabilities.push(...requested);
    return requested;
  }

  override askOpenID(observer: SimpleObservable<IOpenIDUpdate>): void {
    window.hostLog.openIdRequests++;
    void window
      .plenumOpenIdToken()
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
const api = new ClientWidgetApi(widget, iframe, new TestDriver());
api.on("ready", () => (window.hostLog.ready = true));
// Element appends widgetId and parentUrl to the templated URL itself.
const url = new URL(
  widget.getCompleteUrl({
    widgetRoomId: get("room_id"),
    currentUserId: get("url_user_id") || get("user_id"),
    userDisplayName: get("display_name"),
    clientLanguage: get("lang"),
    clientTheme: get("theme"),
  }),
);
url.searchParams.set("widgetId", widget.id);
url.searchParams.set("parentUrl", location.href);
iframe.src = url.toString();
