import { DateTime } from "luxon";
import type { FrameLocator, Page } from "playwright-core";
import { MEETING_STATE } from "../../core/meetings/room-state.js";
import { WidgetBrowser } from "../support/browser.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

interface HostWindow {
  hostLog: { navigations: string[] };
}

describe("the planner widget in headless Chromium, hosted by matrix-widget-api's ClientWidgetApi", () => {
  let browser: WidgetBrowser;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let team: string;
  const pages: Page[] = [];
  const tomorrow = DateTime.now().setZone("Europe/Berlin").plus({ days: 1 });

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    env = await TestEnv.start({ locale: "en", start: { widgetsDir: browser.widgetsDir } });
    [alice, bob, mallory] = (await env.createUsers("alice", "bob", "mallory")) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    team = await env.roomWithMembers(alice, [bob]);
    await botReply('!meet schedule "Existing call" tomorrow 09:00');
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
  });

  async function botReply(command: string): Promise<string> {
    const eventId = await env.say(alice, team, command);
    return String((await env.replyTo(alice, team, eventId)).getContent().body);
  }

  async function planner(
    user: TestUser,
    options: { lang?: string; theme?: string; urlUserId?: string } = {},
  ) {
    const opened = await browser.open(env, { widget: "planner", user, roomId: team, ...options });
    pages.push(opened.page);
    return opened;
  }

  async function fillNewMeeting(
    widget: FrameLocator,
    title: string,
    date: string,
    time: string,
  ): Promise<void> {
    await widget.getByRole("button", { name: "New meeting" }).click();
    await widget.getByLabel("Title").fill(title);
    await widget.getByLabel("Date", { exact: true }).fill(date);
    await widget.getByLabel("Time", { exact: true }).fill(time);
  }

  test("the planner signs in with the host's OpenID token, asks only for its listed capability, and lists the room's meetings", async () => {
    const { page, widget } = await planner(alice);
    const card = widget.getByRole("article", { name: "Existing call" });
    await card.waitFor();
    expect(await card.textContent()).toContain(
      `${tomorrow.setLocale("en-GB").toFormat("ccc, d LLL yyyy")}, 09:00–10:00`,
    );
    expect(await card.textContent()).toContain(bob.userId);
    expect(await card.getByRole("link", { name: "Open meeting room" }).getAttribute("href")).toMatch(
      /^https:\/\/matrix\.to\/#\//,
    );
    expect(await page.evaluate("window.hostLog.capabilities")).toEqual(["org.matrix.msc2931.navigate"]);
    await browser.screenshot(page, "planner-list");
  });

  test("following a meeting's join link asks the client to open the meeting room (navigate capability)", async () => {
    const { page, widget } = await planner(bob);
    const card = widget.getByRole("article", { name: "Existing call" });
    const link = await card.getByRole("link", { name: "Open meeting room" }).getAttribute("href");
    await card.getByRole("link", { name: "Open meeting room" }).click();
    await page.waitForFunction(() => (globalThis as unknown as HostWindow).hostLog.navigations.length > 0);
    expect(await page.evaluate(() => (globalThis as unknown as HostWindow).hostLog.navigations)).toEqual([
      link,
    ]);
  });

  test("a meeting planned with the form gets its meeting room on the homeserver with the same state as from the bot", async () => {
    const { page, widget } = await planner(alice);
    await fillNewMeeting(widget, "Widget planning", tomorrow.toFormat("yyyy-MM-dd"), "11:00");
    await widget.getByLabel("Duration (minutes)").fill("30");
    await widget.getByLabel("Repeats", { exact: true }).selectOption({ label: "Weekly" });
    await widget.getByLabel("Or number of meetings").fill("4");
    await widget.getByLabel(bob.userId).check();
    await widget.getByLabel("Description").fill("Agenda in the pad");
    await browser.screenshot(page, "planner-form");
    await widget.getByRole("button", { name: "Schedule" }).click();
    await widget.getByRole("article", { name: "Widget planning" }).waitFor();

    const meetings = await env.plenum.meetingDeps.meetings.forUser(alice.userId);
    const planned = meetings.find((m) => m.title === "Widget planning")!;
    const fromBot = meetings.find((m) => m.title === "Existing call")!;
    expect(planned).toMatchObject({
      durationMinutes: 30,
      rrule: "FREQ=WEEKLY;COUNT=4",
      description: "Agenda in the pad",
    });
    expect(planned.participants.sort()).toEqual([alice.userId, bob.userId].sort());
    const stateTypes = async (roomId: string) =>
      (await env.roomMessages("bot", roomId))
        .filter((e) => e.type !== "m.room.message")
        .map((e) => e.type)
        .sort();
    expect(await stateTypes(planned.roomId!)).toEqual(await stateTypes(fromBot.roomId!));
    const state = (await env.roomMessages("bot", planned.roomId!)).find((e) => e.type === MEETING_STATE);
    expect(state?.content).toMatchObject({
      title: "Widget planning",
      organizer: alice.userId,
      status: "scheduled",
    });
  });

  test("a time in the past shows the same message as the bot's reply", async () => {
    const { page, widget } = await planner(alice);
    await fillNewMeeting(widget, "Too late", "2020-01-06", "10:00");
    await widget.getByRole("button", { name: "Schedule" }).click();
    const alert = widget.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(await botReply('!meet schedule "Too late" 2020-01-06 10:00'));
    await browser.screenshot(page, "planner-error");
  });

  test("the organizer moves a meeting with the edit form, then cancels it", async () => {
    const { widget, page } = await planner(alice);
    page.on("dialog", (dialog) => void dialog.accept());
    await fillNewMeeting(widget, "To be moved", tomorrow.toFormat("yyyy-MM-dd"), "13:00");
    await widget.getByRole("button", { name: "Schedule" }).click();
    const card = widget.getByRole("article", { name: "To be moved" });
    await card.getByRole("button", { name: "Edit" }).click();
    await widget.getByLabel("Time", { exact: true }).fill("15:00");
    await widget.getByRole("button", { name: "Save" }).click();
    await card.getByText("15:00–16:00").waitFor();
    const moved = (await env.plenum.meetingDeps.meetings.forUser(alice.userId)).find(
      (m) => m.title === "To be moved",
    )!;
    await env.waitForMessage(moved.roomId!, "“To be moved” has moved to");
    await card.getByRole("button", { name: "Cancel meeting" }).click();
    await card.waitFor({ state: "detached" });
    expect((await env.plenum.meetingDeps.meetings.get(moved.id))?.status).toBe("cancelled");
  });

  test("the edit form renames a meeting, shortens it, describes it and removes an invited participant", async () => {
    const { widget, page } = await planner(alice);
    await fillNewMeeting(widget, "Rough plan", tomorrow.toFormat("yyyy-MM-dd"), "16:00");
    await widget.getByLabel(bob.userId).check();
    await widget.getByRole("button", { name: "Schedule" }).click();
    await widget.getByRole("article", { name: "Rough plan" }).getByRole("button", { name: "Edit" }).click();
    await widget.getByLabel("Title").fill("Final plan");
    await widget.getByLabel("Duration (minutes)").fill("30");
    await widget.getByLabel("Description").fill("Decide the budget");
    await browser.screenshot(page, "planner-edit");
    await widget.getByRole("button", { name: `Remove ${bob.userId} from the meeting` }).click();
    await widget
      .getByRole("button", { name: `Remove ${bob.userId} from the meeting` })
      .waitFor({ state: "detached" });
    expect(
      await widget.getByRole("button", { name: `Remove ${alice.userId} from the meeting` }).count(),
    ).toBe(0);
    await widget.getByRole("button", { name: "Save" }).click();
    const card = widget.getByRole("article", { name: "Final plan" });
    await card.getByText("16:00–16:30").waitFor();
    expect(await card.textContent()).toContain("Decide the budget");
    expect(await card.locator(".participants").textContent()).not.toContain(bob.userId);
    const edited = (await env.plenum.meetingDeps.meetings.forUser(alice.userId)).find(
      (m) => m.title === "Final plan",
    )!;
    expect(edited).toMatchObject({
      durationMinutes: 30,
      description: "Decide the budget",
      participants: [alice.userId],
    });
    await env.waitForMessage(edited.roomId!, `${alice.userId} removed ${bob.userId} from “Rough plan”`);
    await env.waitForMessage(
      edited.roomId!,
      `${alice.userId} changed “Rough plan”: it is now called “Final plan”`,
    );
  });

  test("the month view shows the user's meetings across rooms", async () => {
    const { page, widget } = await planner(bob);
    await widget.getByRole("button", { name: "Month" }).click();
    const entry = widget.locator(`.day[data-date="${tomorrow.toFormat("yyyy-MM-dd")}"] .entry`).first();
    if (tomorrow.month !== DateTime.now().setZone("Europe/Berlin").month) {
      await widget.getByRole("button", { name: "Next" }).click();
    }
    await entry.waitFor();
    expect(
      await widget.locator(`.day[data-date="${tomorrow.toFormat("yyyy-MM-dd")}"]`).textContent(),
    ).toContain("09:00 Existing call");
    await browser.screenshot(page, "planner-month");
    await widget.getByRole("button", { name: "Week" }).click();
    await widget.getByRole("grid").waitFor();
    await browser.screenshot(page, "planner-week");
  });

  test("someone who is not in the room gets no access", async () => {
    const { page, widget } = await planner(mallory);
    const alert = widget.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "You are not a member of this room, so you cannot see or plan its meetings.",
    );
    await browser.screenshot(page, "planner-no-access");
  });

  test("a forged user id in the widget URL shows only what the real OpenID identity may see", async () => {
    const { widget } = await planner(mallory, { urlUserId: alice.userId });
    await widget.getByRole("alert").waitFor();
    expect(await widget.getByRole("article").count()).toBe(0);
    expect(await widget.getByRole("alert").textContent()).toContain("You are not a member of this room");
  });

  test("OpenID answers forged by another frame beside the planner are ignored: it signs in as the client's user", async () => {
    const logged = env.logLines.length;
    const { page, widget } = await browser.open(env, {
      widget: "planner",
      user: alice,
      roomId: team,
      forgeOpenIdFor: mallory,
    });
    pages.push(page);
    const card = widget.getByRole("article", { name: "Existing call" });
    await card.or(widget.getByRole("alert")).first().waitFor();
    expect(await page.evaluate("window.hostLog.forgeries")).toBeGreaterThan(0);
    expect(await widget.getByRole("alert").count()).toBe(0);
    expect(await card.isVisible()).toBe(true);
    expect(env.widgetSessionsSince(logged)).toEqual([alice.userId]);
  });

  test("the planner speaks German in a German client and follows its dark theme", async () => {
    const { page, widget } = await planner(alice, { lang: "de", theme: "dark" });
    await widget.getByRole("heading", { name: "Termine" }).waitFor();
    await widget.getByRole("button", { name: "Neuer Termin" }).waitFor();
    expect(await widget.locator("html").getAttribute("data-theme")).toBe("dark");
    expect(await widget.locator("html").getAttribute("lang")).toBe("de");
    await browser.screenshot(page, "planner-de-dark");
  });

  test("opened as a page of its own, outside a Matrix client, the planner says how to use it", async () => {
    const page = await browser.openDirectly(`${env.httpUrl}/widgets/planner/`);
    pages.push(page);
    await page.getByRole("heading", { name: "Open this in a Matrix client" }).waitFor();
    await browser.screenshot(page, "planner-outside-client");
  });

  test("a widget URL without the room names what is missing", async () => {
    const { page, widget } = await browser.open(env, { widget: "planner", user: alice, roomId: "" });
    pages.push(page);
    await widget.getByRole("heading", { name: "The widget address is incomplete" }).waitFor();
    expect(await widget.getByRole("alert").textContent()).toContain("These parameters are missing: room_id.");
  });

  test("widget pages carry a Content-Security-Policy; hashed assets are cached for good, the page is revalidated", async () => {
    const index = await fetch(`${env.httpUrl}/widgets/planner/`);
    expect(index.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const script = /src="(assets\/main-[A-Z0-9]+\.js)"/.exec(await index.text())![1]!;
    const asset = await fetch(`${env.httpUrl}/widgets/planner/${script}`);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
