import { themeClass } from "./theme.js";

/** The widget URL's parameters (see core/widgets/room-widgets.ts); display hints, never credentials. */
export interface WidgetParams {
  widgetId: string;
  parentUrl: string;
  roomId: string;
  userId: string;
  displayName: string;
  avatarUrl: string;
  lang: string;
  theme: string;
}

export type ParamsCheck =
  { kind: "ok"; params: WidgetParams } | { kind: "outside-client" } | { kind: "missing"; names: string[] };

const REQUIRED = { widgetId: "widgetId", parentUrl: "parentUrl", roomId: "room_id" } as const;

/** Opened as a page of its own, there is no client to ask for an identity. */
export function readParams(location: Location, isTopWindow: boolean): ParamsCheck {
  const query = new URLSearchParams(location.search);
  if (isTopWindow) return { kind: "outside-client" };
  const missing = Object.values(REQUIRED).filter((name) => !query.get(name));
  if (missing.length > 0) return { kind: "missing", names: missing };
  const get = (name: string) => query.get(name) ?? "";
  return {
    kind: "ok",
    params: {
      widgetId: get("widgetId"),
      parentUrl: get("parentUrl"),
      roomId: get("room_id"),
      userId: get("user_id"),
      displayName: get("display_name") || get("user_id"),
      avatarUrl: get("avatar_url"),
      lang: get("lang"),
      theme: get("theme"),
    },
  };
}

/** Follows Element's theme with Compound's tokens; `data-theme` says light or dark for anything else. */
export function applyTheme(theme: string): void {
  const root = document.documentElement;
  const chosen = themeClass(theme, window.matchMedia("(prefers-color-scheme: dark)").matches);
  root.classList.add(chosen);
  root.dataset.theme = chosen.includes("dark") ? "dark" : "light";
}
