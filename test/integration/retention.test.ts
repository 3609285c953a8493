import { expect } from 'chai';
import { testApp, type TestApp } from '../helpers/app.ts';
import { aCommittee } from '../helpers/builders.ts';
import { millisOf } from '../../src/clock.ts';
import { purgeExpired } from '../../src/jobs/retention.ts';
import { saveSession } from '../../src/users/sessions.repository.ts';
import { insertFailure, saveLock } from '../../src/security/login-throttle.repository.ts';
import { insertOneTimeToken } from '../../src/users/users.repository.ts';
import { insertMail } from '../../src/mail/mail.service.ts';
import { markSent } from '../../src/mail/outbox.repository.ts';
import { insertDraft } from '../../src/transfer/import-drafts.repository.ts';
import { countRequest } from '../../src/api/api-rate-counts.repository.ts';
import { claimJobRun } from '../../src/jobs/job-runs.repository.ts';
import { makeUser } from '../helpers/app.ts';

describe('retention: the nightly purge', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp(); // 16 March 2026, 10:00
  });

  const day = 86_400_000;
  const iso = (msAgo: number) => new Date(millisOf(t.clock) - msAgo).toISOString();

  it('when it runs, then expired sessions, old failed logins, ended locks, spent links and the text of mail sent over 90 days ago go, and records stay', async () => {
    const now = millisOf(t.clock);
    await saveSession(t.db, 'utgangen', '{}', now - 1000, null);
    await saveSession(t.db, 'giltig', '{}', now + 3_600_000, null);
    await insertFailure(t.db, { account: 'gammal@exempelkommun.se', source: '203.0.113.7', at: now - 2 * day });
    await insertFailure(t.db, { account: 'farsk@exempelkommun.se', source: '203.0.113.7', at: now - 60_000 });
    await saveLock(t.db, 'source', '203.0.113.7', now - 1000);
    await saveLock(t.db, 'source', '198.51.100.20', now + 600_000);
    const token = (hash: string, expiresAt: string, usedAt: string | null) =>
      insertOneTimeToken(t.db, { hash, purpose: 'reset', userId: null, expiresAt, now: iso(60 * day) }).then(() =>
        usedAt
          ? t.db.updateTable('one_time_tokens').set({ used_at: usedAt }).where('token_hash', '=', hash).execute()
          : undefined,
      );
    await token('forbrukad-lange-sedan', iso(-day), iso(40 * day));
    await token('utgangen-lange-sedan', iso(35 * day), null);
    await token('aktiv', iso(-day), null);
    const mail = async (subject: string, sentDaysAgo: number | null) => {
      const id = await insertMail(
        t.db,
        { userId: null, to: 'chef@exempelkommun.se', subject, text: 'Text', html: '<p>Text</p>' },
        iso(200 * day),
      );
      if (sentDaysAgo !== null) await markSent(t.db, id, iso(sentDaysAgo * day));
      return id;
    };
    const old = await mail('Skickat för länge sedan', 91);
    const recent = await mail('Skickat nyss', 89);
    const waiting = await mail('Inte skickat', null);
    await aCommittee(t.db, 'Socialnämnden');
    const auditBefore = await t.db.selectFrom('audit_log').selectAll().execute();

    await purgeExpired(t.db, t.clock);

    expect((await t.db.selectFrom('sessions').select('sid').execute()).map((r) => r.sid)).to.deep.equal(['giltig']);
    expect((await t.db.selectFrom('login_failures').select('account').execute()).map((r) => r.account)).to.deep.equal([
      'farsk@exempelkommun.se',
    ]);
    expect((await t.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key)).to.deep.equal([
      '198.51.100.20',
    ]);
    expect(
      (await t.db.selectFrom('one_time_tokens').select('token_hash').execute()).map((r) => r.token_hash),
    ).to.deep.equal(['aktiv']);
    const outbox = await t.db
      .selectFrom('outbox')
      .select(['id', 'subject', 'to_address', 'text'])
      .orderBy('id')
      .execute();
    expect(outbox).to.deep.equal([
      { id: old, subject: 'Skickat för länge sedan', to_address: '', text: '' },
      { id: recent, subject: 'Skickat nyss', to_address: 'chef@exempelkommun.se', text: 'Text' },
      { id: waiting, subject: 'Inte skickat', to_address: 'chef@exempelkommun.se', text: 'Text' },
    ]);
    expect(await t.db.selectFrom('audit_log').selectAll().execute()).to.deep.equal(auditBefore);
    expect(await t.db.selectFrom('committees').selectAll().execute()).to.have.length(1);
  });

  it('when it runs, then import previews over 30 minutes old, ended API rate windows and job runs over 30 days old go, and fresh ones stay', async () => {
    const now = millisOf(t.clock);
    const director = await makeUser(t, 'director');
    const draft = (token: string, minutesAgo: number) =>
      insertDraft(
        t.db,
        {
          token,
          userId: director.id,
          file: Buffer.from('Ärende;Brist'),
          matterId: null,
          createdAt: now - minutesAgo * 60_000,
        },
        50 * 1024 * 1024,
      );
    await draft('gammal', 31);
    // One preview a user: the fresh one is another user's.
    const other = await makeUser(t, 'director');
    await insertDraft(
      t.db,
      { token: 'farsk', userId: other.id, file: Buffer.from('Ärende;Brist'), matterId: null, createdAt: now - 60_000 },
      50 * 1024 * 1024,
    );
    await countRequest(t.db, 'token:1', now - 120_000, 60_000);
    await countRequest(t.db, 'token:2', now - 10_000, 60_000);
    const run = (job: string, daysAgo: number) =>
      claimJobRun(t.db, { job, occurrence: iso(daysAgo * day), holder: 'vm:1', startedAt: iso(daysAgo * day) });
    await run('gallring', 31);
    await run('gallring', 1);

    await purgeExpired(t.db, t.clock);

    expect((await t.db.selectFrom('import_drafts').select('token').execute()).map((r) => r.token)).to.deep.equal([
      'farsk',
    ]);
    expect((await t.db.selectFrom('api_rate_counts').select('key').execute()).map((r) => r.key)).to.deep.equal([
      'token:2',
    ]);
    expect((await t.db.selectFrom('job_runs').select('occurrence').execute()).map((r) => r.occurrence)).to.deep.equal([
      iso(day),
    ]);
  });
});
