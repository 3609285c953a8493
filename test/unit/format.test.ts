import { DateTime } from 'luxon';
import { expect } from 'chai';
import {
  formatDate,
  formatDateTime,
  formatDateWeekday,
  formatDeadline,
  formatMoney,
  parseIsoDate,
  parseKronor,
} from '../../src/shared/format.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const MINUS = '\u2212';

describe('format', () => {
  describe('dates', () => {
    it('when a date is formatted, then it reads "4 april 2014"', () => {
      expect(formatDate('2014-04-04')).to.equal('4 april 2014');
      expect(formatDate('2025-12-24')).to.equal('24 december 2025');
    });

    it('when there is no date, then nothing is shown', () => {
      expect(formatDate(null)).to.equal('');
      expect(formatDateWeekday(null)).to.equal('');
      expect(formatDeadline(null)).to.equal('');
    });

    it('when a date is formatted with its weekday, then it reads "lördag 5 april 2014"', () => {
      expect(formatDateWeekday('2014-04-05')).to.equal('lördag 5 april 2014');
    });

    it('when an instant is formatted, then it is shown in Swedish time, summer and winter', () => {
      expect(formatDateTime('2014-04-04T11:05:00.000Z')).to.equal('4 april 2014 kl. 13:05');
      expect(formatDateTime('2014-01-10T11:05:00.000Z')).to.equal('10 januari 2014 kl. 12:05');
      expect(formatDateTime('2014-12-31T23:30:00.000Z')).to.equal('1 januari 2015 kl. 00:30');
    });

    it('when an instant lies around a change to or from summer time, then it reads as luxon reads it in Europe/Stockholm, minute by minute', () => {
      const changes = [
        '2026-03-29T01:00:00.000Z',
        '2026-10-25T01:00:00.000Z',
        '1996-10-27T01:00:00.000Z',
        '2038-03-28T01:00:00.000Z',
      ];
      for (const change of changes) {
        for (let minute = -150; minute <= 150; minute += 1) {
          const instant = new Date(Date.parse(change) + minute * 60_000).toISOString();
          const expected = DateTime.fromISO(instant, { zone: 'Europe/Stockholm', locale: 'sv' }).toFormat(
            "d MMMM yyyy 'kl.' HH:mm",
          );
          expect(formatDateTime(instant), instant).to.equal(expected);
        }
      }
      expect(formatDateTime('2026-10-25T00:59:00Z')).to.equal('25 oktober 2026 kl. 02:59');
      expect(formatDateTime('2026-10-25T01:00:00Z')).to.equal('25 oktober 2026 kl. 02:00');
    });

    it('when a deadline falls on a non-working day, then the next vardag is shown beside the literal date', () => {
      expect(formatDeadline('2014-04-05')).to.equal('lördag 5 april 2014 – får göras måndag 7 april 2014');
      expect(formatDeadline('2025-12-24')).to.equal('onsdag 24 december 2025 – får göras måndag 29 december 2025');
    });

    it('when a deadline falls on a vardag, then only the date is shown', () => {
      expect(formatDeadline('2014-04-04')).to.equal('4 april 2014');
    });

    it('when a value is not an ISO date, then formatting throws rather than showing nonsense', () => {
      expect(() => formatDate('04/04/2014')).to.throw(RangeError);
      expect(() => formatDateTime('igår')).to.throw(RangeError);
      expect(() => formatDateTime('2014-02-30T10:00:00Z')).to.throw(RangeError);
    });
  });

  describe('parseIsoDate', () => {
    it('when the input is a real date written YYYY-MM-DD, then it is returned, trimmed', () => {
      expect(parseIsoDate('2014-04-04')).to.equal('2014-04-04');
      expect(parseIsoDate('  2014-04-04 \n')).to.equal('2014-04-04');
      expect(parseIsoDate('2024-02-29')).to.equal('2024-02-29');
    });

    it('when the date does not exist, then it is refused', () => {
      expect(parseIsoDate('2025-02-30')).to.equal(null);
      expect(parseIsoDate('2025-02-29')).to.equal(null);
      expect(parseIsoDate('2100-02-29')).to.equal(null);
      expect(parseIsoDate('2025-13-01')).to.equal(null);
      expect(parseIsoDate('2025-00-10')).to.equal(null);
    });

    it('when the form is not strict YYYY-MM-DD, then it is refused', () => {
      for (const input of [
        '',
        '2014-4-4',
        '04/04/2014',
        '4 april 2014',
        '20140404',
        '2014-04-04T00:00',
        '2014-04-04x',
      ]) {
        expect(parseIsoDate(input), input).to.equal(null);
      }
    });

    it('when the year is outside 1900–2199, then it is refused', () => {
      expect(parseIsoDate('1899-12-31')).to.equal(null);
      expect(parseIsoDate('1900-01-01')).to.equal('1900-01-01');
      expect(parseIsoDate('2199-12-31')).to.equal('2199-12-31');
      expect(parseIsoDate('2200-01-01')).to.equal(null);
    });
  });

  describe('formatMoney', () => {
    it('when an amount is formatted, then it reads "600 000 kr" with no-break spaces', () => {
      expect(formatMoney(600000)).to.equal(`600${NBSP}000${NBSP}kr`);
      expect(formatMoney(0)).to.equal(`0${NBSP}kr`);
      expect(formatMoney(1250000)).to.equal(`1${NBSP}250${NBSP}000${NBSP}kr`);
    });

    it('when the amount is negative, then the minus sign is U+2212', () => {
      expect(formatMoney(-600000)).to.equal(`${MINUS}600${NBSP}000${NBSP}kr`);
    });

    it('when there is no amount, then nothing is shown', () => {
      expect(formatMoney(null)).to.equal('');
    });
  });

  describe('parseKronor', () => {
    it('when whole kronor are written the usual ways, then the amount is read', () => {
      const inputs = [
        '600000',
        '600 000',
        '600 000 kr',
        '600000kr',
        `600${NBSP}000${NBSP}kr`,
        `600${NNBSP}000${NNBSP}kr`,
        '600 000:-',
        '600 000,00',
        '600 000,00 kr',
        ' 600 000 KR ',
        '600 000 kronor',
      ];
      for (const input of inputs) expect(parseKronor(input), JSON.stringify(input)).to.equal(600000);
    });

    it('when what formatMoney wrote is read back, then the amount is the same', () => {
      expect(parseKronor(formatMoney(1250000))).to.equal(1250000);
    });

    it('when the amount is zero or as large as allowed, then it is read', () => {
      expect(parseKronor('0')).to.equal(0);
      expect(parseKronor('1 000 000 000 000')).to.equal(1e12);
    });

    it('when the input has öre, a sign, letters, odd grouping or is too large, then it is refused', () => {
      const inputs = [
        '',
        '   ',
        '600 000,50',
        '600000.5',
        '-600 000',
        `${MINUS}600 000 kr`,
        '+600000',
        'sexhundratusen',
        '600 000 euro',
        '600k',
        '60 0000',
        '600.000',
        '1 000 000 000 001',
        '99999999999999999999',
      ];
      for (const input of inputs) expect(parseKronor(input), JSON.stringify(input)).to.equal(null);
    });
  });
});
