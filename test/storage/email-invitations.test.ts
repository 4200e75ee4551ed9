import {
  emailJobHandlers,
  followMeetingChange,
  inviteByEmail,
  uninviteByEmail,
  type EmailDeps,
} from "../../core/email/invitations.js";
import { smtpMailer } from "../../core/email/mailer.js";
import { UserError } from "../../core/errors/user-error.js";
import { createLogger } from "../../core/logging/logger.js";
import type { Meeting } from "../../core/meetings/model.js";
import type { Policy } from "../../core/policy/keys.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import { directChatsRepository } from "../../core/storage/direct-chats.js";
import { emailInvitationsRepository } from "../../core/storage/email-invitations.js";
import { guestLinksRepository } from "../../core/storage/guest-links.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { FakeMatrix } from "../support/fakes/matrix.js";
import { calendarOf, startSmtpServer, type TestSmtpServer } from "../support/smtp.js";
import { testMeeting } from "../support/stored-meeting.js";

const NOW = Date.parse("2026-11-20T09:00:00Z");
const JANE = "jane.doe@example.org";
const MAX = "max@example.net";
const DAY = 86_400_000;

async function expectUserError(attempt: Promise<unknown>, key: string): Promise<void> {
  await expect(attempt).rejects.toBeInstanceOf(UserError);
  await expect(attempt).rejects.toMatchObject({ key });
}

describe.each(databaseKinds())("e-mail invitation storage on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  beforeEach(async () => meetingsRepository(db()).insert(testMeeting()));

  test("an address is invited once, uninvited until its cancellation is sent, and deleted with its meeting", async () => {
    const invitations = emailInvitationsRepository(db());
    const [jane] = await invitations.add("K7Q-4MX", [JANE, MAX], "@org:example.org", NOW);
    expect(await invitations.add("K7Q-4MX", [JANE], "@org:example.org", NOW)).toEqual([]);
    expect((await invitations.remove("K7Q-4MX", [JANE], NOW + 1)).map((i) => i.address)).toEqual([JANE]);
    expect((await invitations.invited("K7Q-4MX")).map((i) => i.address)).toEqual([MAX]);
    expect((await invitations.byId(jane!.id))?.removedAt).toBe(NOW + 1);
    await invitations.setTold("K7Q-4MX", "{}", NOW + DAY);
    await db()("meetings").where({ id: "K7Q-4MX" }).delete();
    expect(await invitations.byId(jane!.id)).toBeUndefined();
    expect(await invitations.told("K7Q-4MX")).toBeUndefined();
  });
});

