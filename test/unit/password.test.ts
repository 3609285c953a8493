import { expect } from 'chai';
import { hashPassword, scryptCost, verifyPassword } from '../../src/users/password.ts';

describe('password hashing (scrypt)', () => {
  it('when nothing lowers it, or in production whatever is set, then new hashes cost N = 32768', () => {
    expect(scryptCost({})).to.equal(32768);
    expect(scryptCost({ NODE_ENV: 'production', SCRYPT_N_FOR_TESTS: '1024' })).to.equal(32768);
  });

  it('when the tests lower the cost, then only a power of two up to the default is taken', () => {
    expect(scryptCost({ SCRYPT_N_FOR_TESTS: '1024' })).to.equal(1024);
    for (const bad of ['1000', '0', '1', '65536', 'mycket', '']) {
      expect(scryptCost({ SCRYPT_N_FOR_TESTS: bad }), bad).to.equal(32768);
    }
  });

  it('when a hash records its own cost, then a password is checked at that cost, and a wrong one fails', async () => {
    const stored = await hashPassword('korrekt-hast-batteri');
    expect(stored).to.match(new RegExp(`^scrypt\\$${scryptCost()}\\$8\\$1\\$`));
    expect(await verifyPassword('korrekt-hast-batteri', stored)).to.equal(true);
    expect(await verifyPassword('korrekt-hast-batteri ', stored)).to.equal(false);
    expect(await verifyPassword('korrekt-hast-batteri', null)).to.equal(false);
  });
});
