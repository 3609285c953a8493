import { expect } from 'chai';
import { sql } from 'kysely';
import { freshDb, TODAY } from '../helpers/app.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import type { Db } from '../../src/db/connection.ts';
import { daysBetween, nonWorkingDayName } from '../../src/deadlines/calendar.ts';
import { findPersonalIdentityNumber } from '../../src/shared/personnummer.ts';
import { authenticate, createUser } from '../../src/users/users.service.ts';
import { seedDemo } from '../../scripts/seed-demo.ts';

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await db.introspection.getTables()) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db);
    counts[table.name] = r.rows[0].n;
  }
  return counts;
}

/** Every action with its findings' matters and its updates, oldest first. */
async function actionsWithHistory(db: Db) {
  const actions = await db.selectFrom('actions').selectAll().orderBy('id').execute();
  const links = await db
    .selectFrom('action_findings')
    .innerJoin('findings', 'findings.id', 'action_findings.finding_id')
    .innerJoin('matters', 'matters.id', 'findings.matter_id')
    .select(['action_findings.action_id', 'matters.committee_id'])
    .execute();
  const updates = await db.selectFrom('action_updates').selectAll().orderBy('id').execute();
  return actions.map((a) => ({
    ...a,
    findingCommittees: links.filter((l) => l.action_id === a.id).map((l) => l.committee_id),
    updates: updates.filter((u) => u.action_id === a.id),
  }));
}

function isOpen(status: string): boolean {
  return status === 'not_started' || status === 'in_progress';
}

describe('demo data (scripts/seed-demo.ts)', () => {
  let db: Db;
  let clock: Clock;
  let result: Awaited<ReturnType<typeof seedDemo>>;

  before(async () => {
    db = await freshDb();
    clock = fixedClock(`${TODAY}T10:00:00`);
    result = await seedDemo(db, clock);
  });

  after(async () => {
    await db.destroy();
  });

  it('when the database is empty, then two nämnder get about ten matters of several kinds', async () => {
    expect(result.seeded).to.equal(true);
    const committees = await db.selectFrom('committees').selectAll().execute();
    expect(committees.map((c) => c.name)).to.have.members(['Socialnämnden', 'Arbetsmarknads- och socialnämnden']);
    const matters = await db.selectFrom('matters').selectAll().execute();
    expect(matters.length).to.be.within(8, 12);
    expect(new Set(matters.map((m) => m.kind)).size).to.be.at.least(5);
    expect(new Set(matters.map((m) => m.committee_id)).size).to.equal(2);
    const closed = matters.filter((m) => m.closed_on !== null);
    expect(closed).to.have.length(1);
    expect(closed[0].closed_note).to.not.equal('');
    const ordered = matters.filter((m) => m.fine_status === 'ordered');
    expect(ordered).to.have.length(1);
    expect(ordered[0].fine_amount).to.equal(600000);
    expect(ordered[0].final_on).to.be.a('string');
    expect(matters.some((m) => m.fine_status === 'risk')).to.equal(true);
    const openWithSvarsdatum = matters.filter((m) => m.closed_on === null && m.respond_by !== null);
    expect(openWithSvarsdatum.some((m) => m.respond_by! < TODAY)).to.equal(true);
    expect(openWithSvarsdatum.some((m) => m.respond_by! >= TODAY)).to.equal(true);
  });

  it('then findings both require a response and are only passed along ("skickar med")', async () => {
    const findings = await db.selectFrom('findings').select('response_required').execute();
    expect([...new Set(findings.map((f) => f.response_required))].sort()).to.deep.equal([0, 1]);
  });

  it('then 40–80 actions cover every status, with some overdue, some due soon and one on a helgdag', async () => {
    const actions = await actionsWithHistory(db);
    expect(actions.length).to.be.within(40, 80);
    expect(new Set(actions.map((a) => a.status))).to.have.all.keys('not_started', 'in_progress', 'done', 'cancelled');
    const open = actions.filter((a) => isOpen(a.status));
    expect(open.filter((a) => a.due_on < TODAY)).to.have.length.at.least(1);
    expect(
      open.filter((a) => daysBetween(TODAY, a.due_on) >= 0 && daysBetween(TODAY, a.due_on) <= 14),
    ).to.have.length.at.least(1);
    const onNonWorkingDay = actions.filter((a) => nonWorkingDayName(a.due_on) !== null);
    expect(onNonWorkingDay).to.have.length(1);
    // The next helgdag after 2026-03-16 is långfredagen.
    expect(onNonWorkingDay[0].due_on).to.equal('2026-04-03');
  });

  it('then every action belongs to its findings’ nämnd and its history ends in its status', async () => {
    const now = clock.now().toUTC().toISO()!;
    for (const a of await actionsWithHistory(db)) {
      expect(a.findingCommittees.length, a.title).to.be.within(1, 2);
      expect(
        a.findingCommittees.every((c) => c === a.committee_id),
        a.title,
      ).to.equal(true);
      expect(a.title.length).to.be.at.most(200);

      const [first, ...rest] = a.updates;
      expect(first, a.title).to.include({
        from_status: null,
        to_status: 'not_started',
        comment: '',
        created_at: a.created_at,
      });
      let previous = first;
      for (const u of rest) {
        expect(u.from_status, a.title).to.equal(previous.to_status);
        expect(u.to_status, a.title).to.not.equal(u.from_status);
        expect(u.created_at > previous.created_at, a.title).to.equal(true);
        expect(u.comment, a.title).to.not.equal('');
        previous = u;
      }
      expect(previous.to_status, a.title).to.equal(a.status);
      expect(previous.created_at < now, a.title).to.equal(true);
      expect(a.updated_at).to.equal(previous.created_at);
    }
  });

  it('then there is one user per role (several chefs) and the demo logins work', async () => {
    const users = await db.selectFrom('users').select(['role', 'email']).execute();
    const perRole = (role: string) => users.filter((u) => u.role === role).length;
    expect(perRole('admin')).to.equal(1);
    expect(perRole('director')).to.equal(1);
    expect(perRole('secretary')).to.equal(1);
    expect(perRole('reader')).to.equal(1);
    expect(perRole('manager')).to.be.within(2, 3);
    expect(result.logins.map((l) => l.email)).to.have.members(users.map((u) => u.email));
    for (const login of result.logins) {
      expect(login.email).to.match(/@exempelkommun\.se$/);
      const user = await authenticate(db, login.email, login.password);
      expect(user?.name, login.email).to.equal(login.name);
    }
  });

  it('then each nämnd has sammanträden planned, some held and some coming', async () => {
    const meetings = await db.selectFrom('meetings').select(['committee_id', 'held_on']).execute();
    const today = clock.now().toISODate()!;
    for (const committee of new Set(meetings.map((m) => m.committee_id))) {
      const mine = meetings.filter((m) => m.committee_id === committee);
      expect(mine.filter((m) => m.held_on < today)).to.have.length.greaterThan(0);
      expect(mine.filter((m) => m.held_on > today)).to.have.length.greaterThan(2);
    }
    expect(new Set(meetings.map((m) => m.committee_id)).size).to.equal(2);
  });

  it('then no text anywhere contains a personnummer', async () => {
    for (const table of await db.introspection.getTables()) {
      const textColumns = table.columns.filter((c) => c.dataType.toLowerCase() === 'text').map((c) => c.name);
      if (textColumns.length === 0) continue;
      const rows = await sql<
        Record<string, string | null>
      >`SELECT ${sql.join(textColumns.map((c) => sql.ref(c)))} FROM ${sql.table(table.name)}`.execute(db);
      for (const row of rows.rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value !== null) expect(findPersonalIdentityNumber(value), `${table.name}.${column}`).to.equal(null);
        }
      }
    }
  });

  it('then the largest open IVO matter has IVO:s beslut as a PDF and a finished action a chef’s evidence, both recorded in the ändringslogg', async () => {
    const files = await db
      .selectFrom('attachments')
      .innerJoin('attachment_contents', 'attachment_contents.attachment_id', 'attachments.id')
      .select(['matter_id', 'action_id', 'document_kind', 'file_name', 'content_type', 'content'])
      .orderBy('attachments.id')
      .execute();
    expect(files.map((f) => [f.action_id === null, f.document_kind, f.file_name, f.content_type])).to.deep.equal([
      [true, 'decision', 'IVO-beslut.pdf', 'application/pdf'],
      [false, 'evidence', 'stickprov.txt', 'text/plain; charset=utf-8'],
    ]);
    expect(Buffer.from(files[0].content).subarray(0, 5).toString()).to.equal('%PDF-');
    const logged = await db.selectFrom('audit_log').select('id').where('entity', '=', 'attachments').execute();
    expect(logged).to.have.length(2);
  });

  it('when seeded again, then nothing is added and the logins are still listed', async () => {
    const before = await rowCounts(db);
    const again = await seedDemo(db, clock);
    expect(again.seeded).to.equal(false);
    expect(again.logins).to.deep.equal(result.logins);
    expect(await rowCounts(db)).to.deep.equal(before);
  });
});

