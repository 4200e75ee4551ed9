import { DateTime } from "luxon";
import type { FrameLocator, Page } from "playwright-core";
import { WidgetBrowser } from "../support/browser.js";
import { calendarOf, startSmtpServer, type TestSmtpServer } from "../support/smtp.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

describe("e-mail addresses in the planner widget's participant fields, in headless Chromium with a loopback SMTP server", () => {
  let browser: WidgetBrowser;
  let smtp: TestSmtpServer;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  const pages: Page[] = [];
  const tomorrow = DateTime.now().setZone("Europe/Berlin").plus({ days: 1 }).toFormat("yyyy-MM-dd");

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    smtp = await startSmtpServer();
    env = await TestEnv.start({
      locale: "en",
      config: {
        email: { smtp_url: smtp.url, from: "Plenum <plenum@example.org>" },
        jitsi: { app_secret: "jitsi-app-secret-for-tests-0123" },
      },
      start: { widgetsDir: browser.widgetsDir, schedulerTimer: false },
    });
    [alice, bob] = (await env.createUsers("alice", "bob")) as [TestUser, TestUser];
    team = await env.roomWithMembers(alice, [bob]);
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
    await smtp?.close();
  });

  async function planner(): Promise<FrameLocator> {
    const opened = await browser.open(env, { widget: "planner", user: alice, roomId: team });
    pages.push(opened.page);
    return opened.widget;
  }

  async function fillNewMeeting(widget: FrameLocator, title: string, participants: string): Promise<void> {
    await widget.getByRole("button", { name: "New meeting" }).click();
    await widget.getByLabel("Title").fill(title);
    await widget.getByLabel("Date", { exact: true }).fill(tomorrow);
    await widget.getByLabel("Time", { exact: true }).fill("11:00");
    await widget.getByLabel("More participants").fill(participants);
  }

  const meetingTitled = async (title: string) =>
    (await env.plenum.meetingDeps.meetings.forUser(alice.userId)).find((m) => m.title === title);

  /** Runs the jobs due now (the e-mails among them), then waits for the SMTP server to have `count`. */
  async function sendAndReceive(count: number) {
    await env.plenum.scheduler!.tick();
    return smtp.waitForMessages(count);
  }

  const recipient = (mail: { to?: unknown }) => (mail.to as { text: string }).text;

  test("an address in the new meeting's participant field gets an invitation e-mail with the meeting's calendar request", async () => {
    const widget = await planner();
    await fillNewMeeting(widget, "Mailed plan", `${bob.userId} jane@example.org`);
    await widget.getByRole("button", { name: "Schedule" }).click();
    await widget.getByRole("article", { name: "Mailed plan" }).waitFor();
    const meeting = (await meetingTitled("Mailed plan"))!;
    expect(meeting.participants.sort()).toEqual([alice.userId, bob.userId].sort());
    const [mail] = await sendAndReceive(1);
    expect(recipient(mail!)).toBe("jane@example.org");
    expect(mail!.subject).toBe("Invitation: Mailed plan");
    const { method, event } = calendarOf(mail!);
    expect(method).toBe("REQUEST");
    expect(event.uid).toBe(`${meeting.id}@plenum`);
  });

  test("an address in the edit form's invite field gets an invitation e-mail", async () => {
    const widget = await planner();
    await fillNewMeeting(widget, "Mailed later", "");
    await widget.getByRole("button", { name: "Schedule" }).click();
    const card = widget.getByRole("article", { name: "Mailed later" });
    await card.getByRole("button", { name: "Edit" }).click();
    await widget.getByLabel("Invite (user ids or e-mail addresses)").fill("max@example.net");
    await widget.getByRole("button", { name: "Save" }).click();
    await card.waitFor();
    const meeting = (await meetingTitled("Mailed later"))!;
    const before = smtp.received.length;
    const mails = await sendAndReceive(before + 1);
    const mail = mails.at(-1)!;
    expect(recipient(mail)).toBe("max@example.net");
    expect(calendarOf(mail).event.uid).toBe(`${meeting.id}@plenum`);
  });

  test("a bad address in the participant field is refused with the bot's answer, and nothing is created or sent", async () => {
    const widget = await planner();
    await fillNewMeeting(widget, "Never planned", `${bob.userId} jane@example`);
    await widget.getByRole("button", { name: "Schedule" }).click();
    const alert = widget.getByRole("alert");
    await alert.waitFor();
    const existing = (await meetingTitled("Mailed plan"))!;
    const eventId = await env.say(alice, team, `!meet invite ${existing.id} jane@example`);
    const botAnswer = String((await env.replyTo(alice, team, eventId)).getContent().body);
    expect(await alert.textContent()).toBe(botAnswer);
    expect(await meetingTitled("Never planned")).toBeUndefined();
    const before = smtp.received.length;
    await env.plenum.scheduler!.tick();
    expect(smtp.received).toHaveLength(before);
  });
});
