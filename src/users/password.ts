import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt with N = 2^15: about 100 ms per guess on these machines, memory-hard.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

/**
 * N for new hashes. Outside production, SCRYPT_N_FOR_TESTS (a power of two) lowers it, because the
 * test suites create and log in hundreds of users; every hash records its own N, so hashing and
 * checking run the same code either way.
 */
export function scryptCost(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SCRYPT_N_FOR_TESTS);
  const powerOfTwo = Number.isInteger(n) && n >= 2 && n <= PARAMS.N && (n & (n - 1)) === 0;
  return env.NODE_ENV !== 'production' && powerOfTwo ? n : PARAMS.N;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = scryptCost();
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { ...PARAMS, N });
  return `scrypt$${N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Hash against a dummy when the user has no password, so timing does not reveal that.
  const parts = (stored ?? dummyHash()).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, key] = parts;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return stored !== null && crypto.timingSafeEqual(actual, expected);
}

/** A hash no password matches, of today's cost, so an unknown user takes as long as a known one. */
const dummyHash = () =>
  `scrypt$${scryptCost()}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;

export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(24).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
