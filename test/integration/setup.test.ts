import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { prepare } from '../../src/server.ts';
import { createApp } from '../../src/app.ts';
import { sessionSecret } from '../../src/db/settings.repository.ts';
import { configuredClock, fixedClock, swedishDateAt } from '../../src/clock.ts';
import { csrfFrom, textOf } from '../helpers/app.ts';

const clock = fixedClock('2026-03-16T10:00:00');

function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atgardsplan-')), 'test.sqlite');
}

async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const original = console.log;
  let output = '';
  console.log = (...args: unknown[]) => {
    output += args.join(' ') + '\n';
  };
  try {
    return { result: await fn(), output };
  } finally {
    console.log = original;
  }
}

describe('set-up and configuration', () => {
  it('when a variable is invalid, then start-up stops with a clear message naming it', () => {
    expect(() => loadConfig({ PORT: 'abc' })).to.throw(ConfigError, /PORT/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'inte-en-adress', ADMIN_PASSWORD: 'langt-nog-losen' })).to.throw(
      ConfigError,
      /ADMIN_EMAIL måste vara en e-postadress/,
    );
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@exempelkommun.se' })).to.throw(ConfigError, /anges tillsammans/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@exempelkommun.se', ADMIN_PASSWORD: 'password123' })).to.throw(
      ConfigError,
      /för vanligt/,
    );
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.databasePath).to.equal('./data/atgardsplan.sqlite');
  });

  it("when a test's server pins the clock with TEST_NOW, then the app's dates start there and run on; production refuses it", () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_NOW: '2026-03-16T09:00:00+01:00' })).to.throw(
      ConfigError,
      /TEST_NOW används bara i tester/,
    );
    expect(() => loadConfig({ TEST_NOW: '16 mars' })).to.throw(ConfigError, /TEST_NOW måste vara en tidpunkt/);
    expect(configuredClock(loadConfig({})).today!()).to.equal(swedishDateAt(Date.now()));
    const pinned = configuredClock(loadConfig({ TEST_NOW: '2026-03-15T23:59:59.900Z' }));
    expect(pinned.today!()).to.equal('2026-03-16');
    expect(pinned.now().toISODate()).to.equal('2026-03-16');
    const before = pinned.millis!();
    const busy = Date.now() + 5;
    while (Date.now() < busy);
    expect(pinned.millis!() - before, 'it runs on').to.be.greaterThanOrEqual(5);
  });

  it('when the app starts with no users and no ADMIN_EMAIL, then a one-time link creates the first administrator', async () => {
    const config = loadConfig({ DATABASE_PATH: tempDbPath(), PORT: '3123', LOG_LEVEL: 'silent' });
    const { result: db, output } = await quietly(() => prepare(config, clock));
    const link = /http:\/\/127\.0\.0\.1:3123(\/installera\/[A-Za-z0-9_-]+)/.exec(output);
    expect(link, output).to.not.equal(null);
    const app = createApp({ db, config, clock, sessionSecret: await sessionSecret(db) });
    const agent = request.agent(app);
    const form = await agent.get(link![1]);
    expect(textOf(form.text)).to.contain('Skapa första administratören');
    const res = await agent
      .post(link![1])
      .type('form')
      .send({
        name: 'Sara Exempel',
        email: 'sara@exempelkommun.se',
        password: 'ett-bra-losenord-2026',
        _csrf: csrfFrom(form.text),
      });
    expect(res.status).to.equal(303);
    expect(textOf((await agent.get('/admin/anvandare')).text)).to.contain('Sara Exempel');
    const again = await request(app).get(link![1]);
    expect(again.status).to.equal(404);
    expect(textOf(again.text)).to.contain('Länken gäller inte längre');
    await db.destroy();
  });

  it('when ADMIN_EMAIL and ADMIN_PASSWORD are set on a database without users, then that administrator can log in', async () => {
    const config = loadConfig({
      DATABASE_PATH: tempDbPath(),
      ADMIN_EMAIL: 'Chef@Exempelkommun.se',
      ADMIN_PASSWORD: 'mitt-eget-losenord',
      LOG_LEVEL: 'silent',
    });
    const { result: db } = await quietly(() => prepare(config, clock));
    const app = createApp({ db, config, clock, sessionSecret: await sessionSecret(db) });
    const agent = request.agent(app);
    const page = await agent.get('/logga-in');
    const res = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: 'chef@exempelkommun.se', password: 'mitt-eget-losenord', _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(303);
    await db.destroy();
  });

  it('when the app restarts on the same database file, then data and logged-in sessions survive', async () => {
    const file = tempDbPath();
    const config = loadConfig({
      DATABASE_PATH: file,
      ADMIN_EMAIL: 'admin@exempelkommun.se',
      ADMIN_PASSWORD: 'mitt-eget-losenord',
      LOG_LEVEL: 'silent',
    });
    const first = (await quietly(() => prepare(config, clock))).result;
    const app1 = createApp({ db: first, config, clock, sessionSecret: await sessionSecret(first) });
    const agent = request.agent(app1);
    const page = await agent.get('/logga-in');
    const login = await agent
      .post('/logga-in')
      .type('form')
      .send({ email: 'admin@exempelkommun.se', password: 'mitt-eget-losenord', _csrf: csrfFrom(page.text) });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const form = await agent.get('/admin/namnder/ny');
    await agent
      .post('/admin/namnder/ny')
      .type('form')
      .send({ name: 'Socialnämnden', administration: 'Socialförvaltningen', _csrf: csrfFrom(form.text) });
    await first.destroy();

    const second = (await quietly(() => prepare(config, clock))).result;
    const app2 = createApp({ db: second, config, clock, sessionSecret: await sessionSecret(second) });
    const res = await request(app2).get('/admin/namnder').set('Cookie', cookie);
    expect(res.status).to.equal(200);
    expect(textOf(res.text)).to.contain('Socialnämnden');
    await second.destroy();
  });
});
