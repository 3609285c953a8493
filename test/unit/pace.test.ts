import { expect } from 'chai';
import { flatOut, pacedTo } from '../../src/shared/pace.ts';
import { aMeter } from '../helpers/pace-meter.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { remindersPace } from '../../src/reminders/reminders.service.ts';

describe('pacing a long job', () => {
  it('when it works at a quarter of a core, then after each piece it waits three times as long as the piece took, and uses a quarter of the time that passes', async () => {
    const m = aMeter();
    const pace = pacedTo(0.25, m.meter);
    for (let i = 0; i < 10; i += 1) {
      m.work(40);
      await pace();
    }
    expect(m.waits).to.deep.equal(Array(10).fill(120));
    expect(m.share()).to.equal(0.25);
  });

  it('when the pieces are short, then they are gathered until they have used 20 ms, and only then it waits', async () => {
    const m = aMeter();
    const pace = pacedTo(0.25, m.meter);
    for (const ms of [5, 5, 5]) {
      m.work(ms);
      await pace();
    }
    expect(m.waits).to.deep.equal([]);
    m.work(5);
    await pace();
    expect(m.waits).to.deep.equal([60]);
  });

  it('when a busy machine already kept the job waiting, then it waits only what is left of its share, or not at all', async () => {
    const m = aMeter();
    const pace = pacedTo(0.25, m.meter);
    m.work(40, 100);
    await pace();
    m.work(40, 200);
    await pace();
    expect(m.waits).to.deep.equal([60]);
  });

  it('when the share is a whole core, then it never waits; a share of none or more than one is refused', async () => {
    const m = aMeter();
    expect(pacedTo(1, m.meter)).to.equal(flatOut);
    expect(() => pacedTo(0, m.meter)).to.throw(RangeError);
    expect(() => pacedTo(1.5, m.meter)).to.throw(RangeError);
  });

  it('when REMINDERS_PACE is not set, then the reminders job gets a quarter of a core; 1 runs it flat out; 0 or a word is refused', () => {
    expect(loadConfig({}).remindersPace).to.equal(0.25);
    expect(remindersPace(loadConfig({ REMINDERS_PACE: '1' }))).to.equal(flatOut);
    expect(() => loadConfig({ REMINDERS_PACE: '0' })).to.throw(ConfigError, /REMINDERS_PACE måste vara större än 0/);
    expect(() => loadConfig({ REMINDERS_PACE: 'lugnt' })).to.throw(ConfigError, /REMINDERS_PACE måste vara ett tal/);
  });
});
