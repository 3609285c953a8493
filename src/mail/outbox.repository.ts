import type { Db } from '../db/connection.ts';

export interface Mail {
  userId: number | null;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxEntry extends Mail {
  id: number;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
}

export async function insertMail(db: Db, m: Mail, now: string): Promise<number> {
  const r = await db
    .insertInto('outbox')
    .values({
      user_id: m.userId,
      to_address: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      created_at: now,
      next_attempt_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

function toEntry(r: {
  id: number;
  user_id: number | null;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}): OutboxEntry {
  return {
    id: r.id,
    userId: r.user_id,
    to: r.to_address,
    subject: r.subject,
    text: r.text,
    html: r.html,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    sentAt: r.sent_at,
  };
}

/** Unsent mail whose next attempt is due, oldest first. */
export async function listDue(db: Db, now: string, limit: number): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

export async function markSent(db: Db, id: number, now: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ sent_at: now, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: number, error: string, nextAttemptAt: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: nextAttemptAt }))
    .where('id', '=', id)
    .execute();
}

/** The newest mail first, for the utkorg. */
export async function listOutbox(db: Db, limit: number): Promise<OutboxEntry[]> {
  return (await db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute()).map(toEntry);
}

export async function findMail(db: Db, id: number): Promise<OutboxEntry | undefined> {
  const r = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toEntry(r);
}

/**
 * Empties the address and text of mail sent before `before`; the row stays, with its subject, as
 * the record that the reminders in it were sent (reminders_sent points at it).
 */
export async function blankSentBefore(db: Db, before: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ to_address: '', text: '', html: '' })
    .where('sent_at', '<', before)
    .where('text', '!=', '')
    .execute();
}
