import { expect } from 'chai';
import { sql } from 'kysely';
import { loggedIn, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';
import { DERIVED_TABLES } from '../../db/migrations/016_fresh_counts.ts';
import { DERIVED_TABLES as MONTH_COUNTS } from '../../db/migrations/019_month_counts.ts';

describe('audit trail (ändringslogg)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });

  it('when a matter is edited through the app, then the log records who, when and the values before and after', async () => {
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const id = await aMatter(t, d.user.id, { committeeId, title: 'Gammal rubrik' });
    const form = await d.session.get(`/arenden/${id}/redigera`);
    expect(form.status).to.equal(200);
    const res = await d.session.post(
      `/arenden/${id}`,
      {
        kind: 'ivo_supervision',
        committeeId: String(committeeId),
        title: 'Ny rubrik',
        unit: '',
        ivoReference: '',
        ownReference: '',
        decidedOn: '',
        respondBy: '',
        followUpOn: '',
        fineStatus: 'none',
        fineAmount: '',
        finalOn: '',
        legalBasis: '',
        description: '',
        version: '1',
      },
      `/arenden/${id}/redigera`,
    );
    expect(res.status).to.equal(303);
    const rows = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'matters')
      .where('operation', '=', 'update')
      .execute();
    expect(rows).to.have.length(1);
    expect(rows[0].user_id).to.equal(d.user.id);
    expect(rows[0].at).to.equal('2026-03-16T09:00:00.000Z');
    expect(JSON.parse(rows[0].before_json!).title).to.equal('Gammal rubrik');
    expect(JSON.parse(rows[0].after_json!).title).to.equal('Ny rubrik');

    const page = textOf((await d.session.get(`/arenden/${id}`)).text);
    expect(page).to.contain('Ändringshistorik');
    expect(page).to.contain('Frida Förvaltningschef');
    expect(page).to.contain('Rubrik: Gammal rubrik → Ny rubrik');
  });

  it('when a matter, a brist and a comment are entered, then every history reads in plain Swedish: labels for codes, Ja/Nej, kronor, Swedish dates and Stockholm time, and a comment alone is a Kommentar', async () => {
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    const committeeId = await aCommittee(t, 'Socialnämnden');
    const id = await aMatter(t, d.user.id, {
      committeeId,
      title: 'Föreläggande om utredningstider',
      kind: 'ivo_supervision',
      fineStatus: 'ordered',
      fineAmount: 600000,
      decidedOn: '2026-02-02',
    });
    const finding = await aFinding(t, id, 'Utredningstiden överskrids', true);
    const action = await anAction(t, d.user.id, { findingIds: [finding], ownerId: d.user.id, status: 'in_progress' });
    const version = await t.db
      .selectFrom('actions')
      .select('version')
      .where('id', '=', action)
      .executeTakeFirstOrThrow();
    const commented = await d.session.post(
      `/atgarder/${action}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Checklistan är utskickad till enheterna.', version: String(version.version) },
      `/atgarder/${action}`,
    );
    expect(commented.status).to.equal(303);

    const page = textOf((await d.session.get(`/arenden/${id}/historik`)).text);
    expect(page).to.contain('Ärendetyp: – → IVO-tillsyn');
    expect(page).to.contain('Vitesstatus: – → Föreläggande med vite');
    expect(page).to.contain('Vitesbelopp: – → 600 000 kr');
    expect(page).to.contain('Beslutsdatum: – → 2 februari 2026');
    expect(page).to.contain('Kräver redovisning: – → Ja');
    expect(page).not.to.match(/ivo_supervision|ordered|Kräver redovisning: – → 1|2026-02-02/);

    const log = textOf((await d.session.get('/logg?typ=action_updates')).text);
    expect(log).to.contain('Till status: – → Pågår');
    expect(log).not.to.match(/status: – → (in_progress|not_started)/);

    const actionPage = textOf((await d.session.get(`/atgarder/${action}`)).text);
    expect(actionPage).to.contain('Kommentar');
    expect(actionPage).not.to.contain('Pågår → Pågår');

    const csv = (await d.session.get('/logg.csv?typ=matters')).text;
    expect(csv).to.contain('16 mars 2026 kl. 10:00'); // 09:00 UTC is 10:00 in Stockholm in March
    expect(csv).to.contain('IVO-tillsyn');
    expect(csv).not.to.contain('2026-03-16T09:00');
  });

  it('when a matter has more changes than its page shows, then the page shows the ten latest and links to the whole history, page by page', async () => {
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    const id = await aMatter(t, d.user.id, { committeeId: await aCommittee(t, 'Socialnämnden'), title: 'Rubrik 0' });
    for (let i = 1; i <= 60; i++)
      await t.db
        .updateTable('matters')
        .set({ title: `Rubrik ${i}` })
        .where('id', '=', id)
        .execute();
    const reader = (await loggedIn(t, 'reader')).session;

    const matterPage = textOf((await reader.get(`/arenden/${id}`)).text);
    expect(matterPage).to.contain('De 10 senaste av 61 ändringar');
    expect(matterPage).to.contain('Rubrik: Rubrik 59 → Rubrik 60').and.contain('Rubrik: Rubrik 50 → Rubrik 51');
    expect(matterPage).not.to.contain('Rubrik: Rubrik 49 → Rubrik 50');
    expect(matterPage).to.contain('Visa hela ändringshistoriken för ärendet (61 ändringar)');

    const first = textOf((await reader.get(`/arenden/${id}/historik`)).text);
    expect(first).to.contain('Ändringar i ärendet och dess brister (61), senaste först');
    expect(first).to.contain('Rubrik: Rubrik 10 → Rubrik 11').and.not.contain('Rubrik: Rubrik 9 → Rubrik 10');
    const second = textOf((await reader.get(`/arenden/${id}/historik?sida=2`)).text);
    expect(second).to.contain('Rubrik: Rubrik 0 → Rubrik 1').and.contain('Visar 51–61 av 61');
    const beyond = await reader.get(`/arenden/${id}/historik?sida=99`);
    expect([beyond.status, beyond.headers.location]).to.deep.equal([303, `/arenden/${id}/historik?sida=2`]);
    expect((await reader.get('/arenden/999999/historik')).status).to.equal(404);
  });

  it('when an administrator adds and edits a user, then the log names the administrator', async () => {
    const admin = await loggedIn(t, 'admin', 'Sara Systemförvaltare');
    const created = await admin.session.post(
      '/admin/anvandare/ny',
      { name: 'Ny Chef', email: 'ny.chef@exempelkommun.se', role: 'manager', password: 'ett-helt-nytt-losenord' },
      '/admin/anvandare/ny',
    );
    expect(created.status).to.equal(303);
    const { id } = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ny.chef@exempelkommun.se')
      .executeTakeFirstOrThrow();
    const edited = await admin.session.post(
      `/admin/anvandare/${id}`,
      { name: 'Ny Chef', email: 'ny.chef@exempelkommun.se', role: 'reader', active: 'ja', password: '', version: '1' },
      `/admin/anvandare/${id}`,
    );
    expect(edited.status).to.equal(303);
    const rows = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'users')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.operation, r.user_id])).to.deep.equal([
      ['insert', admin.user.id],
      ['update', admin.user.id],
    ]);
    expect(JSON.parse(rows[1].after_json!).role).to.equal('reader');
  });

  it('when anything tries to change or delete the log, then the database refuses', async () => {
    const d = await loggedIn(t, 'director');
    await aMatter(t, d.user.id);
    let updateRefused = false;
    let deleteRefused = false;
    try {
      await sql`UPDATE audit_log SET user_id = NULL`.execute(t.db);
    } catch {
      updateRefused = true;
    }
    try {
      await sql`DELETE FROM audit_log`.execute(t.db);
    } catch {
      deleteRefused = true;
    }
    expect([updateRefused, deleteRefused]).to.deep.equal([true, true]);
    expect((await t.db.selectFrom('audit_log').selectAll().execute()).length).to.be.greaterThan(0);
  });

  it('when a status is updated, then the log names the user; password hashes are never written to the log', async () => {
    const d = await loggedIn(t, 'director');
    const m = await loggedIn(t, 'manager', 'Cecilia Enhetschef');
    const matterId = await aMatter(t, d.user.id);
    const finding = await aFinding(t, matterId);
    const actionId = await anAction(t, d.user.id, { findingIds: [finding], ownerId: m.user.id });
    await m.session.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'in_progress', comment: 'Igång', version: '1' },
      `/atgarder/${actionId}`,
    );
    const update = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'actions')
      .where('operation', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(update.user_id).to.equal(m.user.id);
    const all = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('entity', '=', 'users')
      .execute();
    for (const r of all) expect(`${r.before_json}${r.after_json}`).not.to.contain('scrypt$');
  });

  it('when an administrator or förvaltningschef filters the log and exports CSV, then they get matching rows; others get 403', async () => {
    const d = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    const admin = await loggedIn(t, 'admin');
    await aMatter(t, d.user.id, { title: 'Loggat ärende', description: '=HYPERLINK("http://x")' });
    const page = textOf((await admin.session.get(`/logg?typ=matters&anvandare=${d.user.id}`)).text);
    expect(page).to.contain('Ärende');
    expect(page).to.contain('Loggat ärende');
    const csv = await d.session.get('/logg.csv?typ=matters');
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.contain('text/csv');
    expect(csv.text).to.contain('Frida Förvaltningschef');
    expect(csv.text).to.contain('Loggat ärende');
    expect(csv.text).to.contain(`"'=HYPERLINK(""http://x"")"`);
    const none = textOf((await admin.session.get('/logg?typ=committees&fran=2030-01-01')).text);
    expect(none).to.contain('Inga ändringar matchar filtret.');
    for (const role of ['secretary', 'manager', 'reader'] as const) {
      const s = (await loggedIn(t, role)).session;
      expect((await s.get('/logg')).status).to.equal(403);
      expect((await s.get('/logg.csv')).status).to.equal(403);
    }
  });

  it('when a new table is added without audit triggers, then this test names it', async () => {
    const tables = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(
      t.db,
    );
    const triggers = await sql<{
      tbl_name: string;
    }>`SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%_insert'`.execute(t.db);
    const audited = new Set(triggers.rows.map((r) => r.tbl_name));
    const notAudited = new Set([
      'settings',
      'sessions',
      'one_time_tokens',
      'audit_log',
      'audit_actor',
      'login_failures',
      'login_throttle',
      'login_attempts',
      'calendar_feeds',
      'outbox',
      'reminders_sent',
      'reminder_settings',
      // A bilaga's bytes: its audited row in attachments records their size and SHA-256.
      'attachment_contents',
      // The search indexes (migration 013) and their FTS5 shadow tables only mirror audited rows.
      ...['matters', 'findings', 'actions', 'comments'].flatMap((kind) =>
        ['', '_data', '_idx', '_docsize', '_config'].map((part) => `search_${kind}${part}`),
      ),
      // Every API call would move the newest audit id and forget the remembered pages (migration 014).
      'api_token_uses',
      // The Översikt's counts, derived by triggers from audited rows (migration 016).
      ...DERIVED_TABLES,
      // The same per month, and the open matters (migration 019).
      ...MONTH_COUNTS,
      // When the action list's filter choices last changed, moved by triggers (migration 018).
      'filter_choices_version',
      // What the server's processes share (migration 017): which ran a job, import previews, API counts.
      'job_runs',
      'import_drafts',
      'api_rate_counts',
    ]);
    const missing = tables.rows.map((r) => r.name).filter((n) => !audited.has(n) && !notAudited.has(n));
    expect(
      missing,
      'tables without audit triggers (add them in a migration, or list them here if they hold no records)',
    ).to.deep.equal([]);
  });
});
