import { DateTime } from 'luxon';
import type { Db } from '../db/connection.ts';
import { ZONE, nowIso, swedishDateAt, swedishDayStart, todayOf, type Clock } from '../clock.ts';
import { addDays, daysBetween, nonWorkingDayName } from '../deadlines/calendar.ts';
import { countText, daysLeftText, formatDate, formatMoney } from '../shared/format.ts';
import { FINE_STATUSES_AT_RISK, FINE_STATUS_LABEL, type FineStatus } from '../matters/matter.ts';
import { pendingDueRequest } from '../actions/action.ts';
import { listStaleActions } from '../actions/actions.service.ts';
import { insertMail } from '../mail/mail.service.ts';
import { publicBase, type Config } from '../config.ts';
import { escapeHtml as escape } from '../http/view-helpers.ts';
import { flatOut, pacedTo, type Pace } from '../shared/pace.ts';
import { listOwedResponses } from '../matters/matters.repository.ts';
import { allStandingInToday } from '../users/substitutes.service.ts';
import { LAST_RUN, writeSetting } from '../db/settings.repository.ts';
import * as repo from './reminders.repository.ts';

export type ReminderConfig = Pick<Config, 'warningDays' | 'staleDays' | 'publicUrl'> &
  Partial<Pick<Config, 'host' | 'port'>>;

/** One thing to remind of: what (item), at which step (threshold), in which section, and the line. */
interface Reminder {
  item: string;
  threshold: string;
  section: Section;
  line: string;
  path: string;
}

