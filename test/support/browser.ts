import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type FrameLocator, type Page } from "playwright-core";
import { buildWidgets } from "../../scripts/build-widgets.js";
import { plenumWidgetUrl, type PlenumWidgetName } from "../../core/widgets/room-widgets.js";
import {
  deploymentConfigStandIn,
  EXTERNAL_API_STAND_IN,
  LIB_JITSI_MEET_STAND_IN,
} from "./jitsi-stand-ins.js";
import type { TestEnv, TestUser } from "./testenv.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SCREENSHOT_DIR = join(ROOT, "test-results", "screenshots");

/** Debian's headless Chromium (never a downloaded build), trusting the test's self-signed certificates. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--ignore-certificate-errors"],
  });
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

/** A self-signed certificate for 127.0.0.1; the browser is told to accept it. */
function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ]),
    { stdio: "ignore" },
  );
  return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
}

export interface OpenWidgetOptions {
  widget: PlenumWidgetName;
  user: TestUser;
  roomId: string;
  lang?: string;
  theme?: string;
  /** A `$matrix_user_id` other than the signed-in user's, as a forged widget URL would carry. */
  urlUserId?: string;
  /** The user's avatar as the client hands it to widgets (`$matrix_avatar_url`, an HTTP URL). */
  avatarUrl?: string;
  /** Set `stale` to make the host answer the next OpenID request with a token the homeserver no longer knows. */
  openIdTokens?: { stale: boolean };
  /**
   * Puts a hostile frame beside the widget that answers each of the widget's OpenID requests first,
   * with a real OpenID token of this user (see widget-host/host.ts).
   */
  forgeOpenIdFor?: TestUser;
  /**
   * The `parentUrl` the host hands the widget instead of its own address, as a page that frames the
   * widget while claiming to be another client would: the widget then takes that URL's origin for
   * its client's.
   */
  claimedParentUrl?: string;
  /** Scripts run in every frame before its own (as the browser injects them, the widget's CSP allows them). */
  initScripts?: string[];
}

/**
 * Headless Chromium (Debian's, never a downloaded build), a widget host page on its own origin
 * (test/support/widget-host/host.ts), a Jitsi stand-in over HTTPS (test/support/jitsi-stand-ins.ts), and the widgets freshly built
 * into a directory of their own that Plenum is started with.
 */
export class WidgetBrowser {
  private constructor(
    readonly browser: Browser,
    readonly widgetsDir: string,
    readonly jitsiDomain: string,
    /** Set `reachable` to false to make the Jitsi stand-in fail like an unreachable server. */
    readonly jitsiStandIn: { reachable: boolean },
    private readonly hostUrl: string,
    private readonly servers: Server[],
    private readonly tempDir: string,
  ) {}

  static async start(): Promise<WidgetBrowser> {
    const tempDir = mkdtempSync(join(tmpdir(), "plenum-widgets-"));
    const widgetsDir = join(tempDir, "widgets");
    await buildWidgets(ROOT, widgetsDir);
    const hostBundle = await build({
      absWorkingDir: ROOT,
      entryPoints: ["test/support/widget-host/host.ts"],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "warning",
    });
    const hostScript = hostBundle.outputFiles[0]!.text;
    const host = createHttpServer((request, response) => {
      if (request.url === "/host.js") {
        response.writeHead(200, { "content-type": "text/javascript" }).end(hostScript);
        return;
      }
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(
          '<!doctype html><html><head><title>Widget host</title><style>body{margin:0}iframe{width:100%;height:100vh;border:0}</style></head><body><script type="module" src="/host.js"></script></body></html>',
        );
    });
    const standIn = { reachable: true };
    const jitsi = createHttpsServer(selfSignedCertificate(tempDir), (request, response) => {
      const scripts: Record<string, string> = {
        "/external_api.js": EXTERNAL_API_STAND_IN,
        "/libs/lib-jitsi-meet.min.js": LIB_JITSI_MEET_STAND_IN,
        "/config.js": deploymentConfigStandIn(request.headers.host ?? ""),
      };
      const script = scripts[request.url ?? ""];
      if (script !== undefined && standIn.reachable)
        response.writeHead(200, { "content-type": "text/javascript" }).end(script);
      else response.writeHead(404).end();
    });
    const hostPort = await listening(host);
    const jitsiPort = await listening(jitsi);
    const browser = await launchChromium();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return new WidgetBrowser(
      browser,
      widgetsDir,
      `127.0.0.1:${jitsiPort}`,
      standIn,
      `http://127.0.0.1:${hostPort}/`,
      [host, jitsi],
      tempDir,
    );
  }

  /** Opens the host page with the widget in it; the host answers OpenID requests for `user`. */
  async open(env: TestEnv, options: OpenWidgetOptions): Promise<{ page: Page; widget: FrameLocator }> {
    const lang = options.lang ?? "en";
    const context = await this.browser.newContext({
      locale: lang === "de" ? "de-DE" : "en-GB",
      timezoneId: "Europe/Berlin",
      viewport: { width: 1000, height: 860 },
    });
    for (const content of options.initScripts ?? []) await context.addInitScript({ content });
    const page = await context.newPage();
    const tokens = options.openIdTokens;
    const credentials = (accessToken: string) => ({
      access_token: accessToken,
      matrix_server_name: env.state.homeserver.serverName,
      token_type: "Bearer",
      expires_in: 3600,
    });
    await page.exposeFunction("plenumOpenIdToken", async () =>
      credentials(
        tokens?.stale
          ? ((tokens.stale = false), "expired-openid-token")
          : await env.openIdToken(options.user),
      ),
    );
    const forgeFor = options.forgeOpenIdFor;
    if (forgeFor)
      await page.exposeFunction("plenumForgedOpenIdToken", async () =>
        credentials(await env.openIdToken(forgeFor)),
      );
    const query = new URLSearchParams({
      template: plenumWidgetUrl(env.httpUrl, options.widget),
      room_id: options.roomId,
      user_id: options.user.userId,
      url_user_id: options.urlUserId ?? "",
      display_name: options.user.userId.slice(1, options.user.userId.indexOf(":")),
      avatar_url: options.avatarUrl ?? "",
      lang,
      theme: options.theme ?? "light",
      ...(forgeFor ? { hostile: "1" } : {}),
      ...(options.claimedParentUrl ? { parent_url: options.claimedParentUrl } : {}),
    });
    await page.goto(`${this.hostUrl}?${query}`);
    return { page, widget: page.frameLocator("#widget") };
  }

  /** Opens a widget page directly, as a browser tab would: outside any Matrix client. */
  async openDirectly(url: string): Promise<Page> {
    const page = await (await this.browser.newContext({ locale: "en-GB" })).newPage();
    await page.goto(url);
    return page;
  }

  /** Saved under test-results/screenshots (a CI artifact; docs/widgets.md's pictures come from here). */
  async screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }

  async stop(): Promise<void> {
    await this.browser.close();
    for (const server of this.servers) await new Promise((done) => server.close(done));
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}
