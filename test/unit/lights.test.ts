import { expect } from 'chai';
import { LIGHTS, daysLeft, respondByLight } from '../../src/deadlines/lights.ts';
import { daysLeftText } from '../../src/shared/format.ts';
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABEL,
  actionLight,
  isOverdue,
  type ActionStatus,
} from '../../src/actions/action.ts';

const today = '2014-03-21';

describe('status lights', () => {
  describe('daysLeft', () => {
    it('when the due date is ahead, today or passed, then it counts calendar days (negative when passed)', () => {
      expect(daysLeft('2014-04-04', today)).to.equal(14);
      expect(daysLeft(today, today)).to.equal(0);
      expect(daysLeft('2014-03-20', today)).to.equal(-1);
    });

    it('when the period spans the change to summer time, then it still counts whole days', () => {
      expect(daysLeft('2014-04-01', '2014-03-29')).to.equal(3);
    });
  });

  describe('actionLight', () => {
    const open: ActionStatus[] = ['not_started', 'in_progress'];
    for (const status of open) {
      it(`when a ${status} action was due yesterday, then it is Försenad`, () => {
        expect(actionLight({ status, dueOn: '2014-03-20' }, today)).to.equal('overdue');
      });
      it(`when a ${status} action is due today, then it is Snart, not Försenad`, () => {
        expect(actionLight({ status, dueOn: today }, today)).to.equal('soon');
      });
      it(`when a ${status} action is due in exactly 14 days, then it is Snart`, () => {
        expect(actionLight({ status, dueOn: '2014-04-04' }, today)).to.equal('soon');
      });
      it(`when a ${status} action is due in 15 days, then it is I tid`, () => {
        expect(actionLight({ status, dueOn: '2014-04-05' }, today)).to.equal('on_track');
      });
      it(`when a ${status} action has no slutdatum, then it is I tid`, () => {
        expect(actionLight({ status, dueOn: null }, today)).to.equal('on_track');
      });
    }

    it('when a done or cancelled action is long past its due date, then it is Klar or Avbruten, never Försenad', () => {
      expect(actionLight({ status: 'done', dueOn: '2010-01-01' }, today)).to.equal('done');
      expect(actionLight({ status: 'cancelled', dueOn: '2010-01-01' }, today)).to.equal('cancelled');
      expect(isOverdue('done', '2010-01-01', today)).to.equal(false);
      expect(isOverdue('cancelled', '2010-01-01', today)).to.equal(false);
    });

    it('when the warning window is configured, then Snart follows it', () => {
      expect(actionLight({ status: 'in_progress', dueOn: '2014-03-28' }, today, 7)).to.equal('soon');
      expect(actionLight({ status: 'in_progress', dueOn: '2014-03-29' }, today, 7)).to.equal('on_track');
      expect(actionLight({ status: 'in_progress', dueOn: today }, today, 0)).to.equal('soon');
    });
  });

  describe('isOverdue', () => {
    it('when an open action passed its due date, then it is overdue; due today is not', () => {
      expect(isOverdue('in_progress', '2014-03-20', today)).to.equal(true);
      expect(isOverdue('not_started', today, today)).to.equal(false);
      expect(isOverdue('not_started', null, today)).to.equal(false);
    });
  });

  describe('respondByLight', () => {
    const matter = { respondBy: '2014-04-04', openResponseFindings: 2, closedOn: null };

    it('when open findings require a response, then the svarsdatum gets a light', () => {
      expect(respondByLight(matter, today)).to.equal('soon');
      expect(respondByLight(matter, '2014-04-05')).to.equal('overdue');
      expect(respondByLight(matter, '2014-03-01')).to.equal('on_track');
    });

    it('when the only open findings are ones IVO "skickar med", then there is no light, even after the svarsdatum', () => {
      expect(respondByLight({ ...matter, openResponseFindings: 0 }, '2014-06-01')).to.equal(null);
    });

    it('when the matter is closed, then there is no light', () => {
      expect(respondByLight({ ...matter, closedOn: '2014-05-01' }, '2014-06-01')).to.equal(null);
    });

    it('when the matter has no svarsdatum, then there is no light', () => {
      expect(respondByLight({ ...matter, respondBy: null }, today)).to.equal(null);
    });
  });

  describe('labels and symbols', () => {
    it('when statuses are listed, then each has its Swedish label', () => {
      expect(ACTION_STATUSES.map((s) => ACTION_STATUS_LABEL[s])).to.deep.equal([
        'Ej påbörjad',
        'Pågår',
        'Klar',
        'Avbruten',
      ]);
    });

    it('when lights are shown, then each has a Swedish label and its own symbol so colour is not needed', () => {
      expect(Object.values(LIGHTS).map((l) => l.label)).to.deep.equal([
        'Försenad',
        'Snart',
        'I tid',
        'Klar',
        'Avbruten',
      ]);
      const symbols = Object.values(LIGHTS).map((l) => l.symbol);
      expect(new Set(symbols).size).to.equal(symbols.length);
    });
  });

  describe('daysLeftText', () => {
    it('when the days are zero, positive or negative, then the text says so in Swedish', () => {
      expect(daysLeftText(0)).to.equal('i dag');
      expect(daysLeftText(1)).to.equal('1 dag kvar');
      expect(daysLeftText(5)).to.equal('5 dagar kvar');
      expect(daysLeftText(-1)).to.equal('1 dag sedan');
      expect(daysLeftText(-3)).to.equal('3 dagar sedan');
    });
  });
});