describe("e-mail invitations over a real SMTP conversation", () => {
  const db = freshDatabasePerTest("sqlite");
  let smtp: TestSmtpServer;
  let clock: ManualClock;
  let matrix: FakeMatrix;
  let logs: string[];
  let guestLinks = true;
  let deps: EmailDeps;
  let meeting: Meeting;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    clock = new ManualClock(NOW);
    matrix = new FakeMatrix();
    logs = [];
    guestLinks = true;
    meeting = testMeeting({ start: "2026-11-23T10:00:00+01:00", description: "Budget 2027" });
    await meetingsRepository(db()).insert(meeting);
    const logger = createLogger({
      level: "trace",
      secrets: [],
      destination: { write: (line) => logs.push(line) },
    });
    deps = {
      config: {
        email: { from: "Plenum <plenum@example.org>", reply_to: undefined, retention_days: 30 },
        i18n: { locale: "en" },
        http: { public_url: "https://plenum.example.org" },
        appservice: { hs_token: "hs-token-for-guest-links" },
      },
      mailer: smtpMailer({ smtp_url: smtp.url, from: "Plenum <plenum@example.org>", retention_days: 30 }),
      invitations: emailInvitationsRepository(db()),
      meetings: meetingsRepository(db()),
      jobs: jobsRepository(db()),
      guestLinks: guestLinksRepository(db()),
      policy: {
        forRoom: async () => ({ guest_links: guestLinks }) as Policy,
        current: async () => ({ guest_links: guestLinks }) as Policy,
      },
      gateway: matrix,
      directChats: directChatsRepository(db()),
      clock,
      logger,
      wakeScheduler: () => undefined,
    };
  });

  afterEach(async () => {
    deps.mailer?.close();
    await smtp.close();
  });

  /** Runs every job due now, as the scheduler does. */
  async function runJobs(): Promise<void> {
    const scheduler = createScheduler({
      jobs: jobsRepository(db()),
      clock,
      logger: deps.logger,
      handlers: emailJobHandlers(deps),
    });
    await scheduler.tick();
  }

  /** Makes the test's meeting a series, before anyone is invited. */
  async function makeSeries(rrule: string): Promise<void> {
    meeting = { ...meeting, rrule };
    await meetingsRepository(db()).update(meeting);
  }

  /** The invited address is kept until just before `deadline`, and deleted at it. */
  async function expectAddressDeletedAt(deadline: number): Promise<void> {
    clock.set(deadline - 1);
    await runJobs();
    expect(await deps.invitations.invited(meeting.id)).toHaveLength(1);
    clock.set(deadline);
    await runJobs();
    expect(await deps.invitations.invited(meeting.id)).toEqual([]);
  }

  async function changeMeeting(change: Partial<Meeting>): Promise<void> {
    meeting = { ...meeting, ...change, sequence: meeting.sequence + 1, updatedAt: clock.now() };
    await meetingsRepository(db()).update(meeting);
    await followMeetingChange(deps, meeting);
  }

  test("an invited address gets one e-mail with text, HTML, a guest link and a calendar REQUEST", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.to).toMatchObject({ value: [{ address: JANE }] });
    expect(mail!.from).toMatchObject({ value: [{ address: "plenum@example.org", name: "Plenum" }] });
    expect(mail!.subject).toBe("Invitation: Council");
    expect(mail!.text).toMatch(/@org:example\.org invites you to “Council”/);
    expect(mail!.text).toMatch(/https:\/\/plenum\.example\.org\/guest\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/);
    expect(mail!.html).toContain('<a href="https://plenum.example.org/guest/');
    const { method, event, text } = calendarOf(mail!);
    expect(method).toBe("REQUEST");
    expect(event.uid).toBe("K7Q-4MX@plenum");
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-23T09:00:00.000Z");
    expect(event.organizer).toBe("mailto:plenum@example.org");
    expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([`mailto:${JANE}`]);
    expect(text).toMatch(/ATTENDEE;[^\r\n]*RSVP=TRUE/);
    await runJobs();
    expect(smtp.received).toHaveLength(1);
  });

  test("a German meeting's invitation is written in German", async () => {
    deps = { ...deps, config: { ...deps.config, i18n: { locale: "de" } } };
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.subject).toBe("Einladung: Council");
    expect(mail!.text).toMatch(/lädt Sie zu „Council“ ein/);
  });

  test("a moved meeting sends every invited address an update with a higher SEQUENCE", async () => {
    await inviteByEmail(deps, meeting, [JANE, MAX], "@org:example.org");
    await runJobs();
    await changeMeeting({ start: "2026-11-24T14:00:00+01:00" });
    await runJobs();
    const mails = await smtp.waitForMessages(4);
    const updates = mails.slice(2);
    expect(updates.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address).sort()).toEqual(
      [JANE, MAX].sort(),
    );
    for (const mail of updates) {
      expect(mail.subject).toBe("Updated: Council");
      const { method, event } = calendarOf(mail);
      expect(method).toBe("REQUEST");
      expect(event.sequence).toBe(1);
      expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-24T13:00:00.000Z");
    }
  });

  test("a cancelled meeting sends a CANCEL", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await changeMeeting({ status: "cancelled" });
    await runJobs();
    const [, mail] = await smtp.waitForMessages(2);
    expect(mail!.subject).toBe("Cancelled: Council");
    const { method, event } = calendarOf(mail!);
    expect(method).toBe("CANCEL");
    expect(event.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.sequence).toBe(1);
  });

  test("one date of a series cancelled sends the cancellation of that date alone", async () => {
    await makeSeries("FREQ=WEEKLY;COUNT=4");
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await changeMeeting({ exdates: ["2026-11-30T10:00:00+01:00"] });
    await runJobs();
    const [, mail] = await smtp.waitForMessages(2);
    expect(mail!.subject).toMatch(/^Cancelled on .*30.*2026: Council$/);
    const { method, event } = calendarOf(mail!);
    expect(method).toBe("CANCEL");
    expect(event.uid).toBe("K7Q-4MX@plenum");
    expect(event.recurrenceId.toJSDate().toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(event.component.getFirstPropertyValue("rrule")).toBeNull();
  });

  test("one date of a series moved sends every invited address that date's override: a REQUEST with a higher SEQUENCE, its RECURRENCE-ID and its new time", async () => {
    await makeSeries("FREQ=WEEKLY;COUNT=4");
    await inviteByEmail(deps, meeting, [JANE, MAX], "@org:example.org");
    await runJobs();
    const invitation = calendarOf((await smtp.waitForMessages(2))[0]!);
    await changeMeeting({
      overrides: [{ recurrenceId: "2026-11-30T10:00:00+01:00", start: "2026-12-01T15:00:00+01:00" }],
    });
    await runJobs();
    const updates = (await smtp.waitForMessages(4)).slice(2);
    expect(updates.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address).sort()).toEqual(
      [JANE, MAX].sort(),
    );
    for (const mail of updates) {
      expect(mail.subject).toMatch(/^Moved from .*30.*2026: Council$/);
      expect(mail.text).not.toContain("holds every date");
      const { method, event, text } = calendarOf(mail);
      expect(method).toBe("REQUEST");
      expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
      expect(event.uid).toBe(invitation.event.uid);
      expect(event.sequence).toBeGreaterThan(invitation.event.sequence);
      expect(event.isRecurrenceException()).toBe(true);
      expect(event.component.getFirstPropertyValue("rrule")).toBeNull();
      expect(event.recurrenceId.toJSDate().toISOString()).toBe("2026-11-30T09:00:00.000Z");
      expect(event.startDate.toJSDate().toISOString()).toBe("2026-12-01T14:00:00.000Z");
      expect(event.endDate.toJSDate().toISOString()).toBe("2026-12-01T15:00:00.000Z");
      // A calendar that holds the series takes the override for the date it names.
      const series = calendarOf(smtp.received[0]!).event;
      series.relateException(event);
      const date = series.getOccurrenceDetails(event.recurrenceId);
      expect(date.startDate.toJSDate().toISOString()).toBe("2026-12-01T14:00:00.000Z");
    }
  });

  test("one date of a series moved again sends its override again, with the newest time", async () => {
    await makeSeries("FREQ=WEEKLY;COUNT=4");
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    const recurrenceId = "2026-11-30T10:00:00+01:00";
    await changeMeeting({ overrides: [{ recurrenceId, start: "2026-12-01T15:00:00+01:00" }] });
    await runJobs();
    await changeMeeting({ overrides: [{ recurrenceId, start: "2026-12-02T08:00:00+01:00" }] });
    await runJobs();
    const [, first, second] = (await smtp.waitForMessages(3)).map(calendarOf);
    expect(second!.event.sequence).toBeGreaterThan(first!.event.sequence);
    expect(second!.event.recurrenceId.toJSDate().toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(second!.event.startDate.toJSDate().toISOString()).toBe("2026-12-02T07:00:00.000Z");
  });

  test("a moved date of a series cancelled is cancelled under the RECURRENCE-ID of its place in the rule", async () => {
    const recurrenceId = "2026-11-30T10:00:00+01:00";
    const movedTo = "2026-12-01T15:00:00+01:00";
    meeting = { ...meeting, rrule: "FREQ=WEEKLY;COUNT=4", overrides: [{ recurrenceId, start: movedTo }] };
    await meetingsRepository(db()).update(meeting);
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    // As cancelOccurrence stores it: the move dropped, the date's place in the rule left out.
    await changeMeeting({ exdates: [recurrenceId], overrides: [] });
    await runJobs();
    const [, mail] = await smtp.waitForMessages(2);
    const { method, event } = calendarOf(mail!);
    expect(method).toBe("CANCEL");
    expect(event.recurrenceId.toJSDate().toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  test("an uninvited address gets a cancellation and is then deleted", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await uninviteByEmail(deps, meeting, [JANE]);
    await runJobs();
    const [, mail] = await smtp.waitForMessages(2);
    expect(mail!.subject).toBe("Invitation withdrawn: Council");
    expect(calendarOf(mail!).method).toBe("CANCEL");
    expect(await deps.invitations.invited(meeting.id)).toEqual([]);
    expect(await db()("email_invitations").count({ n: "*" }).first()).toMatchObject({ n: 0 });
  });

  test("an address the mail server refuses for good is reported to the organizer and not tried again", async () => {
    smtp.refuse.add(JANE);
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    clock.advance(DAY);
    await runJobs();
    expect(smtp.received).toHaveLength(0);
    const reports = matrix.sent.filter((e) => String(e.content.body).includes("refused"));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.content.body).toMatch(/jane\.doe@example\.org .*SMTP 550/);
    expect(matrix.created[0]).toMatchObject({ is_direct: true, invite: ["@org:example.org"] });
  });

  test("without e-mail configured, inviting by address is refused and nothing is stored", async () => {
    deps = { ...deps, mailer: undefined };
    await expectUserError(inviteByEmail(deps, meeting, [JANE], "@org:example.org"), "email.not_configured");
    expect(await deps.invitations.invited(meeting.id)).toEqual([]);
  });

  test("with guest links turned off, inviting by address is refused and nothing is stored", async () => {
    guestLinks = false;
    await expectUserError(inviteByEmail(deps, meeting, [JANE], "@org:example.org"), "email.guest_links_off");
    expect(await deps.invitations.invited(meeting.id)).toEqual([]);
  });

  test("the addresses are deleted the configured number of days after the meeting's last date", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await expectAddressDeletedAt(Date.parse("2026-11-23T10:00:00Z") + 30 * DAY);
  });

  test("the addresses invited to a series are deleted the configured number of days after its last date", async () => {
    await makeSeries("FREQ=WEEKLY;COUNT=3");
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await expectAddressDeletedAt(Date.parse("2026-12-07T10:00:00Z") + 30 * DAY);
  });

  test("the last date of a series moved later puts off the deletion of the addresses to the new last date", async () => {
    await makeSeries("FREQ=WEEKLY;COUNT=3");
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    await changeMeeting({
      overrides: [{ recurrenceId: "2026-12-07T10:00:00+01:00", start: "2026-12-21T15:00:00+01:00" }],
    });
    await runJobs();
    // Later than the deletion the last date first had.
    await expectAddressDeletedAt(Date.parse("2026-12-21T15:00:00Z") + 30 * DAY);
  });

  test("the addresses invited to a cancelled meeting are deleted the configured number of days after the cancellation", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    await runJobs();
    clock.set(Date.parse("2026-11-21T09:00:00Z"));
    await changeMeeting({ status: "cancelled" });
    await runJobs();
    await expectAddressDeletedAt(Date.parse("2026-11-21T09:00:00Z") + 30 * DAY);
  });

  test("a mail queued before a restart is sent once by the next process", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    // The process that queued it stops before its scheduler ran; the next one has a mailer of its own.
    deps.mailer?.close();
    deps = {
      ...deps,
      mailer: smtpMailer({ smtp_url: smtp.url, from: "Plenum <plenum@example.org>", retention_days: 30 }),
    };
    await runJobs();
    await runJobs();
    await smtp.waitForMessages(1);
    expect(smtp.received).toHaveLength(1);
  });

  test("a mail claimed by a process that died before sending it is sent once, by the next process after the claim's lease", async () => {
    await inviteByEmail(deps, meeting, [JANE], "@org:example.org");
    // The first process claims the job for a minute, then dies before its mailer is asked.
    expect(await jobsRepository(db()).claimDue(clock.now(), 10, 60_000)).toHaveLength(1);
    deps.mailer?.close();
    deps = {
      ...deps,
      mailer: smtpMailer({ smtp_url: smtp.url, from: "Plenum <plenum@example.org>", retention_days: 30 }),
    };
    await runJobs();
    expect(smtp.received).toHaveLength(0);
    clock.advance(60_001);
    await runJobs();
    await runJobs();
    await smtp.waitForMessages(1);
    expect(smtp.received).toHaveLength(1);
  });

  test("two instances running their schedulers at the same moment send each e-mail once", async () => {
    await inviteByEmail(deps, meeting, [JANE, MAX], "@org:example.org");
    const instance = () => {
      const mailer = smtpMailer({
        smtp_url: smtp.url,
        from: "Plenum <plenum@example.org>",
        retention_days: 30,
      });
      const scheduler = createScheduler({
        jobs: jobsRepository(db()),
        clock,
        logger: deps.logger,
        handlers: emailJobHandlers({ ...deps, mailer }),
      });
      return { mailer, scheduler };
    };
    const [one, two] = [instance(), instance()];
    await Promise.all([
      one.scheduler.tick(),
      two.scheduler.tick(),
      one.scheduler.tick(),
      two.scheduler.tick(),
    ]);
    await Promise.all([one.scheduler.tick(), two.scheduler.tick()]);
    one.mailer?.close();
    two.mailer?.close();
    await smtp.waitForMessages(2);
    expect(smtp.received.map((m) => (m.to as { text: string }).text).sort()).toEqual([JANE, MAX].sort());
  });

  test("the logs of a whole invitation flow never contain the address", async () => {
    smtp.refuse.add(MAX);
    await inviteByEmail(deps, meeting, [JANE, MAX], "@org:example.org");
    await runJobs();
    await changeMeeting({ start: "2026-11-24T14:00:00+01:00" });
    await runJobs();
    await uninviteByEmail(deps, meeting, [JANE]);
    await runJobs();
    await smtp.waitForMessages(3);
    expect(logs.length).toBeGreaterThan(3);
    const all = logs.join("\n").toLowerCase();
    expect(all).not.toContain("jane.doe");
    expect(all).not.toContain("max@");
  });
});
