import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Frame, FrameLocator, Page } from "playwright-core";
import type { PlenumWidgetName } from "../../core/widgets/room-widgets.js";
import { WidgetBrowser } from "../support/browser.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** axe-core, run inside the widget's frame (injected by the browser, so the widget's CSP stays as served). */
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The little of the DOM the checks read inside the widget's frame (the tests compile without DOM types). */
interface FocusedElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface WidgetWindow {
  document: { activeElement: FocusedElement | null; body: unknown };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

type Violation = { id: string; impact: string | null | undefined; nodes: string[] };

describe("the widgets in Element's look: Compound tokens, Element's theme and language, accessible", () => {
  let browser: WidgetBrowser;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  let meetingRoom: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    env = await TestEnv.start({
      locale: "en",
      config: {
        jitsi: { domain: browser.jitsiDomain, app_secret: "look-test-secret", call_widget: "plenum" },
      },
      start: { widgetsDir: browser.widgetsDir },
    });
    [alice, bob] = (await env.createUsers("alice", "bob")) as [TestUser, TestUser];
    team = await env.roomWithMembers(alice, [bob]);
    const command = `!meet schedule "Budget call" tomorrow 10:00 with ${bob.userId}`;
    const eventId = await env.say(alice, team, command);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(
      String((await env.replyTo(alice, team, eventId)).getContent().body),
    )![1]!;
    meetingRoom = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
    await env.joinRoom(bob, meetingRoom);
    const weekly = await env.say(
      alice,
      team,
      '!meet schedule "Weekly sync" next monday 9:30 for 30m every week',
    );
    await env.replyTo(alice, team, weekly);
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
  });

  async function open(widget: PlenumWidgetName, theme: string, lang: string) {
    const opened = await browser.open(env, {
      widget,
      // The organizer plans in the team room; a participant who joined the meeting room calls.
      user: widget === "call" ? bob : alice,
      roomId: widget === "call" ? meetingRoom : team,
      theme,
      lang,
      initScripts: [AXE],
    });
    pages.push(opened.page);
    return opened;
  }

  function widgetFrame(page: Page): Frame {
    return page.frames().find((frame) => frame.url().includes("/widgets/"))!;
  }

