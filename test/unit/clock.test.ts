import { expect } from 'chai';
import { DateTime } from 'luxon';
import { ZONE, swedishDateAt } from '../../src/clock.ts';

describe('the date in Sweden', () => {
  it('when it is just before or after midnight in Stockholm, then the date is the Swedish one, summer and winter', () => {
    expect(swedishDateAt(Date.parse('2026-03-15T22:59:59Z'))).to.equal('2026-03-15'); // 23:59:59 CET
    expect(swedishDateAt(Date.parse('2026-03-15T23:00:00Z'))).to.equal('2026-03-16');
    expect(swedishDateAt(Date.parse('2026-07-01T21:59:59Z'))).to.equal('2026-07-01'); // 23:59:59 CEST
    expect(swedishDateAt(Date.parse('2026-07-01T22:00:00Z'))).to.equal('2026-07-02');
  });

  it('when compared with luxon every 97 minutes over four years, DST changes included, then the dates agree', () => {
    const differ: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 97 * 60_000) {
      if (swedishDateAt(t) !== DateTime.fromMillis(t, { zone: ZONE }).toISODate())
        differ.push(new Date(t).toISOString());
    }
    expect(differ).to.deep.equal([]);
  });
});
