import { expect } from 'chai';
import { latestExpiry, newApiToken, tokenHint, tokenState } from '../../src/api/api-token.ts';
import { decodeCursor, encodeCursor, parseLimit } from '../../src/api/api-paging.ts';

describe('API tokens and pages (pure rules)', () => {
  it('when a token is made, then it is atp_ and 32 random bytes, and its hint is too short to use', () => {
    const a = newApiToken();
    expect(a).to.match(/^atp_[A-Za-z0-9_-]{43}$/);
    expect(newApiToken()).to.not.equal(a);
    expect(tokenHint(a)).to.equal(a.slice(0, 8));
  });

  it('when its last day has passed, then a token is expired; revoked goes before expired', () => {
    expect(tokenState({ revokedAt: null, expiresOn: '2026-03-16' }, '2026-03-16')).to.equal('active');
    expect(tokenState({ revokedAt: null, expiresOn: '2026-03-16' }, '2026-03-17')).to.equal('expired');
    expect(tokenState({ revokedAt: '2026-03-01T10:00:00.000Z', expiresOn: '2026-03-16' }, '2026-03-17')).to.equal(
      'revoked',
    );
    expect(latestExpiry('2026-03-16')).to.equal('2027-03-16');
  });

  it('when a cursor is read back, then only one this list made gives an id', () => {
    expect(decodeCursor('atgarder', encodeCursor('atgarder', 4711))).to.equal(4711);
    expect(decodeCursor('arenden', encodeCursor('atgarder', 4711))).to.equal(null);
    for (const bad of ['', 'x', '!!', Buffer.from('{"l":"atgarder","a":-1}').toString('base64url')])
      expect(decodeCursor('atgarder', bad), bad).to.equal(null);
  });

  it('when a limit is given, then 1–500 is taken and anything else refused', () => {
    expect(parseLimit('')).to.equal(100);
    expect(parseLimit('500')).to.equal(500);
    for (const bad of ['0', '501', '1.5', '-1', 'tio', '99999']) expect(parseLimit(bad), bad).to.equal(null);
  });
});