  /** axe-core's WCAG 2.1 A/AA and best-practice checks on the widget's page as it is now. */
  async function violations(page: Page): Promise<Violation[]> {
    const results = await widgetFrame(page).evaluate(() =>
      (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
    );
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  }

  /** A screen at the size of a widget pane in Element, for docs/images (scripts/docs-screenshots.sh). */
  async function picture(page: Page, name: string, height: number): Promise<void> {
    await page.setViewportSize({ width: 840, height });
    await browser.screenshot(page, `look-${name}`);
  }

  async function plannerList(widget: FrameLocator): Promise<void> {
    await widget.getByRole("article").first().waitFor();
    await widget.getByRole("article").nth(1).waitFor();
  }

  async function callLobby(widget: FrameLocator): Promise<void> {
    await widget.getByRole("timer").waitFor();
  }

  const THEMES = ["light", "dark"] as const;
  const LANGS = ["en", "de"] as const;

  test.each(THEMES.flatMap((theme) => LANGS.map((lang) => [theme, lang] as const)))(
    "the planner's list in Element's %s theme, in %s, has no axe violations and uses Compound's colours",
    async (theme, lang) => {
      const { page, widget } = await open("planner", theme, lang);
      await plannerList(widget);
      expect(await widget.locator("html").getAttribute("class")).toContain(`cpd-theme-${theme}`);
      const background = await widgetFrame(page).evaluate(() => {
        const w = globalThis as unknown as WidgetWindow;
        return w.getComputedStyle(w.document.body).backgroundColor;
      });
      expect(background).toBe(theme === "dark" ? "rgb(16, 19, 23)" : "rgb(255, 255, 255)");
      await picture(page, `planner-${theme}-${lang}`, 560);
      expect(await violations(page)).toEqual([]);
    },
  );

  test.each(THEMES.flatMap((theme) => LANGS.map((lang) => [theme, lang] as const)))(
    "the call lobby in Element's %s theme, in %s, has no axe violations",
    async (theme, lang) => {
      const { page, widget } = await open("call", theme, lang);
      await callLobby(widget);
      await picture(page, `call-${theme}-${lang}`, 260);
      expect(await violations(page)).toEqual([]);
    },
  );

  test.each(THEMES)(
    "the planner's form, month and week in the %s theme have no axe violations",
    async (theme) => {
      const { page, widget } = await open("planner", theme, "en");
      await plannerList(widget);
      await widget.getByRole("button", { name: "New meeting" }).click();
      await widget.getByLabel("Title").fill("Staff meeting");
      expect(await violations(page)).toEqual([]);
      await picture(page, `planner-form-${theme}-en`, 760);
      await widget.getByRole("button", { name: "Back" }).click();
      await widget.getByRole("button", { name: "Month" }).click();
      await widget.getByRole("grid").waitFor();
      expect(await violations(page)).toEqual([]);
      await picture(page, `planner-month-${theme}-en`, 640);
      await widget.getByRole("button", { name: "Week" }).click();
      await widget.getByRole("grid").waitFor();
      expect(await violations(page)).toEqual([]);
    },
  );

  test.each(THEMES)(
    "the planner's edit form of a series, with “Move one date”, in the %s theme has no axe violations",
    async (theme) => {
      const { page, widget } = await open("planner", theme, "en");
      await plannerList(widget);
      await widget
        .getByRole("article", { name: "Weekly sync" })
        .getByRole("button", { name: "Edit" })
        .click();
      const move = widget.getByRole("form", { name: "Move one date" });
      await move.getByLabel("New time").fill("14:00");
      expect(await violations(page)).toEqual([]);
      await page.setViewportSize({ width: 840, height: 520 });
      await move.scrollIntoViewIfNeeded();
      await browser.screenshot(page, `look-planner-move-${theme}-en`);
    },
  );

  test.each(["light-high-contrast", "dark-high-contrast"])(
    "in Element's %s theme both widgets use Compound's high-contrast tokens and have no axe violations",
    async (theme) => {
      const planner = await open("planner", theme, "en");
      await plannerList(planner.widget);
      expect(await planner.widget.locator("html").getAttribute("class")).toContain(
        theme.startsWith("dark") ? "cpd-theme-dark-hc" : "cpd-theme-light-hc",
      );
      expect(await violations(planner.page)).toEqual([]);
      const call = await open("call", theme, "en");
      await callLobby(call.widget);
      expect(await violations(call.page)).toEqual([]);
    },
  );

  test("the planner's controls are reached with Tab in reading order, each named for screen readers", async () => {
    const { page, widget } = await open("planner", "light", "en");
    await plannerList(widget);
    const frame = widgetFrame(page);
    await widget.getByRole("button", { name: "This room" }).focus();
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      reached.push(
        await frame.evaluate(() => {
          const el = (globalThis as unknown as WidgetWindow).document.activeElement!;
          return `${el.tagName.toLowerCase()}: ${el.getAttribute("aria-label") ?? el.textContent ?? ""}`;
        }),
      );
      await page.keyboard.press("Tab");
    }
    expect(reached).toEqual([
      "button: This room",
      "button: Month",
      "button: Week",
      "button: New meeting",
      "a: Open meeting room",
      "a: Add to calendar",
      "button: Edit",
      "button: Cancel meeting",
    ]);
  });

  test("in the month view one day is in the tab order and the arrow keys move through the days", async () => {
    const { page, widget } = await open("planner", "light", "en");
    await plannerList(widget);
    await widget.getByRole("button", { name: "Month" }).focus();
    await page.keyboard.press("Enter");
    const grid = widget.getByRole("grid");
    await grid.waitFor();
    const tabbable = grid.locator('[role="gridcell"][tabindex="0"]');
    expect(await tabbable.count()).toBe(1);
    const first = (await tabbable.getAttribute("data-date"))!;
    await tabbable.focus();
    await page.keyboard.press("ArrowDown");
    const focused = () =>
      widgetFrame(page).evaluate(() =>
        (globalThis as unknown as WidgetWindow).document.activeElement?.getAttribute("data-date"),
      );
    const weekLater = new Date(`${first}T12:00:00Z`);
    weekLater.setUTCDate(weekLater.getUTCDate() + 7);
    expect(await focused()).toBe(weekLater.toISOString().slice(0, 10));
    expect(await tabbable.count()).toBe(1);
  });
});
