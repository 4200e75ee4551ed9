import type { Config } from "../config/schema.js";
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

/**
 * A room's call widget as the operator chose (`jitsi.call_widget`): Element's own Jitsi page
 * (`type: "jitsi"`, drawn by Element from `data`), or Plenum's call widget (`type: "m.custom"`, which
 * Element loads by URL). Both keep the same `data`, so the conference a widget names can be checked
 * the same way whichever it is.
 */
export function callWidget(config: Config, input: CallWidgetInput): JitsiWidgetContent {
  const widget = jitsiWidget({ ...input, auth: "openidtoken-jwt" });
  if (config.jitsi.call_widget === "element") return widget;
  return { ...widget, type: "m.custom", url: plenumWidgetUrl(config.http.public_url, "call") };
}

export function meetingCallWidget(
  config: Config,
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
