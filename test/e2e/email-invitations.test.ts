import type { ParsedMail } from "mailparser";
import type { MatrixEvent } from "matrix-js-sdk";
import { ManualClock } from "../support/clock.js";
import { calendarOf, startSmtpServer, type TestSmtpServer } from "../support/smtp.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("e-mail invitations from chat, on a real Synapse and a loopback SMTP server", () => {
  let env: TestEnv;
  let smtp: TestSmtpServer;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let team: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      config: {
        email: { smtp_url: smtp.url, from: "Plenum <plenum@example.org>" },
        // Guest pages exist only where Plenum can issue Jitsi tokens.
        jitsi: { app_secret: "jitsi-app-secret-for-tests-0123" },
      },
      start: { clock, schedulerTimer: false },
    });
    [alice, bob, carol] = (await env.createUsers("alice", "bob", "carol")) as [TestUser, TestUser, TestUser];
    team = await env.roomWithMembers(alice, [carol], "Team");
  });

  afterAll(async () => {
    await env?.stop();
    await smtp?.close();
  });

  async function command(user: TestUser, roomId: string, body: string): Promise<string> {
    const eventId = await env.say(user, roomId, body);
    const reply: MatrixEvent = await env.replyTo(user, roomId, eventId, `the bot's answer to ${body}`);
    return String(reply.getContent().body);
  }

  async function schedule(title: string, when = "tomorrow 10:00 for 30m"): Promise<string> {
    const reply = await command(alice, team, `!meet schedule "${title}" ${when}`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in: ${reply}`);
    return id;
  }

  /** A weekly series from Monday 2026-11-30 to 2026-12-28, `address` invited and its invitation sent. */
  async function seriesWithInvitation(title: string, time: string, address: string): Promise<string> {
    const id = await schedule(title, `2026-11-30 ${time} every weekly until 2026-12-28`);
    await command(alice, team, `!meet invite ${id} ${address}`);
    await sendDue();
    await env.eventually(async () => mailsTo(address).length === 1, "the invitation e-mail");
    return id;
  }

  /** Runs the jobs due now (the e-mails among them), as the scheduler does on its timer. */
  async function sendDue(): Promise<void> {
    await env.plenum.scheduler!.tick();
  }

  function mailsTo(address: string) {
    return smtp.received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
  }

  /** The path of the guest link an e-mail carries. */
  function guestLinkIn(mail: ParsedMail): string {
    const path = /http:\/\/127\.0\.0\.1(\/guest\/\S+)/.exec(String(mail.text))?.[1];
    if (!path) throw new Error(`no guest link in: ${mail.text}`);
    return path;
  }

  test("inviting an address and a user sends the Matrix invite and one e-mail with a calendar request and a guest link", async () => {
    const id = await schedule("Budget review");
    const reply = await command(alice, team, `!meet invite ${id} jane@example.org ${bob.userId}`);
    expect(reply).toContain(bob.userId);
    expect(reply).toContain("invited 1 more by e-mail");
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    expect(meeting.participants).toContain(bob.userId);
    await env.eventually(
      async () =>
        (await env.plenum.meetingDeps.roomState.membership(meeting.roomId!, bob.userId)) === "invite",
      "bob to be invited to the meeting room",
    );
    await sendDue();
    await smtp.waitForMessages(1);
    const [mail] = mailsTo("jane@example.org");
    expect(smtp.received).toHaveLength(1);
    expect(mail!.subject).toBe("Invitation: Budget review");
    const { method, event } = calendarOf(mail!);
    expect(method).toBe("REQUEST");
    expect(event.uid).toContain(id);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-24T09:00:00.000Z");
    expect((await fetch(`${env.httpUrl}${guestLinkIn(mail!)}`)).status).toBe(200);
  });

  test("uninviting an address ends its personal guest link, and only that one", async () => {
    const id = await schedule("Personal links");
    await command(alice, team, `!meet invite ${id} anna@example.org ben@example.org`);
    await sendDue();
    await env.eventually(
      async () => mailsTo("anna@example.org").length === 1 && mailsTo("ben@example.org").length === 1,
      "both invitation e-mails",
    );
    const anna = guestLinkIn(mailsTo("anna@example.org")[0]!);
    const ben = guestLinkIn(mailsTo("ben@example.org")[0]!);
    expect(anna).not.toBe(ben);
    expect((await fetch(`${env.httpUrl}${anna}`)).status).toBe(200);
    await command(alice, team, `!meet uninvite ${id} anna@example.org`);
    const refused = await fetch(`${env.httpUrl}${anna}`);
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain("revoked");
    expect((await fetch(`${env.httpUrl}${ben}`)).status).toBe(200);
  });

  test("!meet info sends the invited addresses to an editor in a direct chat, never into the shared room", async () => {
    const id = await schedule("Addresses for editors");
    await command(alice, team, `!meet invite ${id} paula@example.org`);
    const reply = await command(alice, team, `!meet info ${id}`);
    expect(reply).toContain("I have sent you the addresses invited by e-mail in a direct chat.");
    expect(reply).not.toContain("paula@example.org");
    const dm = (await env.plenum.db("direct_chats").where({ user_id: alice.userId }).first())?.room_id;
    expect(dm).toBeDefined();
    const sent = await env.waitForMessage(String(dm), "Invited by e-mail to “Addresses for editors”");
    expect(sent.content.body).toBe(`Invited by e-mail to “Addresses for editors” (${id}): paula@example.org`);
  });

  test("!meet info never shows the invited addresses to someone who may not edit the meeting", async () => {
    const id = await schedule("Addresses hidden");
    await command(alice, team, `!meet invite ${id} quentin@example.org`);
    const reply = await command(carol, team, `!meet info ${id}`);
    expect(reply).toContain("Addresses hidden");
    expect(reply).not.toContain("quentin");
    expect(reply).not.toContain("e-mail");
    expect(await env.plenum.db("direct_chats").where({ user_id: carol.userId })).toEqual([]);
  });

  test("a bad address gets a clear answer, and nobody is invited and nothing is sent", async () => {
    const id = await schedule("Staff council");
    await sendDue();
    const before = smtp.received.length;
    const reply = await command(alice, team, `!meet invite ${id} jane@example ${bob.userId}`);
    expect(reply).toBe(
      "“jane@example” is not an e-mail address I can send to (example: jane.doe@example.org). Nobody was invited.",
    );
    expect((await env.plenum.meetingDeps.meetings.get(id))!.participants).not.toContain(bob.userId);
    expect(await env.plenum.db("email_invitations").where({ meeting_id: id })).toEqual([]);
    await sendDue();
    expect(smtp.received).toHaveLength(before);
  });

  test("moving the meeting mails every invited address an update with a higher SEQUENCE", async () => {
    const id = await schedule("Moved review");
    await command(alice, team, `!meet invite ${id} max@example.net`);
    await sendDue();
    await env.eventually(async () => mailsTo("max@example.net").length === 1, "the invitation e-mail");
    await command(alice, team, `!meet move ${id} wednesday 14:00`);
    await sendDue();
    await env.eventually(async () => mailsTo("max@example.net").length === 2, "the update e-mail");
    const [first, update] = mailsTo("max@example.net").map(calendarOf);
    expect(update!.method).toBe("REQUEST");
    expect(update!.event.uid).toBe(first!.event.uid);
    expect(update!.event.sequence).toBeGreaterThan(first!.event.sequence);
    expect(update!.event.startDate.toJSDate().toISOString()).toBe("2026-11-25T13:00:00.000Z");
  });

  test("one date of a series moved mails every invited address that date's override, which a calendar holding the series applies to that date", async () => {
    const id = await seriesWithInvitation("Series review", "10:00", "otto@example.net");
    await command(alice, team, `!meet move ${id} 2026-12-07 to 2026-12-09 15:00`);
    await sendDue();
    await env.eventually(async () => mailsTo("otto@example.net").length === 2, "the override e-mail");
    const [invitation, override] = mailsTo("otto@example.net").map(calendarOf);
    expect(override!.method).toBe("REQUEST");
    expect(override!.event.uid).toBe(invitation!.event.uid);
    expect(override!.event.sequence).toBeGreaterThan(invitation!.event.sequence);
    expect(override!.event.recurrenceId.toJSDate().toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(override!.event.startDate.toJSDate().toISOString()).toBe("2026-12-09T14:00:00.000Z");
    invitation!.event.relateException(override!.event);
    const date = invitation!.event.getOccurrenceDetails(override!.event.recurrenceId);
    expect(date.startDate.toJSDate().toISOString()).toBe("2026-12-09T14:00:00.000Z");
    expect(date.endDate.toJSDate().toISOString()).toBe("2026-12-09T15:00:00.000Z");
  });

  test("one date of a series cancelled mails every invited address that date's cancellation", async () => {
    const id = await seriesWithInvitation("Series cut", "11:00", "petra@example.net");
    await command(alice, team, `!meet cancel ${id} 2026-12-14`);
    await sendDue();
    await env.eventually(async () => mailsTo("petra@example.net").length === 2, "the cancellation e-mail");
    const [invitation, cancellation] = mailsTo("petra@example.net").map(calendarOf);
    expect(cancellation!.method).toBe("CANCEL");
    expect(cancellation!.event.uid).toBe(invitation!.event.uid);
    expect(cancellation!.event.recurrenceId.toJSDate().toISOString()).toBe("2026-12-14T10:00:00.000Z");
  });

  test("cancelling the meeting mails every invited address a METHOD:CANCEL", async () => {
    const id = await schedule("Cancelled review");
    await command(alice, team, `!meet invite ${id} erika@example.com`);
    await sendDue();
    await command(alice, team, `!meet cancel ${id}`);
    await sendDue();
    await env.eventually(async () => mailsTo("erika@example.com").length === 2, "the cancellation e-mail");
    const cancellation = calendarOf(mailsTo("erika@example.com")[1]!);
    expect(cancellation.method).toBe("CANCEL");
    expect(cancellation.event.uid).toBe(calendarOf(mailsTo("erika@example.com")[0]!).event.uid);
  });

  test("no log line of Plenum names an invited address: invited, refused by the mail server, mistyped, withdrawn", async () => {
    const logged = env.logLines.length;
    const id = await schedule("Quiet logs");
    smtp.refuse.add("ludwig.refused@example.org");
    await command(alice, team, `!meet invite ${id} ludwig.accepted@example.org ludwig.refused@example.org`);
    await command(alice, team, `!meet invite ${id} ludwig.typo@example`);
    await sendDue();
    await env.eventually(
      async () => mailsTo("ludwig.accepted@example.org").length === 1,
      "the accepted invitation e-mail",
    );
    await command(alice, team, `!meet uninvite ${id} ludwig.accepted@example.org`);
    await sendDue();
    await env.eventually(
      async () => mailsTo("ludwig.accepted@example.org").length === 2,
      "the withdrawal e-mail",
    );
    const lines = env.logLines.slice(logged);
    expect(lines.some((line) => line.includes("mail server refused"))).toBe(true);
    expect(lines.join("\n").toLowerCase()).not.toContain("ludwig");
  });

  test("someone who may not edit the meeting is refused without the address being repeated", async () => {
    const id = await schedule("Private review");
    const reply = await command(carol, team, `!meet invite ${id} secret.person@example.org`);
    expect(reply).not.toContain("secret.person");
    expect(await env.plenum.db("email_invitations").where({ meeting_id: id })).toEqual([]);
  });

  test("without e-mail configured, inviting an address says so and invites nobody", async () => {
    const id = await schedule("No mail review");
    await env.restartPlenum({ email: { smtp_url: undefined, from: undefined } });
    const reply = await command(alice, team, `!meet invite ${id} jane@example.org ${bob.userId}`);
    expect(reply).toBe(
      "E-mail invitations are not set up on this Plenum, so nobody was invited. Invite people by their Matrix user id, or ask your administrators to configure email.smtp_url.",
    );
    expect((await env.plenum.meetingDeps.meetings.get(id))!.participants).not.toContain(bob.userId);
  });
});
