import type { ConfigSlice } from "../config/slice.js";
import { plenumWidgetUrl } from "../widgets/room-widgets.js";
import { jitsiWidget, widgetIdFor, type JitsiWidgetContent } from "./jitsi-widget.js";
import type { Meeting } from "./model.js";

export interface CallWidgetInput {
  widgetId: string;
  domain: string;
  conferenceId: string;
  roomName: string;
  creatorUserId: string;
}

/** The keys a room's call widget depends on. */
export type CallWidgetConfig = ConfigSlice<{ jitsi: "call_widget"; http: "public_url" }>;

/**
 * A room's call widget as the operator chose (`jitsi.call_widget`): Element's own Jitsi page
 * (`type: "jitsi"`, drawn by Element from `data`), or Plenum's call widget (`type: "m.custom"`, which
 * Element loads by URL). Both keep the same `data`, so the conference a widget names can be checked
 * the same way whichever it is.
 */
export function callWidget(config: CallWidgetConfig, input: CallWidgetInput): JitsiWidgetContent {
  const widget = jitsiWidget({ ...input, auth: "openidtoken-jwt" });
  if (config.jitsi.call_widget === "element") return widget;
  return { ...widget, type: "m.custom", url: plenumWidgetUrl(config.http.public_url, "call") };
}

export function meetingCallWidget(
  config: CallWidgetConfig,
  meeting: Meeting,
  creatorUserId: string,
): JitsiWidgetContent {
  return callWidget(config, {
    widgetId: widgetIdFor(meeting.id),
    domain: meeting.jitsiDomain,
    conferenceId: meeting.conferenceName,
    roomName: meeting.title,
    creatorUserId,
  });
}

/**
 * The call widget of a public session's audience room (with `jitsi.visitors`): always Plenum's, because
 * only Plenum's token endpoint issues the viewer-only tokens that send the audience to Jitsi's visitor
 * nodes; Element's Jitsi page would make them participants of the audience room's own conference.
 */
export function audienceCallWidget(
  config: ConfigSlice<{ http: "public_url" }>,
  meeting: Meeting,
  creatorUserId: string,
): JitsiWidgetContent {
  const widget = jitsiWidget({
    widgetId: widgetIdFor(meeting.id),
    domain: meeting.jitsiDomain,
    conferenceId: meeting.conferenceName,
    roomName: meeting.title,
    creatorUserId,
    auth: "openidtoken-jwt",
  });
  return { ...widget, type: "m.custom", url: plenumWidgetUrl(config.http.public_url, "call") };
}
