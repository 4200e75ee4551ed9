import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Response, type Router } from "express";
import type { Config } from "../../core/config/schema.js";

export interface WidgetsRouterOptions {
  config: Config;
  /** Where `npm run build` put the widgets (widgets/dist); found from this file when not given. */
  widgetsDir?: string;
}

export const WIDGET_NAMES = ["planner", "call"] as const;

/** The repository (or installed package) root: the nearest folder up from here with a package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Only what the widgets load: their own scripts and styles, Plenum's API on the same origin, and for
 * the call widget Jitsi's IFrame API script and conference frame from the configured Jitsi domain,
 * and the connections lib-jitsi-meet opens there for whisper and listening conferences (XMPP over
 * WebSocket or BOSH, on that domain only).
 * Any client may frame them (Element's origin is not known to Plenum); they hold no secrets, and
 * every API call is authorized by the user's own OpenID-backed session.
 */
export function widgetContentSecurityPolicy(
  widget: (typeof WIDGET_NAMES)[number],
  jitsiDomain: string,
): string {
  const jitsi = `https://${jitsiDomain}`;
  return [
    "default-src 'none'",
    `script-src 'self'${widget === "call" ? ` ${jitsi}` : ""}`,
    "style-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${widget === "call" ? ` ${jitsi} wss://${jitsiDomain}` : ""}`,
    "img-src 'self' data:",
    ...(widget === "call" ? [`frame-src ${jitsi}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors *",
  ].join("; ");
}

/** esbuild names assets `<name>-<HASH>.<ext>`: such a file never changes, so clients may keep it. */
const HASHED = /-[A-Z0-9]{8}\.(?:js|css|woff2)$/;

function setAssetHeaders(response: Response, path: string): void {
  response.setHeader("Cache-Control", HASHED.test(path) ? "public, max-age=31536000, immutable" : "no-cache");
}

/** Serves the built widgets at `/widgets/<name>/`: index pages revalidated, hashed assets cached for good. */
export function widgetsRouter(options: WidgetsRouterOptions): Router {
  const dir = options.widgetsDir ?? join(packageRoot(), "widgets", "dist");
  const router = express.Router();
  for (const name of WIDGET_NAMES) {
    const csp = widgetContentSecurityPolicy(name, options.config.jitsi.domain);
    router.use(`/widgets/${name}`, (request, response, next) => {
      response.setHeader("Content-Security-Policy", csp);
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "no-referrer");
      next();
    });
    router.use(
      `/widgets/${name}`,
      express.static(join(dir, name), { setHeaders: setAssetHeaders, index: "index.html", redirect: true }),
    );
  }
  return router;
}
