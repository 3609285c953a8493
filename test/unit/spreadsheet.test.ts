import { expect } from 'chai';
import fc from 'fast-check';
import { csvField, csvLine, neutralise, parseCsv } from '../../src/shared/spreadsheet.ts';
import { formatIsoDateTime } from '../../src/shared/format.ts';
import { readPlanRows } from '../../src/transfer/plan-import.ts';

describe('spreadsheet cells (the formula neutraliser and the CSV for Swedish Excel)', () => {
  it('when text begins with = + - @, a tab or a carriage return, then it gets a leading apostrophe; other text is kept', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(neutralise(`${start}SUM(A1)`)).to.equal(`'${start}SUM(A1)`);
    expect(neutralise('=HYPERLINK("http://x","y")')).to.equal(`'=HYPERLINK("http://x","y")`);
    for (const kept of ['Införa checklista', ' =inte i början', "'redan skyddad", '', '1-2'])
      expect(neutralise(kept)).to.equal(kept);
  });

  it('when a field holds a semicolon, a quote or a line break, then it is quoted with quotes doubled (RFC 4180)', () => {
    expect(csvField('a;b')).to.equal('"a;b"');
    expect(csvField('säger "nej"')).to.equal('"säger ""nej"""');
    expect(csvField('rad 1\nrad 2')).to.equal('"rad 1\nrad 2"');
    expect(csvField('a,b')).to.equal('a,b'); // a comma is not the separator
    expect(csvField('=HYPERLINK("http://x","y")')).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('when numbers, dates and instants are written, then decimals have a comma, dates stay ISO and instants are Swedish time', () => {
    expect(csvField(1.5, 'number')).to.equal('1,5');
    expect(csvField(-600000, 'kronor')).to.equal('-600000');
    expect(csvField('2026-04-04', 'date')).to.equal('2026-04-04');
    expect(csvField('2026-07-01T08:05:00.000Z', 'datetime')).to.equal('2026-07-01 10:05');
    expect(csvField('2026-01-01T08:05:00.000Z', 'datetime')).to.equal('2026-01-01 09:05');
    expect(csvField(null)).to.equal('');
    expect(csvLine(['a', 2, null, 'd'])).to.equal('a;2;;d\r\n');
  });

  it('when an instant falls on the night summer time ends, then it is written in the hour Sweden had', () => {
    expect(formatIsoDateTime('2026-10-25T00:30:00.000Z')).to.equal('2026-10-25 02:30');
    expect(formatIsoDateTime('2026-10-25T01:30:00.000Z')).to.equal('2026-10-25 02:30');
  });

  it('when any text is written as CSV and read back, then it comes back neutralised but otherwise whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = '\uFEFF' + rows.map((r) => csvLine(r)).join('');
          const back = parseCsv(text);
          expect(back).to.deep.equal(rows.map((r) => r.map((c) => neutralise(c))));
        },
      ),
    );
  });

  it('when CSV uses commas, has no BOM or ends without a line break, then it is read all the same', () => {
    expect(parseCsv('Ärende,Brist\r\n"SN 2026/1, del 2",Brist\n')).to.deep.equal([
      ['Ärende', 'Brist'],
      ['SN 2026/1, del 2', 'Brist'],
    ]);
    expect(parseCsv('\uFEFFa;b\r\n1;"x;y"')).to.deep.equal([
      ['a', 'b'],
      ['1', 'x;y'],
    ]);
  });
});

describe('reading an action plan file', () => {
  it('when the header is below empty rows and in another order, then the rows are read by header with their file line numbers', () => {
    const read = readPlanRows(
      [
        [],
        ['', ''],
        ['STATUS', 'brist', 'Ärende', 'Ansvarig'],
        ['Pågår', 'Brist A', 'SN 1', 'a@b.se'],
        [],
        ['', 'Brist B', 'SN 1', ''],
      ],
      { matterOptional: false },
    );
    expect(
      'rows' in read && read.rows.map((r) => [r.line, r.cells.finding, r.cells.status, r.cells.owner]),
    ).to.deep.equal([
      [4, 'Brist A', 'Pågår', 'a@b.se'],
      [6, 'Brist B', '', ''],
    ]);
  });

  it('when a required column is missing, then the whole file is refused with the template’s columns named', () => {
    const read = readPlanRows(
      [
        ['Ärende', 'Åtgärd'],
        ['SN 1', 'Göra'],
      ],
      { matterOptional: false },
    );
    expect(read).to.have.property('problem').that.contains('Filen saknar kolumnen Brist');
  });
});
