import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  hashSessionToken,
  newSessionToken,
  OWASP_SCRYPT,
  setHashCostForTests,
  TEST_SCRYPT,
  verifyPassword,
} from './password';

describe('passwords', () => {
  // The one test that pays OWASP's cost (about 0.9 s a hash on a 2-core machine, three here):
  // its limit is generous, so a slower machine passes too.
  it(
    'hash with scrypt at OWASP parameters by default and verify',
    { timeout: 120_000 },
    async () => {
      const h = await hashPassword('correct horse battery');
      expect(h).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('correct horse battery', h)).toBe(true);
      expect(await verifyPassword('correct horse batterz', h)).toBe(false);
      expect(await hashPassword('correct horse battery')).not.toBe(h); // salted
    },
  );
  it('a test may lower the cost of new hashes; stored hashes verify with their own cost', async () => {
    setHashCostForTests(TEST_SCRYPT);
    try {
      const cheap = await hashPassword('correct horse battery');
      expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
      expect(await verifyPassword('correct horse batterz', cheap)).toBe(false);
    } finally {
      setHashCostForTests(OWASP_SCRYPT);
    }
    expect(await verifyPassword('x', 'md5$whatever')).toBe(false);
  });
  it('generates long passwords', () => {
    expect(generatePassword()).toMatch(/^[a-zA-Z2-9]{20}$/);
  });
  it('session tokens carry 256 bits and only their hash is kept', () => {
    const { token, id } = newSessionToken();
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(id).toBe(hashSessionToken(token));
    expect(id).not.toContain(token);
  });
});
