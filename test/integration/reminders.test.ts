import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { loggedIn, PASSWORD, testApp, textOf, type TestApp } from '../helpers/app.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createUser } from '../../src/users/users.service.ts';
import { aCommittee, aFinding, aMatter, aMeeting, anAction } from '../helpers/builders.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import { deliverOutbox, mailTransport } from '../../src/mail/mail.service.ts';
import { queueReminders, remindersDue } from '../../src/reminders/reminders.service.ts';
import { pacedTo, type Pace } from '../../src/shared/pace.ts';
import { aMeter } from '../helpers/pace-meter.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { scheduledJobs } from '../../src/jobs/scheduler.ts';

const CONFIG = { warningDays: 14, staleDays: 30, publicUrl: 'https://atgardsplan.exempelkommun.se' };
const FROM = 'Åtgärdsplan <atgardsplan@exempelkommun.se>';
const run = promisify(execFile);
/** 07:00 in Sweden on the given day (winter time): when the server runs the reminders. */
const at7 = (day: string): Clock => fixedClock(`${day}T07:00:00`);

/** A real SMTP server on a free local port; what arrives is parsed as a mail program would. */
async function anSmtpServer() {
  const received: ParsedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      if (refusing) {
        stream.resume();
        stream.on('end', () => done(Object.assign(new Error('Tillfälligt fel hos mottagaren'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (yes: boolean) => (refusing = yes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('reminders by e-mail, through a real SMTP server', function () {
  this.timeout(30_000);
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof anSmtpServer>>;
  let people: Record<'chef' | 'director' | 'secretary', { id: number; email: string }>;
  let ids: Record<string, number>;

  beforeEach(async () => {
    t = await testApp(); // Monday 16 March 2026
    smtp = await anSmtpServer();
    const chef = await loggedIn(t, 'manager', 'Karin Exempelsson');
    const director = await loggedIn(t, 'director', 'Eva Exempel');
    const secretary = await loggedIn(t, 'secretary', 'Stina Sekreterare');
    people = { chef: chef.user, director: director.user, secretary: secretary.user };
    const committeeId = await aCommittee(t.db, 'Socialnämnden');
    const matterId = await aMatter(t.db, {
      committeeId,
      title: 'Tillsyn av hemtjänsten',
      respondBy: '2026-03-25',
      fineStatus: 'ordered',
      fineAmount: 500000,
    });
    const finding = await aFinding(t.db, matterId, 'Genomförandeplaner saknas', true);
    const action = (title: string, dueOn: string) =>
      anAction(t.db, {
        committeeId,
        ownerId: chef.user.id,
        findingIds: [finding],
        title,
        dueOn,
        createdAt: '2026-03-12T09:00:00.000Z',
      });
    ids = {
      matterId,
      overdue: await action('Upprätta genomförandeplaner', '2026-03-10'),
      soon: await action('Rutin för avvikelser', '2026-03-20'),
      later: await action('Utbilda personalen', '2026-06-30'),
      meeting: await aMeeting(t.db, committeeId, '2026-03-24'),
    };
  });

  afterEach(() => smtp.close());

  async function run(clock: Clock, url = smtp.url) {
    const queued = await queueReminders(t.db, clock, CONFIG);
    const delivered = await deliverOutbox(t.db, clock, await mailTransport({ smtpUrl: url, mailFrom: FROM }), FROM);
    return { ...queued, ...delivered };
  }

  const mailTo = (email: string) => smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text.includes(email));

  it('when the day’s reminders run, then each user gets one digest of what concerns them, with links; a second run or a restart sends nothing twice', async () => {
    const first = await run(at7('2026-03-16'));
    expect(first.sent).to.equal(3);
    const [chef] = mailTo(people.chef.email);
    expect(chef.subject).to.equal('Åtgärdsplan: 2 påminnelser 16 mars 2026');
    expect(chef.from?.text).to.contain('atgardsplan@exempelkommun.se');
    expect(chef.text).to.contain('Dina åtgärder');
    expect(chef.text).to.contain('Försenad: Upprätta genomförandeplaner (slutdatum 10 mars 2026, 6 dagar sedan)');
    expect(chef.text).to.contain('Slutdatum 20 mars 2026 (4 dagar kvar): Rutin för avvikelser');
    expect(chef.text).to.contain(`https://atgardsplan.exempelkommun.se/atgarder/${ids.overdue}`);
    expect(chef.text).not.to.contain('Utbilda personalen');
    expect(chef.html).to.contain(`<a href="https://atgardsplan.exempelkommun.se/atgarder/${ids.soon}">`);
    const [director] = mailTo(people.director.email);
    expect(director.text).to.contain('Tillsyn av hemtjänsten: svarsdatum 25 mars 2026 (9 dagar kvar) – vite riskeras');
    expect(director.text!.replace(/\u00a0/g, ' ')).to.contain(
      'Vite\n- Tillsyn av hemtjänsten: Föreläggande med vite 500 000 kr',
    );
    const [secretary] = mailTo(people.secretary.email);
    expect(secretary.text).to.contain('Sammanträden utan utfärdad återrapportering');
    expect(secretary.text).to.contain('Socialnämnden 24 mars 2026 (8 dagar kvar)');

    // The same day again, and the next day from a restarted server: nothing new, nothing twice.
    expect((await run(at7('2026-03-16'))).sent).to.equal(0);
    expect((await run(at7('2026-03-17'))).sent).to.equal(0);
    expect(smtp.received).to.have.length(3);

    // Two days on, the svarsdatum is a week away: the next step, once.
    await run(at7('2026-03-18'));
    const next = mailTo(people.director.email);
    expect(next).to.have.length(2);
    expect(next[1].text).to.contain('svarsdatum 25 mars 2026 (7 dagar kvar)');
  });

  it('when the job is paced to a quarter of a core, then it writes and sends exactly the digests it would flat out, once, and waits three times the work of each piece', async () => {
    const clock = at7('2026-03-16');
    const flat = (await remindersDue(t.db, clock, CONFIG)).digests;
    expect(flat).to.have.length(3);
    // Each piece of the job between two calls of the pace is made to have used 25 ms of CPU.
    const { meter, waits, work } = aMeter();
    const quarter = pacedTo(0.25, meter);
    const pace: Pace = () => {
      work(25);
      return quarter();
    };
    await queueReminders(t.db, clock, CONFIG, pace);
    const whileQueueing = waits.length;
    const mail = await mailTransport({ smtpUrl: smtp.url, mailFrom: FROM });
    const { sent } = await deliverOutbox(t.db, clock, mail, FROM, pace);
    expect(sent).to.equal(3);
    const outbox = await t.db
      .selectFrom('outbox')
      .select(['user_id', 'to_address', 'subject', 'text', 'html', 'sent_at'])
      .orderBy('id')
      .execute();
    expect(outbox).to.deep.equal(
      flat.map((d) => ({
        user_id: d.userId,
        to_address: d.to,
        subject: d.subject,
        text: d.text,
        html: d.html,
        sent_at: '2026-03-16T06:00:00.000Z',
      })),
    );
    expect(smtp.received.map((m) => m.text?.trimEnd())).to.deep.equal(flat.map((d) => d.text));
    // The reads and each user's digest are paced, and so is each mail sent.
    expect(whileQueueing).to.be.greaterThan(5);
    expect(waits.length - whileQueueing).to.equal(3);
    expect(waits).to.deep.equal(Array(waits.length).fill(75));

    await queueReminders(t.db, clock, CONFIG, pace);
    expect((await deliverOutbox(t.db, clock, mail, FROM, pace)).sent).to.equal(0);
    expect(smtp.received).to.have.length(3);
  });

  it('when the SMTP server refuses, then the digest stays in the outbox with the error and is sent on a later try; on a helgdag nothing is sent; a user who opts out gets nothing', async () => {
    smtp.refuse(true);
    const refused = await run(at7('2026-03-16'));
    expect([refused.sent, refused.failed]).to.deep.equal([0, 3]);
    const waiting = await t.db.selectFrom('outbox').selectAll().execute();
    expect(waiting.map((m) => [m.sent_at, m.attempts])).to.deep.equal([
      [null, 1],
      [null, 1],
      [null, 1],
    ]);
    expect(waiting[0].last_error).to.contain('Tillfälligt fel');
    // Tried again too soon: still waiting. After the wait: sent, once each.
    smtp.refuse(false);
    expect(
      (
        await deliverOutbox(
          t.db,
          fixedClock('2026-03-16T07:00:30'),
          await mailTransport({ smtpUrl: smtp.url, mailFrom: FROM }),
          FROM,
        )
      ).sent,
    ).to.equal(0);
    expect(
      (
        await deliverOutbox(
          t.db,
          fixedClock('2026-03-16T07:05:00'),
          await mailTransport({ smtpUrl: smtp.url, mailFrom: FROM }),
          FROM,
        )
      ).sent,
    ).to.equal(3);
    expect(smtp.received).to.have.length(3);

    // Långfredagen: the svarsdatum has passed, yet nothing goes out until the next vardag.
    const holiday = await run(at7('2026-04-03'));
    expect(holiday.holiday).to.equal('långfredagen');
    expect(smtp.received).to.have.length(3);

    const chef = await (async () => {
      const s = await loggedIn(t, 'manager', 'Karin Avstängd');
      await anAction(t.db, {
        committeeId: (await t.db.selectFrom('committees').select('id').executeTakeFirstOrThrow()).id,
        ownerId: s.user.id,
        title: 'En åtgärd för den som inte vill ha brev',
        dueOn: '2026-04-08',
      });
      return s;
    })();
    const forged = await chef.session.post(
      '/konto/paminnelser',
      { enabled: 'ja', weeklyOn: '9' },
      '/konto/paminnelser',
    );
    expect(forged.status).to.equal(422);
    expect(textOf(forged.text)).to.contain('Välj varje vardag eller en veckodag.');
    const off = await chef.session.post('/konto/paminnelser', { weeklyOn: '' }, '/konto/paminnelser');
    expect(off.status).to.equal(303);
    expect(textOf((await chef.session.get('/konto/paminnelser')).text)).to.contain('Du får inga påminnelser');
    await run(at7('2026-04-07'));
    expect(mailTo(chef.user.email)).to.have.length(0);
    expect(mailTo(people.director.email).at(-1)!.text).to.contain('svarsdatum 25 mars 2026 (13 dagar sedan)');
  });

  it('when there is no SMTP server, then the digests wait in the utkorg, where an administrator reads exactly what would be sent', async () => {
    const queued = await run(at7('2026-03-16'), '');
    expect(queued.digests).to.have.length(3);
    const { session } = await loggedIn(t, 'admin');
    const outbox = textOf((await session.get('/admin/utkorg')).text);
    expect(outbox).to.contain('Ingen e-postserver är inställd');
    expect(outbox).to.contain('Åtgärdsplan: 2 påminnelser 16 mars 2026');
    expect(outbox).to.contain('I utkorgen (skickas inte)');
    const id = (
      await t.db.selectFrom('outbox').select('id').where('user_id', '=', people.chef.id).executeTakeFirstOrThrow()
    ).id;
    expect(textOf((await session.get(`/admin/utkorg/${id}`)).text)).to.contain('Försenad: Upprätta genomförandeplaner');
    expect((await (await loggedIn(t, 'director')).session.get('/admin/utkorg')).status).to.equal(403);
  });

  it('when the 07:00 reminders and the five-minute outbox delivery run at the same moment in one server, then each digest is sent once', async () => {
    const config = loadConfig({
      DATABASE_PATH: ':memory:',
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      PUBLIC_URL: CONFIG.publicUrl,
      REMINDERS_PACE: '1',
    });
    const jobs = scheduledJobs(t.db, at7('2026-03-16'), config, createLogger('silent'));
    const job = (name: string) => jobs.find((j) => j.name === name)!.run();
    // The digests wait in the outbox (say the SMTP server was away), and 07:00 is also a five-minute
    // mark: both timers fire, and each delivers the outbox.
    await queueReminders(t.db, at7('2026-03-16'), CONFIG);
    await Promise.all([job('paminnelser'), job('utkorg')]);
    const recipients = smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
    expect(recipients).to.have.length(3);
    expect(new Set(recipients).size).to.equal(3);
  });

  it('when a chef has more than 40 overdue actions, then a digest lists 40, says more come, and the next vardag brings the rest', async () => {
    const committeeId = (await t.db.selectFrom('committees').select('id').executeTakeFirstOrThrow()).id;
    for (let i = 1; i <= 44; i++)
      await anAction(t.db, { committeeId, ownerId: people.chef.id, title: `Gammal åtgärd ${i}`, dueOn: '2026-02-02' });
    await run(at7('2026-03-16'));
    const [first] = mailTo(people.chef.email);
    expect(first.subject).to.equal('Åtgärdsplan: 40 påminnelser 16 mars 2026');
    expect(first.text).to.contain('Fler i morgon; hela listan: https://atgardsplan.exempelkommun.se/atgarder/mina');
    await run(at7('2026-03-17'));
    const second = mailTo(people.chef.email)[1];
    expect(second.subject).to.equal('Åtgärdsplan: 6 påminnelser 17 mars 2026');
    expect(second.text).not.to.contain('Fler i morgon');
    await run(at7('2026-03-18'));
    expect(mailTo(people.chef.email)).to.have.length(2);
  });

  it('when the förvaltningschef turns off the vite reminders, then her digest keeps the svarsdatum but not the vite, and the form shows what she chose', async () => {
    const director = await loggedIn(t, 'director', 'Frida Förvaltningschef');
    const form = (await director.session.get('/konto/paminnelser')).text;
    expect(form).to.contain('value="fines" checked');
    const saved = await director.session.post(
      '/konto/paminnelser',
      { enabled: 'ja', weeklyOn: '', kinds: ['own', 'answers', 'responses', 'requests', 'stale'] },
      '/konto/paminnelser',
    );
    expect(saved.status).to.equal(303);
    const after = (await director.session.get('/konto/paminnelser')).text;
    expect(after).to.contain('value="responses" checked');
    expect(after).not.to.contain('value="fines" checked');
    await run(at7('2026-03-16'));
    const [mail] = mailTo(director.user.email);
    expect(mail.text).to.contain('Svarsdatum till IVO');
    expect(mail.text).not.to.contain('Föreläggande med vite 500');
  });
});

describe('npm run reminders, the job cron runs', function () {
  this.timeout(180_000);
  let smtp: Awaited<ReturnType<typeof anSmtpServer>>;
  let databasePath: string;

  beforeEach(async () => {
    smtp = await anSmtpServer();
    databasePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-reminders-')), 'data.sqlite');
    const db = openDatabase(databasePath);
    await migrateToLatest(db);
    const clock = fixedClock('2026-03-13T09:00:00');
    const ownerId = await createUser(db, clock, {
      email: 'karin.exempelsson@exempelkommun.se',
      name: 'Karin Exempelsson',
      role: 'manager',
      password: PASSWORD,
    });
    const committeeId = await aCommittee(db, 'Socialnämnden');
    const matterId = await aMatter(db, { committeeId, title: 'Tillsyn av hemtjänsten' });
    const finding = await aFinding(db, matterId, 'Genomförandeplaner saknas', true);
    await anAction(db, {
      committeeId,
      ownerId,
      findingIds: [finding],
      title: 'Upprätta genomförandeplaner',
      dueOn: '2026-03-10',
    });
    await db.destroy();
  });

  afterEach(async () => {
    await smtp.close();
    fs.rmSync(path.dirname(databasePath), { recursive: true, force: true });
  });

  /**
   * The script as cron starts it, on the database file, on Monday 16 March 2026 at 07:00; at normal
   * priority, so a busy test machine does not starve it.
   */
  const reminders = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/reminders.ts', '--nice', '0', ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_PATH: databasePath,
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://atgardsplan.exempelkommun.se',
        TEST_NOW: '2026-03-16T07:00:00+01:00',
      },
    });

  it('when it runs with --dry-run, then it prints the digest and sends and records nothing; run for real (paced, or with --no-pace) it sends it once, and again nothing', async () => {
    const dry = await reminders('--dry-run');
    expect(dry.stdout).to.contain('Till: Karin Exempelsson <karin.exempelsson@exempelkommun.se>');
    expect(dry.stdout).to.contain('Försenad: Upprätta genomförandeplaner (slutdatum 10 mars 2026, 6 dagar sedan)');
    expect(dry.stdout).to.contain('1 brev skulle skickas (inget har skickats).');
    expect(smtp.received).to.have.length(0);

    const first = await reminders();
    expect(first.stdout).to.contain('1 brev med påminnelser lagda i utkorgen; 1 skickade.');
    expect(smtp.received).to.have.length(1);
    expect(smtp.received[0].subject).to.equal('Åtgärdsplan: 1 påminnelse 16 mars 2026');

    const again = await reminders('--no-pace');
    expect(again.stdout).to.contain('0 brev med påminnelser lagda i utkorgen; 0 skickade.');
    expect(smtp.received).to.have.length(1);
  });
});
