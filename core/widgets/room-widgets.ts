/**
 * Plenum's own widgets as room widgets (`im.vector.modular.widgets` state, which Element shows in the
 * room's widget list). Their URLs carry the widget API's template variables; the client fills them
 * in and appends `widgetId` and `parentUrl` itself. The widgets treat these values as hints for
 * display only: who the user is comes from the OpenID token, never from the URL.
 */

/** The query every Plenum widget takes; the names are the widget's own, the `$…` values the client's. */
const TEMPLATE_QUERY = [
  "room_id=$matrix_room_id",
  "user_id=$matrix_user_id",
  "display_name=$matrix_display_name",
  "avatar_url=$matrix_avatar_url",
  "lang=$org.matrix.msc2873.client_language",
  "theme=$org.matrix.msc2873.client_theme",
].join("&");

export type PlenumWidgetName = "planner" | "call";

export function plenumWidgetUrl(publicUrl: string, name: PlenumWidgetName): string {
  return `${publicUrl.replace(/\/$/, "")}/widgets/${name}/?${TEMPLATE_QUERY}`;
}

/** One planner per room, so adding it again replaces it rather than stacking copies. */
export const PLANNER_WIDGET_ID = "plenum_planner";

// A type alias rather than an interface: it fits `Record<string, unknown>` event content parameters.
export type CustomWidgetContent = {
  type: "m.custom";
  url: string;
  name: string;
  data: Record<string, never>;
  creatorUserId: string;
  id: string;
};

export function plannerWidget(input: {
  publicUrl: string;
  name: string;
  creatorUserId: string;
}): CustomWidgetContent {
  return {
    type: "m.custom",
    url: plenumWidgetUrl(input.publicUrl, "planner"),
    name: input.name,
    data: {},
    creatorUserId: input.creatorUserId,
    id: PLANNER_WIDGET_ID,
  };
}
