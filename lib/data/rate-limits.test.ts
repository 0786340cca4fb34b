import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { createTestDb } from './test-db';
import type { Db } from './prisma';
import { clearLimit, LIMITS, peek, take } from './rate-limits';
import { closeListPools } from './device-lists';
import { lookUpApplication } from './applications';
import { resetConfigForTests } from '../config';

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
const saved = { ...process.env };
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
  process.env.RATE_LIMIT_CHECKS_PER_MINUTE = '5';
  process.env.RATE_LIMIT_CHALLENGE_AFTER = '3';
  process.env.RATE_LIMIT_API_PER_MINUTE = '4';
  process.env.RATE_LIMIT_API_CLIENT_PER_MINUTE = '6';
  resetConfigForTests();
});
afterAll(async () => {
  process.env = saved;
  resetConfigForTests();
  await closeListPools();
  await dispose();
});

const ip = () => `10.77.${crypto.randomInt(256)}.${crypto.randomInt(256)}`;
const o = () => ({ databaseUrl });

describe('public-surface limits (PostgreSQL store)', () => {
  it('take the configured ceilings: the check page, the challenge threshold, the API per address and per client', async () => {
    expect(LIMITS.checksPerAddress.points).toBe(5);
    expect(LIMITS.checkChallengePerAddress.points).toBe(3);
    for (const [name, n] of [
      ['checksPerAddress', 5],
      ['checkChallengePerAddress', 3],
      ['apiChecksPerAddress', 4],
      ['apiChecksPerClient', 6],
    ] as const) {
      const key = name === 'apiChecksPerClient' ? `client:${crypto.randomInt(1e9)}` : ip();
      for (let i = 0; i < n; i++)
        expect(await take(name, key, o()), `${name} ${i}`).toMatchObject({
          ok: true,
          remaining: n - 1 - i,
        });
      const refused = await take(name, key, o());
      expect(refused.ok, name).toBe(false);
      if (!refused.ok) {
        const wait = refused.retryAt.getTime() - Date.now();
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(LIMITS[name].duration * 1000);
      }
    }
  });

  it('one subscriber’s IPv6 /64 is one address; another /64 is not', async () => {
    const prefix = `2001:db8:${crypto.randomInt(65_536).toString(16)}:${crypto.randomInt(65_536).toString(16)}`;
    for (let i = 1; i <= 5; i++)
      expect((await take('checksPerAddress', `${prefix}::${i}`, o())).ok).toBe(true);
    expect((await take('checksPerAddress', `${prefix}::ffff:1`, o())).ok).toBe(false);
    expect(
      (
        await take(
          'checksPerAddress',
          `2001:db8:ffff:${crypto.randomInt(65_536).toString(16)}::1`,
          o(),
        )
      ).ok,
    ).toBe(true);
  });

  it('a cleared threshold starts again (a solved challenge)', async () => {
    const a = ip();
    for (let i = 0; i < 3; i++) await take('checkChallengePerAddress', a, o());
    expect((await peek('checkChallengePerAddress', a, o())).ok).toBe(false);
    await clearLimit('checkChallengePerAddress', a, o());
    expect(await peek('checkChallengePerAddress', a, o())).toEqual({ ok: true, remaining: 3 });
  });

  it('stores digests only: no address in the table', async () => {
    const a = '10.66.12.34';
    await take('checksPerAddress', a, o());
    const rows = await prisma.$queryRaw<{ key: string }[]>`SELECT key FROM rate_limits`;
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('10.66');
  });

  it('the status lookup has a plain ceiling per address, right answers included', async () => {
    const a = ip();
    for (let i = 0; i < LIMITS.statusPerAddress.points; i++) await take('statusPerAddress', a, o());
    // a reference never tried, from this address: refused before any lookup
    expect(
      await lookUpApplication(prisma, 'CP99-0000', '990101300012', { ip: a, databaseUrl }),
    ).toMatchObject({ ok: false, code: 'THROTTLED' });
    expect(
      await lookUpApplication(prisma, 'CP99-0000', '990101300012', { ip: ip(), databaseUrl }),
    ).toEqual({ ok: false, code: 'NOT_FOUND' });
  });

  it('RATE_LIMIT=off turns every limit off', async () => {
    process.env.RATE_LIMIT = 'off';
    resetConfigForTests();
    try {
      const a = ip();
      for (let i = 0; i < 10; i++) expect((await take('checksPerAddress', a, o())).ok).toBe(true);
    } finally {
      delete process.env.RATE_LIMIT;
      resetConfigForTests();
    }
  });
});
