import type { WidgetApi } from "matrix-widget-api";
import type { CapabilityRequest } from "./capabilities.js";
import { ApiFailure, connect, PlenumApi } from "./client.js";
import { notice } from "./dom.js";
import { translator, widgetLocale, type Translate, type WidgetLocale } from "./i18n.js";
import { applyTheme, readParams, type WidgetParams } from "./params.js";

export interface Booted {
  params: WidgetParams;
  locale: WidgetLocale;
  /** For dates and times: the browser's regional variant when it is of the same language ("en-GB"). */
  formatLocale: string;
  t: Translate;
  widgetApi: WidgetApi;
  api: PlenumApi;
  userId: string;
}

/** How long the client may take to negotiate before the widget says it is not answering. */
const CLIENT_TIMEOUT_MS = 15_000;

/**
 * What both widgets do first: read the URL, follow the client's theme and language, connect to the
 * client and sign in to Plenum with the client's OpenID token. Shows a clear message and returns
 * undefined when any of that is impossible.
 */
export async function boot(
  root: HTMLElement,
  capabilities: readonly CapabilityRequest[],
): Promise<Booted | undefined> {
  const query = new URLSearchParams(location.search);
  const locale = widgetLocale(query.get("lang") ?? "", navigator.language);
  const t = translator(locale);
  document.documentElement.lang = locale;
  applyTheme(query.get("theme") ?? "");
  const checked = readParams(location, window.parent === window);
  if (checked.kind === "outside-client") {
    notice(root, t("page.outside_title"), t("page.outside_text"));
    return undefined;
  }
  if (checked.kind === "missing") {
    notice(root, t("page.missing_title"), t("page.missing_text", { names: checked.names.join(", ") }));
    return undefined;
  }
  const { params } = checked;
  root.setAttribute("aria-busy", "true");
  root.textContent = t("page.connecting");
  const silence = setTimeout(
    () => notice(root, t("page.signin_failed_title"), t("page.no_answer")),
    CLIENT_TIMEOUT_MS,
  );
  const widgetApi = await connect(params, capabilities);
  clearTimeout(silence);
  const api = new PlenumApi(widgetApi, locale);
  try {
    const session = await api.signIn();
    root.removeAttribute("aria-busy");
    const formatLocale = navigator.language.toLowerCase().startsWith(locale) ? navigator.language : locale;
    return { params, locale, formatLocale, t, widgetApi, api, userId: session.user_id };
  } catch (error) {
    const text = error instanceof ApiFailure ? error.message : t("page.declined");
    notice(root, t("page.signin_failed_title"), text);
    return undefined;
  }
}
