import type { Browser } from "playwright-core";
import { GUEST_CONTENT_SECURITY_POLICY } from "../../bridge/http/guest.js";
import { launchChromium } from "../support/browser.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-tests-0123";
const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";

describe("the guest page in a browser", () => {
  let env: TestEnv;
  let browser: Browser;
  let alice: TestUser;
  let guestPath: string;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en", config: { jitsi: { app_secret: APP_SECRET } } });
    browser = await launchChromium();
    alice = await env.createUser("alice");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(alice, team, `!meet schedule "${HOSTILE_TITLE}" tomorrow 10:00`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in “${reply}”`);
    const room = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
    await alice.client.joinRoom(room);
    const link = await env.ask(alice, room, "!meet guest-link");
    guestPath = /http:\/\/127\.0\.0\.1(\/guest\/\S+)/.exec(link)?.[1] ?? "";
    if (!guestPath) throw new Error(`no guest link in “${link}”`);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  test("the page is served with its script's hash as the only script allowed, and may not be framed", async () => {
    const response = await fetch(`${env.httpUrl}${guestPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(GUEST_CONTENT_SECURITY_POLICY);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  test("a meeting title made of markup is shown as text, and the page's own script still works", async () => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // Jitsi cannot run here: the join navigation is answered by a stand-in page.
    const jitsi = new Promise<string>((resolve) =>
      page.route("https://meet.example.org/**", async (route) => {
        resolve(route.request().url());
        await route.fulfill({ status: 200, contentType: "text/html", body: "<p>Jitsi stand-in</p>" });
      }),
    );
    await page.goto(`${env.httpUrl}${guestPath}`);
    expect(await page.locator("h1").textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator("img").count()).toBe(0);
    await page.fill("input[name=name]", "Erika Muster");
    await page.click("button");
    expect(await jitsi).toMatch(/^https:\/\/meet\.example\.org\/[^?]+\?jwt=[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
  });
});
