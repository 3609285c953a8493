import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connection.ts';
import { millisOf, nowIso, type Clock } from '../clock.ts';
import { NotFoundError } from '../shared/errors.ts';
import * as repo from './outbox.repository.ts';
import { flatOut, type Pace } from '../shared/pace.ts';

export type { Mail, OutboxEntry } from './outbox.repository.ts';

export interface MailConfig {
  /** e.g. smtp://user:pass@relay.kommun.se:587 (STARTTLS when the server offers it); null: the utkorg only. */
  smtpUrl: string | null;
  mailFrom: string;
}

/**
 * The SMTP connection, or null when mail stays in the utkorg. Pooled (unless the address says
 * otherwise): a morning's thousand digests go over a few kept connections, not one each.
 */
export async function mailTransport(config: MailConfig): Promise<Transporter | null> {
  if (!config.smtpUrl) return null;
  // Loaded when mail is sent, not with the server.
  const { default: nodemailer } = await import('nodemailer');
  const url = new URL(config.smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return nodemailer.createTransport(url.toString());
}

/** The wait before the next try after `attempts` failed ones: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/**
 * Sends the outbox's due mail through SMTP, one by one; a failure keeps the mail with its error and
 * a later time to try again (retryDelayMs). Without SMTP nothing is sent: the mail waits in the
 * utkorg. The transport is closed at the end (make one per delivery). `pace` is called after each mail
 * (the reminders job's, remindersPace). Returns how many were sent and how many failed.
 */
export async function deliverOutbox(
  db: Db,
  clock: Clock,
  transport: Transporter | null,
  from: string,
  pace: Pace = flatOut,
): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  const tried = new Set<number>();
  for (;;) {
    const batch = (await repo.listDue(db, nowIso(clock), 200)).filter((m) => !tried.has(m.id));
    if (batch.length === 0) break;
    for (const m of batch) {
      tried.add(m.id);
      try {
        await transport.sendMail({
          from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          // One id per outbox mail: a receiving server may drop a copy sent twice after a crash.
          messageId: `<utkorg-${m.id}-${m.createdAt.replace(/\D/g, '')}@atgardsplan>`,
        });
        await repo.markSent(db, m.id, nowIso(clock));
        sent += 1;
      } catch (e) {
        const next = new Date(millisOf(clock) + retryDelayMs(m.attempts + 1)).toISOString();
        await repo.markFailed(db, m.id, e instanceof Error ? e.message : String(e), next);
        failed += 1;
      }
      await pace();
    }
  }
  // Its pooled connections are closed when the outbox is done; the next delivery opens new ones.
  transport.close();
  return { sent, failed };
}

export function listOutbox(db: Db, limit = 200) {
  return repo.listOutbox(db, limit);
}

export async function getMail(db: Db, id: number) {
  const m = await repo.findMail(db, id);
  if (!m) throw new NotFoundError('Brevet finns inte i utkorgen.');
  return m;
}

export const insertMail = repo.insertMail;