describe('demo data beside an existing administrator', () => {
  it('when ADMIN_EMAIL already created an administrator, then no demo administrator is added', async () => {
    const db = await freshDb();
    const clock = fixedClock(`${TODAY}T10:00:00`);
    await createUser(db, clock, {
      email: 'it@exempelkommun.se',
      name: 'Administratör',
      role: 'admin',
      password: 'ett-langt-losenord',
    });
    const { seeded, logins } = await seedDemo(db, clock);
    expect(seeded).to.equal(true);
    const admins = await db.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    expect(admins.map((a) => a.email)).to.deep.equal(['it@exempelkommun.se']);
    expect(logins.map((l) => l.role)).to.not.include('Administratör');
    await db.destroy();
  });
});

describe('demo data on awkward days', () => {
  // Around Easter, midsommar and the turn of the year the working-day shifts are longest.
  for (const today of ['2026-04-03', '2026-06-19', '2026-12-23', '2027-01-02']) {
    it(`when today is ${today}, then the same guarantees hold`, async () => {
      const db = await freshDb();
      const clock = fixedClock(`${today}T08:00:00`);
      await seedDemo(db, clock);
      const actions = await actionsWithHistory(db);
      const open = actions.filter((a) => isOpen(a.status));
      expect(open.some((a) => a.due_on < today)).to.equal(true);
      expect(open.some((a) => daysBetween(today, a.due_on) >= 0 && daysBetween(today, a.due_on) <= 14)).to.equal(true);
      expect(actions.filter((a) => nonWorkingDayName(a.due_on) !== null)).to.have.length(1);
      const now = clock.now().toUTC().toISO()!;
      for (const a of actions) {
        expect(a.updates.at(-1)!.to_status).to.equal(a.status);
        expect(a.updates.at(-1)!.created_at < now, a.title).to.equal(true);
      }
      await db.destroy();
    });
  }
});
