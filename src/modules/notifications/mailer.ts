import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** One email to send. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** The mail port: SMTP in production, a capture in development and tests. */
export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

/** Sends through SMTP (nodemailer); the email id becomes the Message-ID so a retried send can be deduplicated downstream. */
export class SmtpMailer implements Mailer {
  private readonly transport;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(mail: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.id}@gavel>`,
    });
  }
  close(): void {
    this.transport.close();
  }
}

/** A captured email as shown by the dev mailbox. */
export interface CapturedEmail extends OutgoingEmail {
  from: string;
  sentAt: string;
}

/**
 * Development/test transport: keeps the last emails in memory (the `/dev/mailbox`
 * page) and, when given a file, appends each as a JSON line.
 */
export class CaptureMailer implements Mailer {
  readonly captured: CapturedEmail[] = [];
  constructor(
    private readonly from: string,
    private readonly file: string | null,
    private readonly now: () => number,
    private readonly keep = 500,
  ) {}
  async send(mail: OutgoingEmail): Promise<void> {
    const c: CapturedEmail = { ...mail, from: this.from, sentAt: new Date(this.now()).toISOString() };
    this.captured.push(c);
    if (this.captured.length > this.keep) this.captured.shift();
    if (this.file) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(c)}\n`);
    }
  }
  close(): void {}
}
