/**
 * Password hashing with scrypt at OWASP's parameters (N=2^17, r=8, p=1: about 128 MiB and close
 * to a second per hash on a small machine), a random 16-byte salt, compared in constant time.
 * Stored as scrypt$N$r$p$salt$hash (base64), so a hash verifies with the cost it was made with.
 *
 * The cost of new hashes is OWASP's unless a test lowers it in its own setup
 * (`setHashCostForTests`); it is never derived from NODE_ENV, so the demo and the end-to-end
 * tests, which run production builds, hash exactly as production does.
 */
import crypto from 'node:crypto';

export type ScryptCost = { N: number; r: number; p: number };
/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1. */
export const OWASP_SCRYPT: ScryptCost = Object.freeze({ N: 1 << 17, r: 8, p: 1 });
/** Cheap parameters for tests that hash many times; never for stored passwords. */
export const TEST_SCRYPT: ScryptCost = Object.freeze({ N: 1 << 10, r: 8, p: 1 });

let cost: ScryptCost = OWASP_SCRYPT;

/** For tests only: the cost of the hashes made from now on in this process. */
export function setHashCostForTests(next: ScryptCost): void {
  cost = next;
  dummy = undefined;
}

const KEYLEN = 32;
const MAXMEM = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(
      password.normalize('NFC'),
      salt,
      KEYLEN,
      { N: n, r, p, maxmem: MAXMEM },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { N, r, p } = cost;
  const key = await scrypt(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so both answers take as long. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}

/** A generated password: 20 characters from an alphabet without look-alikes (about 110 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 20 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
}

/** A session token: 32 random bytes (256 bits), and the SHA-256 that is stored instead of it. */
export function newSessionToken(): { token: string; id: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, id: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
