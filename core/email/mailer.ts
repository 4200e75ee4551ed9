import { createTransport } from "nodemailer";
import type { Config } from "../config/schema.js";

/** One message to one address: text and HTML, with a calendar file as an alternative part. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  calendar: { method: "REQUEST" | "CANCEL"; content: string };
  /** Stable per message, so a copy sent twice (a crash between sending and noting it) is recognizable. */
  messageId: string;
}

export type SendOutcome = { sent: true } | { sent: false; permanent: true; code: number };

export interface Mailer {
  /** Resolves with a permanent refusal (SMTP 5xx); throws on anything that may pass (4xx, no connection). */
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

/**
 * A failed send, with only what may be logged: the SMTP reply code or the connection error's code.
 * The server's own text is dropped, because servers put the recipient's address into it.
 */
export class MailSendError extends Error {
  constructor(readonly code: string) {
    super(`sending e-mail failed: ${code}`);
    this.name = "MailSendError";
  }
}

type EmailConfig = Config["email"];

/** Sends through the configured SMTP server; undefined when e-mail is not configured. */
export function smtpMailer(config: EmailConfig): Mailer | undefined {
  if (!config.smtp_url || !config.from) return undefined;
  const url = new URL(config.smtp_url);
  const user = decodeURIComponent(url.username) || config.username;
  const pass = decodeURIComponent(url.password) || config.password;
  const secure = url.protocol === "smtps:";
  const transport = createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: pass ?? "" } } : {}),
    // Nodemailer's own logger would write the envelope (the addresses); Plenum logs sends itself.
    logger: false,
    debug: false,
  });
  const from = config.from;
  const replyTo = config.reply_to;
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          ...(replyTo ? { replyTo } : {}),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          icalEvent: { method: mail.calendar.method, content: mail.calendar.content },
          messageId: mail.messageId,
        });
        return { sent: true };
      } catch (error) {
        const { responseCode, code } = error as { responseCode?: number; code?: string };
        if (typeof responseCode === "number" && responseCode >= 500 && responseCode < 600)
          return { sent: false, permanent: true, code: responseCode };
        throw new MailSendError(
          typeof responseCode === "number" ? `SMTP ${responseCode}` : (code ?? "error"),
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
