import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, hashSessionToken, newSessionToken, verifyPassword } from './password';

describe('passwords', () => {
  it('hash with scrypt at OWASP parameters and verify', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterz', h)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(h); // salted
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
