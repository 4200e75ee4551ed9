import { guestLinkKey, signGuestLink } from "../../core/council/guest-link.js";
import { calendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import { HttpRole } from "../support/http-role.js";

const UVS_TOKEN = "uvs-token-for-tests-0123456789";

/**
 * What a request that fails leaves in the log. Paths and bodies carry secrets (calendar feed tokens,
 * guest links, OpenID tokens); none of them may reach a log line.
 */
describe("what failing requests leave in the log", () => {
  let http: HttpRole;
  let url: string;
  let feedToken: string;
  let guestToken: string;

  beforeAll(async () => {
    http = await HttpRole.start({
      jitsi: { app_secret: "jitsi-app-secret-for-tests-0123", uvs_token: UVS_TOKEN },
    });
    url = http.url;
    const feed = await calendarTokensRepository(http.plenum.db).feedFor("@alice:example.org", Date.now());
    feedToken = feed.token;
    guestToken = signGuestLink(
      { meetingId: "ABC-DEF", generation: 0, expiresAt: Date.now() + 3_600_000 },
      guestLinkKey(http.config.appservice.hs_token),
    );
  });

  afterAll(async () => {
    await http?.stop();
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
    const line = http.logs.find((l) => l.msg === "malformed request refused");
    expect(line).toMatchObject({ level: 30, route: "/guest/:token", status: 400 });
    expect(http.logLines.join("")).not.toContain(guestToken);
  });

  test("a malformed JSON body carrying an OpenID token is a 400, logged without the token", async () => {
    const openIdToken = "openid-token-that-must-not-be-logged";
    const response = await post("/api/v1/session", `{"openid_token": "${openIdToken}", "matrix_server_name"`);
    expect(response.status).toBe(400);
    expect(http.logLines.join("")).not.toContain(openIdToken);
  });

  test("Prosody's verification endpoints check the bearer before they read the body", async () => {
    const body = '{"token": "openid-token-of-someone", ';
    expect((await post("/verify/user", body)).status).toBe(403);
    expect((await post("/verify/user_in_room", body, { authorization: "Bearer wrong" })).status).toBe(403);
    expect((await post("/verify/user", body, { authorization: `Bearer ${UVS_TOKEN}` })).status).toBe(400);
    expect(http.logLines.join("")).not.toContain("openid-token-of-someone");
  });

  test("with the database down, the calendar feed and the guest page fail without their tokens in the log", async () => {
    await http.plenum.db.destroy();
    const feed = await fetch(`${url}/calendar/${feedToken}.ics`);
    const guest = await fetch(`${url}/guest/${guestToken}`);
    expect(feed.status).toBeGreaterThanOrEqual(500);
    expect(guest.status).toBeGreaterThanOrEqual(500);
    const logs = http.logLines.join("");
    expect(logs).not.toContain(feedToken);
    expect(logs).not.toContain(guestToken);
    const failures = http.logs.filter((l) => Number(l.level) >= 40);
    expect(failures.map((l) => l.route)).toEqual(
      expect.arrayContaining(["/calendar/:token.ics", "/guest/:token"]),
    );
  });
});
