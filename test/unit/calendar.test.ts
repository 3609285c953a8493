import { expect } from 'chai';
import { DateTime } from 'luxon';
import {
  addDays,
  daysBetween,
  deadlineShift,
  easterSunday,
  nextWorkingDay,
  nonWorkingDayName,
  swedishHolidays,
} from '../../src/deadlines/calendar.ts';

describe('calendar', () => {
  describe('easterSunday', () => {
    const known: Array<[number, string]> = [
      [2008, '2008-03-23'],
      [2014, '2014-04-20'],
      [2024, '2024-03-31'],
      [2025, '2025-04-20'],
      [2026, '2026-04-05'],
      [2038, '2038-04-25'],
      [2285, '2285-03-22'],
    ];
    for (const [year, date] of known) {
      it(`when the year is ${year}, then påskdagen is ${date}`, () => {
        expect(easterSunday(year)).to.equal(date);
      });
    }
  });

  describe('swedishHolidays', () => {
    it('when the year is 2014, then it lists the thirteen allmänna helgdagar in date order', () => {
      expect(swedishHolidays(2014)).to.deep.equal([
        { date: '2014-01-01', name: 'nyårsdagen' },
        { date: '2014-01-06', name: 'trettondedag jul' },
        { date: '2014-04-18', name: 'långfredagen' },
        { date: '2014-04-20', name: 'påskdagen' },
        { date: '2014-04-21', name: 'annandag påsk' },
        { date: '2014-05-01', name: 'första maj' },
        { date: '2014-05-29', name: 'Kristi himmelsfärdsdag' },
        { date: '2014-06-06', name: 'nationaldagen' },
        { date: '2014-06-08', name: 'pingstdagen' },
        { date: '2014-06-21', name: 'midsommardagen' },
        { date: '2014-11-01', name: 'alla helgons dag' },
        { date: '2014-12-25', name: 'juldagen' },
        { date: '2014-12-26', name: 'annandag jul' },
      ]);
    });

    it('when the year is 2025, then it lists the thirteen allmänna helgdagar in date order', () => {
      expect(swedishHolidays(2025)).to.deep.equal([
        { date: '2025-01-01', name: 'nyårsdagen' },
        { date: '2025-01-06', name: 'trettondedag jul' },
        { date: '2025-04-18', name: 'långfredagen' },
        { date: '2025-04-20', name: 'påskdagen' },
        { date: '2025-04-21', name: 'annandag påsk' },
        { date: '2025-05-01', name: 'första maj' },
        { date: '2025-05-29', name: 'Kristi himmelsfärdsdag' },
        { date: '2025-06-06', name: 'nationaldagen' },
        { date: '2025-06-08', name: 'pingstdagen' },
        { date: '2025-06-21', name: 'midsommardagen' },
        { date: '2025-11-01', name: 'alla helgons dag' },
        { date: '2025-12-25', name: 'juldagen' },
        { date: '2025-12-26', name: 'annandag jul' },
      ]);
    });

    it('when the year is 2026, then midsommardagen and alla helgons dag fall on their earliest dates', () => {
      expect(swedishHolidays(2026)).to.deep.equal([
        { date: '2026-01-01', name: 'nyårsdagen' },
        { date: '2026-01-06', name: 'trettondedag jul' },
        { date: '2026-04-03', name: 'långfredagen' },
        { date: '2026-04-05', name: 'påskdagen' },
        { date: '2026-04-06', name: 'annandag påsk' },
        { date: '2026-05-01', name: 'första maj' },
        { date: '2026-05-14', name: 'Kristi himmelsfärdsdag' },
        { date: '2026-05-24', name: 'pingstdagen' },
        { date: '2026-06-06', name: 'nationaldagen' },
        { date: '2026-06-20', name: 'midsommardagen' },
        { date: '2026-10-31', name: 'alla helgons dag' },
        { date: '2026-12-25', name: 'juldagen' },
        { date: '2026-12-26', name: 'annandag jul' },
      ]);
    });

    it('when the year is 2021, then midsommardagen is 26 June and alla helgons dag 6 November (their latest dates)', () => {
      const byName = new Map(swedishHolidays(2021).map((h) => [h.name, h.date]));
      expect(byName.get('midsommardagen')).to.equal('2021-06-26');
      expect(byName.get('alla helgons dag')).to.equal('2021-11-06');
    });

    it('when any year is listed, then annandag pingst is not among the helgdagar', () => {
      for (const year of [2005, 2014, 2025, 2026]) {
        expect(swedishHolidays(year).map((h) => h.name)).not.to.include('annandag pingst');
      }
    });

    it('when a caller changes the returned list, then the cached year is unaffected', () => {
      const list = swedishHolidays(2025);
      list[0].name = 'ändrad';
      list.pop();
      expect(swedishHolidays(2025)).to.have.length(13);
      expect(swedishHolidays(2025)[0].name).to.equal('nyårsdagen');
    });
  });

  describe('nonWorkingDayName', () => {
    it('when a date is an ordinary weekday, then it is a vardag (null)', () => {
      expect(nonWorkingDayName('2014-04-04')).to.equal(null);
    });

    it('when a date is a Saturday or Sunday, then it says so', () => {
      expect(nonWorkingDayName('2014-04-05')).to.equal('lördag');
      expect(nonWorkingDayName('2014-04-06')).to.equal('söndag');
    });

    it('when a helgdag falls on a weekend, then the helgdag name is given', () => {
      expect(nonWorkingDayName('2014-11-01')).to.equal('alla helgons dag');
      expect(nonWorkingDayName('2021-12-25')).to.equal('juldagen');
      expect(nonWorkingDayName('2025-06-08')).to.equal('pingstdagen');
    });

    it('when Kristi himmelsfärdsdag falls on första maj (2008), then both names are given', () => {
      expect(nonWorkingDayName('2008-05-01')).to.equal('första maj och Kristi himmelsfärdsdag');
    });

    it('when the date is annandag pingst, then it is a vardag', () => {
      expect(nonWorkingDayName('2025-06-09')).to.equal(null);
      expect(nonWorkingDayName('2014-06-09')).to.equal(null);
    });

    it('when the date is not a real ISO date, then it throws', () => {
      expect(() => nonWorkingDayName('2025-02-30')).to.throw(RangeError);
      expect(() => nonWorkingDayName('5 april 2014')).to.throw(RangeError);
    });
  });

  describe('deadlineShift (lag 1930:173 2 §)', () => {
    const cases: Array<[string, string, string, string]> = [
      ['a lördag', '2014-04-05', 'lördag', '2014-04-07'],
      ['a söndag', '2014-04-06', 'söndag', '2014-04-07'],
      ['nyårsdagen', '2025-01-01', 'nyårsdagen', '2025-01-02'],
      ['trettondedag jul', '2025-01-06', 'trettondedag jul', '2025-01-07'],
      ['långfredagen (then påsk follows)', '2014-04-18', 'långfredagen', '2014-04-22'],
      ['påskdagen', '2025-04-20', 'påskdagen', '2025-04-22'],
      ['annandag påsk', '2025-04-21', 'annandag påsk', '2025-04-22'],
      ['första maj', '2025-05-01', 'första maj', '2025-05-02'],
      ['Kristi himmelsfärdsdag', '2025-05-29', 'Kristi himmelsfärdsdag', '2025-05-30'],
      ['nationaldagen on a Friday', '2025-06-06', 'nationaldagen', '2025-06-09'],
      ['pingstdagen (annandag pingst is a vardag)', '2025-06-08', 'pingstdagen', '2025-06-09'],
      ['midsommarafton', '2025-06-20', 'midsommarafton', '2025-06-23'],
      ['midsommardagen', '2025-06-21', 'midsommardagen', '2025-06-23'],
      ['alla helgons dag', '2025-11-01', 'alla helgons dag', '2025-11-03'],
      ['julafton', '2025-12-24', 'julafton', '2025-12-29'],
      ['juldagen', '2025-12-25', 'juldagen', '2025-12-29'],
      ['annandag jul', '2025-12-26', 'annandag jul', '2025-12-29'],
      ['nyårsafton (then nyårsdagen follows)', '2025-12-31', 'nyårsafton', '2026-01-02'],
    ];
    for (const [what, date, reason, shiftedTo] of cases) {
      it(`when the last day is ${what} (${date}), then it may be done on ${shiftedTo}`, () => {
        expect(deadlineShift(date)).to.deep.equal({ date, shiftedTo, reason });
        expect(nextWorkingDay(date)).to.equal(shiftedTo);
      });
    }

    it('when the last day is a vardag, then it is not shifted', () => {
      expect(deadlineShift('2014-04-04')).to.deep.equal({ date: '2014-04-04', shiftedTo: null, reason: null });
      expect(nextWorkingDay('2014-04-04')).to.equal('2014-04-04');
    });

    it('when midsommarafton is in an edge year, then it is the Friday before midsommardagen', () => {
      expect(nonWorkingDayName('2026-06-19')).to.equal('midsommarafton');
      expect(nonWorkingDayName('2021-06-25')).to.equal('midsommarafton');
      expect(nonWorkingDayName('2021-06-18')).to.equal(null);
    });
  });

  describe('date arithmetic', () => {
    it('when adding days across a DST change or a year end, then whole calendar days are added', () => {
      expect(addDays('2025-03-29', 2)).to.equal('2025-03-31');
      expect(addDays('2025-10-25', 2)).to.equal('2025-10-27');
      expect(addDays('2025-12-31', 1)).to.equal('2026-01-01');
      expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    });

    it('when stepping day by day from 1990 to 2100, then dates and weekends agree with luxon', () => {
      const mismatches: string[] = [];
      let date = '1990-01-01';
      let expected = DateTime.fromISO(date, { zone: 'utc' });
      while (date <= '2100-12-31') {
        const name = nonWorkingDayName(date);
        const weekend = expected.weekday >= 6;
        const sane =
          date === expected.toISODate() &&
          (weekend ? name !== null : name !== 'lördag' && name !== 'söndag') &&
          !(expected.weekday === 6 && name === 'söndag') &&
          !(expected.weekday === 7 && name === 'lördag');
        if (!sane) mismatches.push(`${date} (${name})`);
        date = addDays(date, 1);
        expected = expected.plus({ days: 1 });
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('when counting days across a DST change, then the count is in calendar days', () => {
      expect(daysBetween('2025-03-29', '2025-03-31')).to.equal(2);
      expect(daysBetween('2025-10-27', '2025-10-25')).to.equal(-2);
    });
  });
});
