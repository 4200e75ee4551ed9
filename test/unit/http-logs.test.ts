import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlenum, type Plenum } from "../../app/start.js";
import { buildConfig } from "../../core/config/load.js";
import { guestLinkKey, signGuestLink } from "../../core/meetings/guest-link.js";
import { calendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import { freePort } from "../support/global-setup.js";
import { validRawConfig } from "../support/config.js";

const UVS_TOKEN = "uvs-token-for-tests-0123456789";

/**
 * Plenum's HTTP role alone (no homeserver is contacted), with its log captured: what a request that
 * fails leaves in the log. Paths and bodies carry secrets (calendar feed tokens, guest links, OpenID
 * tokens); none of them may reach a log line.
 */
describe("what failing requests leave in the log", () => {
  let dir: string;
  let plenum: Plenum;
  let url: string;
  let feedToken: string;
  let guestToken: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plenum-logs-"));
    const raw = validRawConfig();
    raw.http = { ...raw.http, port: await freePort() };
    raw.database = { url: `sqlite://${join(dir, "plenum.sqlite")}` };
    raw.jitsi = { ...raw.jitsi, app_secret: "jitsi-app-secret-for-tests-0123", uvs_token: UVS_TOKEN };
    const { config, secrets } = buildConfig(raw);
    plenum = await startPlenum(config, {
      roles: ["http"],
      secrets,
      logDestination: { write: (line) => void logLines.push(line) },
    });
    url = `http://127.0.0.1:${plenum.http!.port}`;
    feedToken = await calendarTokensRepository(plenum.db).tokenFor("@alice:example.org", Date.now());
    guestToken = signGuestLink(
      { meetingId: "ABC-DEF", generation: 0, expiresAt: Date.now() + 3_600_000 },
      guestLinkKey(config.appservice.hs_token),
    );
  });

  afterAll(async () => {
    await plenum?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  test("a malformed JSON body on the guest page is a 400, logged without the link", async () => {
    const response = await post(`/guest/${guestToken}`, '{"name": "Erika');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errcode: "M_NOT_JSON", error: "Body is not JSON" });
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === "malformed request refused");
    expect(line).toMatchObject({ level: 30, route: "/guest/:token", status: 400 });
    expect(logLines.join("")).not.toContain(guestToken);
  });

  test("a malformed JSON body carrying an OpenID token is a 400, logged without the token", async () => {
    const openIdToken = "openid-token-that-must-not-be-logged";
    const response = await post("/api/v1/session", `{"openid_token": "${openIdToken}", "matrix_server_name"`);
    expect(response.status).toBe(400);
    expect(logLines.join("")).not.toContain(openIdToken);
  });

  test("Prosody's verification endpoints check the bearer before they read the body", async () => {
    const body = '{"token": "openid-token-of-someone", ';
    expect((await post("/verify/user", body)).status).toBe(403);
    expect((await post("/verify/user_in_room", body, { authorization: "Bearer wrong" })).status).toBe(403);
    expect((await post("/verify/user", body, { authorization: `Bearer ${UVS_TOKEN}` })).status).toBe(400);
    expect(logLines.join("")).not.toContain("openid-token-of-someone");
  });

  test("with the database down, the calendar feed and the guest page fail without their tokens in the log", async () => {
    await plenum.db.destroy();
    const feed = await fetch(`${url}/calendar/${feedToken}.ics`);
    const guest = await fetch(`${url}/guest/${guestToken}`);
    expect(feed.status).toBeGreaterThanOrEqual(500);
    expect(guest.status).toBeGreaterThanOrEqual(500);
    const logs = logLines.join("");
    expect(logs).not.toContain(feedToken);
    expect(logs).not.toContain(guestToken);
    const failures = logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 40);
    expect(failures.map((l) => l.route)).toEqual(
      expect.arrayContaining(["/calendar/:token.ics", "/guest/:token"]),
    );
  });
});