export const SECTIONS = ['own', 'answers', 'responses', 'fines', 'requests', 'stale', 'meetings'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLE: Record<Section, string> = {
  own: 'Dina åtgärder',
  answers: 'Svar på dina begäranden om nytt slutdatum',
  responses: 'Svarsdatum till IVO',
  fines: 'Vite',
  requests: 'Begäranden om nytt slutdatum som väntar på ditt svar',
  stale: 'Åtgärder som inte har uppdaterats',
  meetings: 'Sammanträden utan utfärdad återrapportering',
};

/** A sammanträde this close without an issued återrapportering is a reminder for the nämndsekreterare. */
const MEETING_DAYS = 10;
/**
 * At most this many lines of one section in a digest; the rest come in the next days' digests (they
 * are not recorded as sent until they are in one), and the section links to the whole list.
 */
const LINES_PER_SECTION = 40;
const SECTION_LIST: Partial<Record<Section, string>> = {
  own: '/atgarder/mina',
  stale: '/atgarder?status=stale',
  responses: '/arenden',
};
/** An answer to a chef's request is news for this long. */
const ANSWER_DAYS = 14;

/** The step of a svarsdatum's countdown reached today: each is reminded of once. */
function responseThreshold(daysLeft: number): string | null {
  if (daysLeft < 0) return 'passed';
  if (daysLeft <= 7) return 'd7';
  if (daysLeft <= 14) return 'd14';
  if (daysLeft <= 30) return 'd30';
  return null;
}

/** The first LINES_PER_SECTION of each section; what is left waits for the next digest. */
function capped(reminders: Reminder[]): Reminder[] {
  const perSection = new Map<Section, number>();
  return reminders.filter((r) => {
    const n = (perSection.get(r.section) ?? 0) + 1;
    perSection.set(r.section, n);
    return n <= LINES_PER_SECTION;
  });
}

export interface Digest {
  userId: number;
  to: string;
  name: string;
  subject: string;
  text: string;
  html: string;
  reminders: Reminder[];
}

/** One user's digest of `due`: at most LINES_PER_SECTION lines a section (only those are recorded as sent). */
function digestOf(
  user: { id: number; name: string; email: string },
  due: Reminder[],
  today: string,
  base: string,
): Digest {
  const reminders = capped(due);
  const more = (s: Section) =>
    SECTION_LIST[s] !== undefined &&
    due.filter((r) => r.section === s).length > reminders.filter((r) => r.section === s).length;
  const sections = (Object.keys(SECTION_TITLE) as Section[]).filter((s) => reminders.some((r) => r.section === s));
  const text = [
    `Hej ${user.name}!`,
    '',
    `Det här behöver din uppmärksamhet i Åtgärdsplan i dag, ${formatDate(today)}:`,
    ...sections.flatMap((s) => [
      '',
      SECTION_TITLE[s],
      ...reminders.filter((r) => r.section === s).map((r) => `- ${r.line}\n  ${base}${r.path}`),
      ...(more(s) ? [`- Fler i morgon; hela listan: ${base}${SECTION_LIST[s]}`] : []),
    ]),
    '',
    `Du kan välja vilka påminnelser du får, och få dem en gång i veckan i stället: ${base}/konto/paminnelser`,
  ].join('\n');
  const html = [
    `<p>Hej ${escape(user.name)}!</p>`,
    `<p>Det här behöver din uppmärksamhet i Åtgärdsplan i dag, ${escape(formatDate(today))}:</p>`,
    ...sections.map(
      (s) =>
        `<h2>${escape(SECTION_TITLE[s])}</h2><ul>${reminders
          .filter((r) => r.section === s)
          .map((r) => `<li><a href="${escape(base + r.path)}">${escape(r.line)}</a></li>`)
          .join(
            '',
          )}${more(s) ? `<li>Fler i morgon; <a href="${escape(base + SECTION_LIST[s]!)}">hela listan</a></li>` : ''}</ul>`,
    ),
    `<p>Du kan <a href="${escape(base)}/konto/paminnelser">välja vilka påminnelser du får</a>, och få dem en gång i veckan i stället.</p>`,
  ].join('\n');
  return {
    userId: user.id,
    to: user.email,
    name: user.name,
    subject: `Åtgärdsplan: ${countText(reminders.length, 'påminnelse', 'påminnelser')} ${formatDate(today)}`,
    text,
    html,
    reminders,
  };
}

/**
 * The pace of the reminders job as configured (REMINDERS_PACE): it waits between pieces of its work
 * so that it uses at most that share of one core, and the pages served meanwhile keep the rest. In
 * the server the CPU counted is the whole process's: pages served while the job waits for SMTP count
 * as its work, so it waits longer then, never shorter.
 */
export function remindersPace(config: Pick<Config, 'remindersPace'>): Pace {
  return pacedTo(config.remindersPace);
}

/**
 * Every user's digest for today: reminders not sent before, for those who want them today. Nothing
 * on a day that is not a vardag (the app's own helgdag calendar), so the first vardag after catches up.
 * `pace` is called between pieces of the work (see remindersPace).
 */
export async function remindersDue(
  db: Db,
  clock: Clock,
  config: ReminderConfig,
  pace: Pace = flatOut,
): Promise<{ holiday: string | null; digests: Digest[] }> {
  const today = todayOf(clock);
  const holiday = nonWorkingDayName(today);
  if (holiday) return { holiday, digests: [] };
  const base = publicBase(config);
  const weekday = DateTime.fromISO(today, { zone: ZONE }).weekday;

  const forOwner = new Map<number, Reminder[]>();
  const add = (map: Map<number, Reminder[]>, userId: number, r: Reminder) => {
    const list = map.get(userId);
    if (list) list.push(r);
    else map.set(userId, [r]);
  };
  for (const a of await repo.openActionsDueBy(db, addDays(today, config.warningDays))) {
    const overdue = a.due_on < today;
    add(forOwner, a.owner_id, {
      item: `action:${a.id}:${a.due_on}`,
      threshold: overdue ? 'overdue' : 'soon',
      section: 'own',
      line: overdue
        ? `Försenad: ${a.title} (slutdatum ${formatDate(a.due_on)}, ${daysLeftText(daysBetween(today, a.due_on))})`
        : `Slutdatum ${formatDate(a.due_on)} (${daysLeftText(daysBetween(today, a.due_on))}): ${a.title}`,
      path: `/atgarder/${a.id}`,
    });
  }
  await pace();
  const requestEntries = await repo.dueRequestEntries(db);
  const answeredSince = addDays(today, -ANSWER_DAYS);
  const waiting: Reminder[] = [];
  const byAction = new Map<number, typeof requestEntries>();
  for (const e of requestEntries) {
    byAction.set(e.action_id, [...(byAction.get(e.action_id) ?? []), e]);
    if (
      (e.due_request === 'approved' || e.due_request === 'declined') &&
      swedishDateAt(Date.parse(e.created_at)) >= answeredSince
    )
      add(forOwner, e.owner_id, {
        item: `request-answer:${e.id}`,
        threshold: 'answered',
        section: 'answers',
        line: `${e.due_request === 'approved' ? 'Godkänd' : 'Avslagen'}: nytt slutdatum ${formatDate(e.to_due_on)} för ${e.title}`,
        path: `/atgarder/${e.action_id}`,
      });
  }
  for (const entries of byAction.values()) {
    const pending = pendingDueRequest(entries.map((e) => ({ ...e, dueRequest: e.due_request as 'requested' })));
    if (pending)
      waiting.push({
        item: `request:${pending.id}`,
        threshold: 'waiting',
        section: 'requests',
        line: `${pending.title}: begärt slutdatum ${formatDate(pending.to_due_on)}`,
        path: `/atgarder/${pending.action_id}`,
      });
  }
  await pace();
  const forDirectors: Reminder[] = [...waiting];
  for (const m of await listOwedResponses(db, null, addDays(today, 30))) {
    const daysLeft = daysBetween(today, m.respondBy!);
    const threshold = responseThreshold(daysLeft);
    if (!threshold) continue;
    const fine = FINE_STATUSES_AT_RISK.includes(m.fineStatus) ? ' – vite riskeras' : '';
    forDirectors.push({
      item: `svarsdatum:${m.id}:${m.respondBy}`,
      threshold,
      section: 'responses',
      line: `${m.title}: svarsdatum ${formatDate(m.respondBy)} (${daysLeftText(daysLeft)})${fine}`,
      path: `/arenden/${m.id}`,
    });
  }
  await pace();
  for (const m of await repo.mattersWithFineIn(db, FINE_STATUSES_AT_RISK)) {
    forDirectors.push({
      item: `vite:${m.id}:${m.fine_status}:${m.fine_amount ?? ''}`,
      threshold: 'risk',
      section: 'fines',
      line: `${m.title}: ${FINE_STATUS_LABEL[m.fine_status as FineStatus] ?? m.fine_status}${m.fine_amount !== null ? ` ${formatMoney(m.fine_amount)}` : ''}`,
      path: `/arenden/${m.id}`,
    });
  }
  await pace();
  for (const a of await listStaleActions(db, clock, config.staleDays)) {
    forDirectors.push({
      item: `stale:${a.id}:${a.lastUpdateAt}`,
      threshold: 'stale',
      section: 'stale',
      line: `${a.title} (${a.ownerName}): ej uppdaterad på ${a.staleFor} dagar`,
      path: `/atgarder/${a.id}`,
    });
  }
  await pace();
  const forSecretaries: Reminder[] = (await repo.meetingsWithoutReport(db, today, addDays(today, MEETING_DAYS))).map(
    (m) => ({
      item: `meeting:${m.id}:${m.held_on}`,
      threshold: 'd10',
      section: 'meetings',
      line: `${m.committee_name} ${formatDate(m.held_on)} (${daysLeftText(daysBetween(today, m.held_on))})`,
      path: `/sammantraden/${m.id}`,
    }),
  );

  const standing = await allStandingInToday(db, clock);
  const names = new Map<number, string>();
  const digests: Digest[] = [];
  const todayBegan = swedishDayStart(today);
  const users = await repo.usersToRemind(db);
  for (const u of users) names.set(u.id, u.name);
  for (const u of users) {
    await pace();
    if (!u.enabled || (u.weekly_on !== null && u.weekly_on !== weekday)) continue;
    // One digest a day: what did not fit in today's waits for tomorrow's, also if this runs again.
    if (await repo.hasDigestSince(db, u.id, todayBegan)) continue;
    // An ersättare also gets the reminders of the chefs she stands in for today.
    const standingFor = (standing.get(u.id) ?? []).flatMap((chef) =>
      (forOwner.get(chef) ?? []).map((r) => ({ ...r, line: `${r.line} (för ${names.get(chef) ?? 'en kollega'})` })),
    );
    const muted = new Set(u.muted.split(','));
    const mine = [
      ...(forOwner.get(u.id) ?? []),
      ...standingFor,
      ...(u.role === 'director' ? forDirectors : []),
      ...(u.role === 'secretary' ? forSecretaries : []),
    ].filter((r) => !muted.has(r.section));
    const sent = await repo.alreadySent(db, u.id);
    const fresh = mine.filter((r) => !sent.has(`${r.item} ${r.threshold}`));
    if (fresh.length > 0) digests.push(digestOf(u, fresh, today, base));
  }
  return { holiday: null, digests };
}

/** Digests written to the outbox per transaction: few commits, so readers in other processes keep their cache. */
const DIGESTS_PER_COMMIT = 100;

/**
 * Writes today's digests to the outbox, each in the same transaction as the record of what it
 * reminds of, so no (user, item, threshold) is reminded of twice, however often this runs. Sending is
 * deliverOutbox's. `pace` is called between pieces of the work (see remindersPace). Returns the digests written.
 */
export async function queueReminders(db: Db, clock: Clock, config: ReminderConfig, pace: Pace = flatOut) {
  const due = await remindersDue(db, clock, config, pace);
  const todayBegan = swedishDayStart(todayOf(clock));
  for (let i = 0; i < due.digests.length; i += DIGESTS_PER_COMMIT) {
    // Between commits, never inside one: a wait there would hold the write lock.
    if (i > 0) await pace();
    await db.transaction().execute(async (tx) => {
      for (const d of due.digests.slice(i, i + DIGESTS_PER_COMMIT)) {
        // Another run (another process) may have got here first.
        if (await repo.hasDigestSince(tx, d.userId, todayBegan)) continue;
        const sent = await repo.alreadySent(tx, d.userId);
        if (d.reminders.some((r) => sent.has(`${r.item} ${r.threshold}`))) continue;
        const id = await insertMail(
          tx,
          { userId: d.userId, to: d.to, subject: d.subject, text: d.text, html: d.html },
          nowIso(clock),
        );
        await repo.recordSent(tx, d.userId, d.reminders, id);
      }
    });
  }
  await writeSetting(db, LAST_RUN.reminders, nowIso(clock));
  return due;
}

export function reminderSettings(db: Db, userId: number) {
  return repo.findSettings(db, userId);
}

/** The kinds of reminder a role can get (a chef's own, and what the role looks after). */
export function sectionsFor(role: string): Section[] {
  return [
    'own',
    'answers',
    ...(role === 'director' ? (['responses', 'fines', 'requests', 'stale'] as const) : []),
    ...(role === 'secretary' ? (['meetings'] as const) : []),
  ];
}

export function saveReminderSettings(
  db: Db,
  clock: Clock,
  userId: number,
  s: { enabled: boolean; weeklyOn: number | null; muted: readonly Section[] },
): Promise<void> {
  return repo.saveSettings(db, userId, s, nowIso(clock));
}
