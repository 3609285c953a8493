import { expect } from 'chai';
import {
  STATUS_SEGMENTS,
  barLength,
  deadlineTimeline,
  shorten,
  stackedSegments,
  statusDescription,
  statusGeometry,
  timelineDescription,
  timelineEnd,
  timelineGeometry,
  type StatusSegment,
} from '../../src/overview/charts.ts';

const TODAY = '2026-03-16';

function counts(partial: Partial<Record<StatusSegment, number>>): Record<StatusSegment, number> {
  return { overdue: 0, not_started: 0, in_progress: 0, done: 0, cancelled: 0, ...partial };
}

describe('Översikt pictures (charts.ts)', () => {
  describe('deadlineTimeline', () => {
    it('when deadlines fall before today, in coming months and beyond, then they are counted as Passerat, per month, or left out', () => {
      const periods = deadlineTimeline(
        TODAY,
        ['2026-03-10', '2026-03-16', '2026-04-30', '2026-09-01'],
        ['2026-01-02', '2026-03-15', '2026-03-31', '2026-04-01', '2026-08-31', '2027-01-01'],
      );
      expect(periods.map((p) => [p.label, p.responses, p.actions])).to.deep.equal([
        ['Passerat', 1, 2],
        ['mars 2026', 1, 1],
        ['april 2026', 1, 1],
        ['maj 2026', 0, 0],
        ['juni 2026', 0, 0],
        ['juli 2026', 0, 0],
        ['augusti 2026', 0, 1],
      ]);
    });

    it('when the year turns within the months shown, then the months run on into the next year', () => {
      const periods = deadlineTimeline('2026-11-30', [], ['2027-01-15'], 3);
      expect(periods.map((p) => p.key)).to.deep.equal(['passed', '2026-11', '2026-12', '2027-01']);
      expect(periods[3].actions).to.equal(1);
    });

    it('when asked where the timeline ends, then it is the last day of the last month shown', () => {
      expect(timelineEnd(TODAY)).to.equal('2026-08-31');
      expect(timelineEnd('2026-11-30', 3)).to.equal('2027-01-31');
    });

    it('when described in words, then each period says its numbers, as the table does', () => {
      const text = timelineDescription(deadlineTimeline(TODAY, ['2026-04-01'], ['2026-03-01', '2026-03-02'], 1));
      expect(text).to.equal('Passerat: 0 svarsdatum och 2 åtgärder. mars 2026: 0 svarsdatum och 0 åtgärder.');
    });
  });

  describe('geometry', () => {
    it('when the bar is split, then the segments follow the fixed order, touch each other and fill the width exactly', () => {
      const segs = stackedSegments(counts({ overdue: 1, in_progress: 1, done: 1 }), 230);
      expect(segs.map((s) => s.key)).to.deep.equal(['overdue', 'in_progress', 'done']);
      expect(segs[0].x).to.equal(0);
      for (let i = 1; i < segs.length; i++) expect(segs[i].x).to.equal(segs[i - 1].x + segs[i - 1].width);
      expect(segs.reduce((s, x) => s + x.width, 0)).to.equal(230);
    });

    it('when a matter has no actions, then its bar has no segments and says so', () => {
      expect(stackedSegments(counts({}), 230)).to.deep.equal([]);
      const g = statusGeometry([{ matterId: 1, title: 'Utan åtgärder', counts: counts({}), total: 0 }]);
      expect(g.rows[0].totalText).to.equal('inga åtgärder');
    });

    it('when bars are scaled, then the largest fills the room, the others are in proportion, and one is never invisible', () => {
      expect(barLength(10, 10, 200)).to.equal(200);
      expect(barLength(5, 10, 200)).to.equal(100);
      expect(barLength(1, 1000, 200)).to.equal(3);
      expect(barLength(0, 10, 200)).to.equal(0);
      expect(barLength(0, 0, 200)).to.equal(0);
    });

    it('when the timeline is drawn, then every period has a row with both counts written out, and rows do not overlap', () => {
      const g = timelineGeometry(deadlineTimeline(TODAY, ['2026-04-01'], ['2026-04-02', '2026-04-03'], 2));
      expect(g.rows).to.have.length(3);
      expect(g.rows[2].bars.map((b) => b.text)).to.deep.equal(['1 svarsdatum', '2 åtgärder']);
      expect(g.rows[2].bars[1].width).to.be.greaterThan(g.rows[2].bars[0].width);
      for (let i = 1; i < g.rows.length; i++)
        expect(g.rows[i].labelY).to.be.greaterThan(g.rows[i - 1].bars[1].y + g.rows[i - 1].bars[1].height);
      expect(g.height).to.be.greaterThan(g.rows[2].bars[1].y + g.rows[2].bars[1].height);
      for (const b of g.rows.flatMap((r) => r.bars)) expect(b.x + b.width).to.be.at.most(g.width);
    });

    it('when a matter title is long, then the picture shortens it with an ellipsis and keeps the whole title for the table', () => {
      const title = 'Lex Sarah-anmälan: utebliven samordning vid samsjuklighet inom vuxenområdet';
      const g = statusGeometry([{ matterId: 7, title, counts: counts({ done: 2 }), total: 2 }]);
      expect(g.rows[0].title.endsWith('…')).to.equal(true);
      expect(g.rows[0].title.length).to.be.at.most(40);
      expect(g.rows[0].fullTitle).to.equal(title);
      expect(shorten('Kort', 40)).to.equal('Kort');
    });

    it('when described in words, then each matter lists its total and the non-zero statuses', () => {
      const text = statusDescription([
        { matterId: 1, title: 'Tillsyn', counts: counts({ overdue: 1, done: 2 }), total: 3 },
        { matterId: 2, title: 'Egenkontroll', counts: counts({}), total: 0 },
      ]);
      expect(text).to.equal('Tillsyn: 3 åtgärder, försenad 1, klar 2. Egenkontroll: inga åtgärder.');
      expect(STATUS_SEGMENTS.map((s) => s.label)).to.deep.equal([
        'Försenad',
        'Ej påbörjad',
        'Pågår',
        'Klar',
        'Avbruten',
      ]);
    });
  });
});
