import { expect } from 'chai';
import request from 'supertest';
import { loggedIn, testApp, type TestApp } from '../helpers/app.ts';
import { collect, type LogLine } from '../helpers/log.ts';
import { createLogger } from '../../src/logger.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { aCommittee, aFinding, aMatter, anAction } from '../helpers/tracker.ts';

describe('logs: one JSON line per request, for the operations side', () => {
  let t: TestApp;
  let lines: LogLine[];
  let raw: string[];
  beforeEach(async () => {
    lines = [];
    raw = [];
    const parsed = collect(lines);
    const destination = { write: (line: string) => (raw.push(line), parsed.write(line)) };
    t = await testApp(undefined, { logger: createLogger('info', destination) });
  });

  it('when a secret link is opened, then the line has the time, level, request id, method, route pattern, status and duration, and not the token', async () => {
    const token = 'hemlig-aterstallningstoken-1234567890';
    await request(t.app).get(`/aterstall/${token}`);
    const line = lines.at(-1)!;
    expect(line.time).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(line).to.include({ level: 'info', method: 'GET', route: '/aterstall/:token', userId: null });
    expect(line.requestId).to.match(/^[0-9a-f]{8}$/);
    expect(line.status).to.be.a('number');
    expect(line.durationMs).to.be.a('number');
    expect(JSON.stringify(lines)).not.to.contain(token);
    // Each field once, as a strict JSON reader (or a log collector's index) needs it.
    for (const key of ['requestId', 'method', 'route', 'status', 'userId', 'durationMs'])
      expect(raw.at(-1)!.split(`"${key}":`), key).to.have.length(2);
  });

  it('when a logged-in chef saves a comment, then the line names her user id and none of what she typed, nor her password or cookie', async () => {
    const { user, session } = await loggedIn(t, 'director');
    const matterId = await aMatter(t, user.id, { committeeId: await aCommittee(t, 'Socialnämnden') });
    const actionId = await anAction(t, user.id, { findingIds: [await aFinding(t, matterId)], ownerId: user.id });
    const comment = 'Rutinen är införd på Exempelgårdens boende';
    const res = await session.post(
      `/atgarder/${actionId}/statusuppdateringar`,
      { status: 'in_progress', comment, version: '1' },
      `/atgarder/${actionId}`,
    );
    expect(res.status).to.equal(303);
    const saved = lines.find((l) => l.method === 'POST' && l.route === '/atgarder/:id/statusuppdateringar');
    expect(saved).to.include({ userId: user.id, status: 303 });
    const all = JSON.stringify(lines);
    for (const secret of [comment, 'korrekt-hast-batteri', 'atgardsplan.sid', user.email, '_csrf'])
      expect(all, secret).not.to.contain(secret);
  });

  it('when LOG_LEVEL is set, then it is checked like the other settings', () => {
    expect(loadConfig({}).logLevel).to.equal('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).to.equal('warn');
    expect(() => loadConfig({ LOG_LEVEL: 'mycket' })).to.throw(ConfigError, /LOG_LEVEL måste vara en av/);
  });
});
