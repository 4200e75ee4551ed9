import type { Frame, Page } from "playwright-core";
import { plenumWidgetUrl } from "../../core/widgets/room-widgets.js";
import { WidgetBrowser, type OpenWidgetOptions } from "../support/browser.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-widget-tests";

interface StandInRecord {
  domain: string;
  options: { roomName: string; jwt: string; userInfo: { displayName: string } };
  commands: unknown[][];
}

interface StandInWindow {
  jitsiStandIn: StandInRecord & { emit(event: string, payload: unknown): void };
}

describe("the call widget in headless Chromium, against a stand-in for Jitsi's external_api.js", () => {
  let browser: WidgetBrowser;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let meetingRoom: string;
  let conference: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { domain: browser.jitsiDomain, app_secret: APP_SECRET, call_widget: "plenum" } },
      start: { widgetsDir: browser.widgetsDir },
    });
    [alice, bob, mallory] = (await env.createUsers("alice", "bob", "mallory")) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    const team = await env.roomWithBot(alice, "Team");
    const eventId = await env.say(
      alice,
      team,
      `!meet schedule "Budget call" tomorrow 10:00 with ${bob.userId}`,
    );
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(
      String((await env.replyTo(alice, team, eventId)).getContent().body),
    )![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    meetingRoom = meeting.roomId!;
    conference = meeting.conferenceName;
    await env.joinRoom(bob, meetingRoom);
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
  });

  async function callWidget(user: TestUser, lang = "en", more: Partial<OpenWidgetOptions> = {}) {
    const opened = await browser.open(env, { widget: "call", user, roomId: meetingRoom, lang, ...more });
    pages.push(opened.page);
    return opened;
  }

  function widgetFrame(page: Page): Frame {
    return page.frames().find((frame) => frame.url().includes("/widgets/call/"))!;
  }

  /** What the stand-in recorded, once it shows its placeholder; functions, not strings, pass the widget's CSP. */
  async function standIn(page: Page): Promise<StandInRecord> {
    await page.frameLocator("#widget").getByText("Jitsi stand-in").waitFor();
    return widgetFrame(page).evaluate(() => (globalThis as unknown as StandInWindow).jitsiStandIn);
  }

  function emit(page: Page, event: string, payload: Record<string, unknown>): Promise<void> {
    return widgetFrame(page).evaluate(
      ([name, data]) => (globalThis as unknown as StandInWindow).jitsiStandIn.emit(name, data),
      [event, payload] as const,
    );
  }

  /**
   * Posts `message` and then a marker from the host page (the widget's parent) to the widget, and
   * returns how many messages with `message`'s request id got past the widget's guard: a listener
   * added after the widget started sees what its widget API would (both come after the guard), and
   * the marker, sent after the message by the same window, says that everything before it arrived.
   */
  async function pastTheGuard(page: Page, message: { requestId: string }): Promise<number> {
    interface Probe {
      probe: { seen: string[]; marked: boolean };
      addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
    }
    const frame = widgetFrame(page);
    await frame.evaluate(() => {
      const probe = { seen: [] as string[], marked: false };
      const self = globalThis as unknown as Probe;
      self.probe = probe;
      self.addEventListener("message", ({ data }) => {
        const fields = (data ?? {}) as { marker?: boolean; requestId?: string };
        if (fields.marker) probe.marked = true;
        else if (fields.requestId) probe.seen.push(fields.requestId);
      });
    });
    await page.evaluate(`{
      const widget = document.getElementById("widget").contentWindow;
      widget.postMessage(${JSON.stringify(message)}, "*");
      widget.postMessage({ marker: true }, "*");
    }`);
    await frame.waitForFunction(() => (globalThis as unknown as Probe).probe.marked);
    const seen = await frame.evaluate(() => (globalThis as unknown as Probe).probe.seen);
    return seen.filter((id) => id === message.requestId).length;
  }

  test("with jitsi.call_widget: plenum the meeting room's call widget is Plenum's, naming the same conference", async () => {
    const widget = (await env.roomMessages("bot", meetingRoom)).find(
      (e) => e.type === "im.vector.modular.widgets",
    );
    expect(widget?.content).toMatchObject({
      type: "m.custom",
      url: plenumWidgetUrl(env.config.http.public_url, "call"),
      data: { conferenceId: conference, domain: browser.jitsiDomain },
    });
  });

  test("before the meeting the widget shows its title, time and when it starts as people say it", async () => {
    const { page, widget } = await callWidget(bob);
    await widget.getByRole("heading", { name: "Budget call" }).waitFor();
    expect(await widget.getByRole("timer").textContent()).toBe("Starts tomorrow at 10:00");
    expect(await page.evaluate("window.hostLog.capabilities")).toEqual(["m.always_on_screen"]);
    await browser.screenshot(page, "call-lobby");
  });

  test("joining hands the Jitsi stand-in the meeting's conference, a fresh Plenum-signed JWT and the display name", async () => {
    const { page, widget } = await callWidget(bob);
    await widget.getByRole("button", { name: "Join the call" }).click();
    const record = await standIn(page);
    expect(record.domain).toBe(browser.jitsiDomain);
    expect(record.options.roomName).toBe(conference.toLowerCase());
    expect(record.options.userInfo.displayName).toBe(bob.userId.slice(1, bob.userId.indexOf(":")));
    expect(await verifiedClaims(record.options.jwt, APP_SECRET)).toMatchObject({
      room: conference.toLowerCase(),
      context: { user: { id: bob.userId, moderator: "false" } },
    });
    expect(await widget.getByText("Jitsi stand-in").textContent()).toBe(
      `Jitsi stand-in: conference ${conference.toLowerCase()} on ${browser.jitsiDomain}`,
    );
    await browser.screenshot(page, "call-joined");
  });

  test("every join asks the client for a new OpenID token, so a late joiner is never refused", async () => {
    const { page, widget } = await callWidget(bob);
    await widget.getByRole("button", { name: "Join the call" }).click();
    await standIn(page);
    const before = (await page.evaluate("window.hostLog.openIdRequests")) as number;
    await emit(page, "readyToClose", {});
    await widget.getByRole("button", { name: "Join the call" }).click();
    await widget.getByText("Jitsi stand-in").waitFor();
    expect(await page.evaluate("window.hostLog.openIdRequests")).toBe(before + 1);
  });

  test("the user's avatar from the client reaches the Jitsi stand-in, as Element hands it over (avatarUrl command)", async () => {
    const avatarUrl = "https://matrix.example.org/_matrix/media/v3/download/example.org/bob-avatar";
    const { page, widget } = await callWidget(bob, "en", { avatarUrl });
    await widget.getByRole("button", { name: "Join the call" }).click();
    expect((await standIn(page)).commands).toContainEqual(["avatarUrl", avatarUrl]);
  });

  test("a sign-in that expired before joining shows the expired state; joining again fetches a fresh token and gets in", async () => {
    const openIdTokens = { stale: false };
    const { page, widget } = await callWidget(bob, "en", { openIdTokens });
    await widget.getByRole("button", { name: "Join the call" }).waitFor();
    openIdTokens.stale = true;
    await widget.getByRole("button", { name: "Join the call" }).click();
    const alert = widget.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "Your sign-in for the call expired. Join again to get a fresh one.",
    );
    await browser.screenshot(page, "call-expired");
    await widget.getByRole("button", { name: "Join the call" }).click();
    const record = await standIn(page);
    await expect(verifiedClaims(record.options.jwt, APP_SECRET)).resolves.toBeDefined();
  });

  test("a running recording is announced visibly (stand-in recording event)", async () => {
    const { page, widget } = await callWidget(bob);
    await widget.getByRole("button", { name: "Join the call" }).click();
    await standIn(page);
    await emit(page, "recordingStatusChanged", { on: true, mode: "file" });
    await widget.getByRole("status").getByText("This call is being recorded.").waitFor();
    await browser.screenshot(page, "call-recording");
  });

  test("OpenID answers forged by another frame beside the call widget are ignored: it joins the call as the client's user", async () => {
    const logged = env.logLines.length;
    const { page, widget } = await callWidget(bob, "en", { forgeOpenIdFor: mallory });
    await widget.getByRole("button", { name: "Join the call" }).click();
    const record = await standIn(page);
    const forgeries = (await page.evaluate("window.hostLog.forgeries")) as number;
    expect(forgeries).toBeGreaterThan(0);
    expect(forgeries).toBe(await page.evaluate("window.hostLog.openIdRequests"));
    expect(await verifiedClaims(record.options.jwt, APP_SECRET)).toMatchObject({
      context: { user: { id: bob.userId } },
    });
    expect(env.widgetSessionsSince(logged)).toEqual([bob.userId]);
  });

  test("a widget API message from the parent window at another origin than the client's is dropped before the widget API", async () => {
    const forged = {
      api: "toWidget",
      widgetId: "plenum_test_widget",
      requestId: "forged-by-the-framing-page",
      action: "openid_credentials",
      data: { state: "allowed", access_token: "forged", matrix_server_name: "evil.example.org" },
    };
    const client = await callWidget(bob);
    await client.widget.getByRole("button", { name: "Join the call" }).waitFor();
    expect(await pastTheGuard(client.page, forged)).toBe(1);
    const framing = await callWidget(bob, "en", { claimedParentUrl: "https://element.example.org/" });
    await framing.widget.getByText("Connecting to your Matrix client…").waitFor();
    expect(await pastTheGuard(framing.page, forged)).toBe(0);
  });

  test("someone who is not in the meeting room gets no access", async () => {
    const { page, widget } = await callWidget(mallory);
    await widget.getByRole("heading", { name: "No access" }).waitFor();
    expect(await widget.getByRole("alert").textContent()).toContain(
      "You are not a member of this room, so you cannot see or plan its meetings.",
    );
    await browser.screenshot(page, "call-no-access");
  });

  test("when Jitsi cannot be reached (stand-in switched off) the widget says so and offers to join again", async () => {
    browser.jitsiStandIn.reachable = false;
    try {
      const { page, widget } = await callWidget(bob);
      await widget.getByRole("button", { name: "Join the call" }).click();
      await widget.getByRole("alert").waitFor();
      expect(await widget.getByRole("alert").textContent()).toBe(
        `The video service cannot be reached: Jitsi at ${browser.jitsiDomain} did not load. Check your connection and try again.`,
      );
      await widget.getByRole("button", { name: "Join the call" }).waitFor();
      await browser.screenshot(page, "call-unreachable");
    } finally {
      browser.jitsiStandIn.reachable = true;
    }
  });

  test("the call widget speaks German in a German client", async () => {
    const { page, widget } = await callWidget(bob, "de");
    await widget.getByRole("button", { name: "Dem Anruf beitreten" }).waitFor();
    expect(await widget.getByRole("timer").textContent()).toBe("Beginnt morgen um 10:00 Uhr");
    await browser.screenshot(page, "call-lobby-de");
  });
});
