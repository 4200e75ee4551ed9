import type { AddressInfo } from "node:net";
import ICAL from "ical.js";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TestSmtpServer {
  url: string;
  /** Every message accepted, parsed, in the order received. */
  received: ParsedMail[];
  /** Recipients refused at RCPT TO with 550 (a mailbox that does not exist). */
  refuse: Set<string>;
  /** Resolves once `count` messages were received. */
  waitForMessages(count: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (the smtp-server package), without TLS or authentication. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const refuse = new Set<string>();
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        const error = Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 });
        callback(error);
      } else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          for (const wake of waiters.splice(0)) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    async waitForMessages(count) {
      while (received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`waited for ${count} e-mails, got ${received.length}`)),
            10_000,
          );
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The calendar part of a received e-mail, parsed with ical.js: its METHOD, its event, and the raw text. */
export function calendarOf(mail: ParsedMail): { method: string; event: ICAL.Event; text: string } {
  const part = mail.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) throw new Error("the e-mail has no text/calendar part");
  const text = part.content.toString("utf8");
  const component = new ICAL.Component(ICAL.parse(text));
  return {
    method: String(component.getFirstPropertyValue("method")),
    event: new ICAL.Event(component.getFirstSubcomponent("vevent")!),
    text,
  };
}
