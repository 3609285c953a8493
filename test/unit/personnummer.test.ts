import { expect } from 'chai';
import { findPersonalIdentityNumber } from '../../src/shared/personnummer.ts';

// Only test numbers (Skatteverket's examples); check digits verified by the Luhn algorithm.
describe('findPersonalIdentityNumber', () => {
  const forms: Array<[string, string]> = [
    ['YYMMDD-NNNN', '121212-1212'],
    ['YYMMDD+NNNN (aged 100 or more)', '121212+1212'],
    ['YYMMDDNNNN', '8112189876'],
    ['YYYYMMDD-NNNN', '19121212-1212'],
    ['YYYYMMDDNNNN', '198112189876'],
    ['YYMMDD NNNN (a space for the hyphen)', '121212 1212'],
    ['YYYYMMDD NNNN (a space for the hyphen)', '19121212 1212'],
  ];
  for (const [form, number] of forms) {
    it(`when text contains a personnummer written ${form}, then it is found`, () => {
      expect(findPersonalIdentityNumber(`Klienten (${number}) har beviljats insats.`)).to.equal(number);
      expect(findPersonalIdentityNumber(number)).to.equal(number);
    });
  }

  it('when text contains a samordningsnummer (day + 60), then it is found', () => {
    expect(findPersonalIdentityNumber('Avser 701063-2391 enligt anmälan')).to.equal('701063-2391');
    expect(findPersonalIdentityNumber('Avser 19701063-2391.')).to.equal('19701063-2391');
  });

  it('when text contains several numbers, then the first one is returned', () => {
    expect(findPersonalIdentityNumber('8112189876 och 19121212-1212')).to.equal('8112189876');
    expect(findPersonalIdentityNumber('19121212-1212 och 8112189876')).to.equal('19121212-1212');
  });

  it('when the date is 29 February, then it counts only in a leap year', () => {
    expect(findPersonalIdentityNumber('000229-1235')).to.equal('000229-1235');
    expect(findPersonalIdentityNumber('990229-1237')).to.equal(null);
  });

  it('when the check digit is wrong, then it is not a match', () => {
    expect(findPersonalIdentityNumber('121212-1213')).to.equal(null);
    expect(findPersonalIdentityNumber('19121212-1219')).to.equal(null);
    expect(findPersonalIdentityNumber('701063-2392')).to.equal(null);
  });

  it('when the date part is not a real date, then it is not a match', () => {
    expect(findPersonalIdentityNumber('991340-1239')).to.equal(null);
    expect(findPersonalIdentityNumber('19991340-1239')).to.equal(null);
  });

  it('when the digits sit inside a longer run of digits, then it is not a match', () => {
    expect(findPersonalIdentityNumber('00191212121212')).to.equal(null);
    expect(findPersonalIdentityNumber('91212121212')).to.equal(null);
    expect(findPersonalIdentityNumber('121212-12120')).to.equal(null);
    expect(findPersonalIdentityNumber('Faktura 5519121212121299')).to.equal(null);
  });

  it('when text holds ordinary dates, figures, phone numbers and diarienummer, then nothing is found', () => {
    const texts = [
      'IVO:s beslut 2014-04-04, dnr 8.5-12345/2013, eget dnr SN 2014/123.',
      'Handläggning och dokumentation av utredningar 2010–2013.',
      'Vite 600 000 kr, laga kraft 20140404.',
      'Ring 070-123 45 67 eller 0701234567, växel 08-508 000 00.',
      'Stockholms kommun, organisationsnummer 212000-0142.',
      'Ärende 2014/123-45, sida 12 av 34.',
    ];
    for (const text of texts) expect(findPersonalIdentityNumber(text), text).to.equal(null);
  });
});
