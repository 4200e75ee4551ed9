/**
 * The Jitsi widget of a meeting room, in the shapes Element Web writes (`WidgetUtils.addJitsiWidget`,
 * `WidgetLayoutStore.copyLayoutToRoom`), so Element treats it exactly like a call it started itself.
 */

export interface JitsiWidgetInput {
  widgetId: string;
  domain: string;
  /** For `openidtoken-jwt` the room id in unpadded upper-case base32 (see conference.ts). */
  conferenceId: string;
  /** Shown by Element's Jitsi wrapper as the conference subject. */
  roomName: string;
  creatorUserId: string;
  /** What the Jitsi server announces for Element's wrapper, e.g. "openidtoken-jwt"; absent for none. */
  auth?: string;
  /** Defaults to Jitsi's own page for the conference; an operator may prefer a hosted wrapper page. */
  url?: string;
}

// Type aliases rather than interfaces: they fit `Record<string, unknown>` event content parameters.
export type JitsiWidgetData = {
  conferenceId: string;
  roomName: string;
  isAudioOnly: boolean;
  isVideoChannel: boolean;
  domain: string;
  auth?: string;
};

export type JitsiWidgetContent = {
  /** "m.custom" when the operator points meeting rooms at Plenum's call widget (call-widget.ts). */
  type: "jitsi" | "m.custom";
  url: string;
  name: string;
  data: JitsiWidgetData;
  creatorUserId: string;
  id: string;
};

export type WidgetLayoutContent = {
  widgets: Record<string, { container: "top"; width: number; index: number }>;
};

/**
 * Element's own events carry no `creatorUserId` and `id` (it takes them from sender and state key), but
 * the widget definition in the widget API requires both and Element's echo check reads `id` from the
 * content, so they are written too.
 */
export function jitsiWidget(input: JitsiWidgetInput): JitsiWidgetContent {
  const data: JitsiWidgetData = {
    conferenceId: input.conferenceId,
    roomName: input.roomName,
    isAudioOnly: false,
    isVideoChannel: false,
    domain: input.domain,
  };
  // Element leaves `auth` out rather than writing null when the server announces no auth.
  if (input.auth !== undefined) data.auth = input.auth;
  return {
    type: "jitsi",
    url: input.url ?? jitsiConferenceUrl(input.domain, input.conferenceId),
    name: "Jitsi",
    data,
    creatorUserId: input.creatorUserId,
    id: input.widgetId,
  };
}

/**
 * Element draws Jitsi widgets from `data` and ignores `url`, but other clients load the URL. Jitsi
 * reads `userInfo.displayName` from the fragment and JSON-parses it after percent-decoding, hence the
 * encoded quotes; the widget API substitutes `$matrix_display_name` already percent-encoded.
 */
export function jitsiConferenceUrl(domain: string, conferenceId: string): string {
  return `https://${domain}/${encodeURIComponent(conferenceId)}#userInfo.displayName=%22$matrix_display_name%22`;
}

/**
 * Stable per meeting so Plenum can find and replace its own widget. Element needs it unique only within
 * the room (it keys widgets by room and id); URL-safe characters keep it intact in the widget URL
 * query that Element builds.
 */
export function widgetIdFor(meetingId: string): string {
  return `plenum_jitsi_${meetingId.toLowerCase().replace(/[^a-z0-9_-]/g, "_")}`;
}

/** Pins the widget to the top of the room, as Element's "set layout for everyone" stores it. */
export function widgetLayout(widgetId: string): WidgetLayoutContent {
  return { widgets: { [widgetId]: { container: "top", width: 100, index: 0 } } };
}
