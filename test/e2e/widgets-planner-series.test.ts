import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { WidgetBrowser } from "../support/browser.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

describe("a series in the planner widget, in headless Chromium", () => {
  let browser: WidgetBrowser;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  const pages: Page[] = [];
  const monday = DateTime.now().setZone("Europe/Berlin").startOf("week").plus({ weeks: 1 });
  const until = monday.plus({ weeks: 8 });

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    env = await TestEnv.start({ locale: "en", start: { widgetsDir: browser.widgetsDir } });
    [alice, bob] = (await env.createUsers("alice", "bob")) as [TestUser, TestUser];
    team = await env.roomWithMembers(alice, [bob]);
    const command = `!meet schedule "Team series" ${monday.toFormat("yyyy-MM-dd")} 10:00 every weekly until ${until.toFormat("yyyy-MM-dd")}`;
    await env.replyTo(alice, team, await env.say(alice, team, command));
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
  });

  async function card(user: TestUser, lang?: string) {
    const opened = await browser.open(env, {
      widget: "planner",
      user,
      roomId: team,
      ...(lang ? { lang } : {}),
    });
    pages.push(opened.page);
    const found = opened.widget.getByRole("article", { name: "Team series" });
    await found.waitFor();
    return found;
  }

  test("a meeting card says the series in words in English, never the raw rule", async () => {
    const text = await (await card(alice)).textContent();
    expect(text).toContain(
      `Repeats: every week on Monday until ${until.toFormat("d MMMM yyyy", { locale: "en" })}`,
    );
    expect(text).not.toContain("FREQ=");
  });

  test("a meeting card says the series in words in German in a German client", async () => {
    const text = await (await card(bob, "de")).textContent();
    expect(text).toContain(`Wiederholung: jede Woche am Montag bis ${until.toFormat("dd.MM.yyyy")}`);
  });

  test("“Add to calendar” downloads the meeting's .ics from its signed link", async () => {
    const link = (await card(alice)).getByRole("link", { name: "Add to calendar" });
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/\/calendar\/meeting\/[A-Z0-9]{3}-[A-Z0-9]{3}\/[A-Za-z0-9_-]+\.ics$/);
    const response = await fetch(`${env.httpUrl}${new URL(href).pathname}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("SUMMARY:Team series");
  });

  test("“Move this date” moves one date of the series: the week shows it on its new day and the meeting stores it as an override", async () => {
    const second = monday.plus({ weeks: 1 });
    const tuesday = second.plus({ days: 1 });
    const opened = await browser.open(env, { widget: "planner", user: alice, roomId: team });
    pages.push(opened.page);
    const { widget } = opened;
    await widget.getByRole("article", { name: "Team series" }).getByRole("button", { name: "Edit" }).click();
    const form = widget.getByRole("form", { name: "Move one date" });
    await form.getByLabel("Date to move").fill(second.toFormat("yyyy-MM-dd"));
    await form.getByLabel("New date").fill(tuesday.toFormat("yyyy-MM-dd"));
    await form.getByLabel("New time").fill("14:00");
    await form.getByRole("button", { name: "Move this date" }).click();
    await widget.getByRole("article", { name: "Team series" }).waitFor();

    await widget.getByRole("button", { name: "Week" }).click();
    const weeksAhead = Math.round(
      second.diff(DateTime.now().setZone("Europe/Berlin").startOf("week"), "weeks").weeks,
    );
    for (let n = 0; n < weeksAhead; n++) await widget.getByRole("button", { name: "Next" }).click();
    const day = (date: DateTime) => widget.locator(`[data-date="${date.toFormat("yyyy-MM-dd")}"]`);
    await day(tuesday).getByText("14:00 Team series").waitFor();
    expect(await day(second).textContent()).not.toContain("Team series");

    const stored = (await env.plenum.meetingDeps.meetings.openFromOrigin(team, Date.now())).find(
      (m) => m.title === "Team series",
    );
    expect(stored?.overrides).toEqual([
      {
        recurrenceId: second.set({ hour: 10 }).toISO({ suppressMilliseconds: true }),
        start: tuesday.set({ hour: 14 }).toISO({ suppressMilliseconds: true }),
      },
    ]);
  });

  test("a German client offers “Einen Termin verschieben” in the series' edit form", async () => {
    const opened = await browser.open(env, { widget: "planner", user: alice, roomId: team, lang: "de" });
    pages.push(opened.page);
    const { widget } = opened;
    await widget
      .getByRole("article", { name: "Team series" })
      .getByRole("button", { name: "Ändern" })
      .click();
    const form = widget.getByRole("form", { name: "Einen Termin verschieben" });
    await form.getByLabel("Zu verschiebender Tag").waitFor();
    await form.getByRole("button", { name: "Diesen Termin verschieben" }).waitFor();
  });
});
