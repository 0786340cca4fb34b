import { describe, expect, it } from 'vitest';
import { setUpTestDb } from './test-db';
import { loadDeviceFacts } from './device-facts';
import { seedDemo } from './demo-seed';
import type { Db } from './prisma';
import { parseImei } from '../domain/imei';
import { REASON_CODES, verify } from '../domain/verdict';
import { DEMO_DEVICES, DEMO_WRONG_CHECK_DIGIT } from '../demo-devices';

let prisma: Db;
const NOW = new Date('2026-11-24T12:00:00Z');
setUpTestDb(async (t) => {
  ({ prisma } = t);
  await seedDemo(prisma, NOW);
});

async function check(imei: string, now = NOW) {
  const parsed = parseImei(imei, { allowImeisv: true });
  if (!parsed.ok) throw new Error(parsed.code);
  return verify(parsed.value, await loadDeviceFacts(prisma, parsed.value.identity), now);
}

describe('the demo data, checked through the database', () => {
  for (const d of DEMO_DEVICES) {
    it(`${d.key}: ${d.description}`, async () => {
      const v = await check(d.imei);
      expect({ list: v.list, reasons: v.reasons }).toEqual(d.expected);
    });
  }

  it('the wrong check digit is BLACK with INVALID_CHECK_DIGIT', async () => {
    const v = await check(DEMO_WRONG_CHECK_DIGIT);
    expect(v.list).toBe('BLACK');
    expect(v.reasons).toContain('INVALID_CHECK_DIGIT');
  });

  it('every reason code is reachable in the demo', async () => {
    const seen = new Set<string>();
    for (const imei of [...DEMO_DEVICES.map((d) => d.imei), DEMO_WRONG_CHECK_DIGIT]) {
      for (const r of (await check(imei)).reasons) seen.add(r);
    }
    expect([...seen].sort()).toEqual([...REASON_CODES].sort());
  });

  it('the grey demo device has 18 days left', async () => {
    const v = await check(DEMO_DEVICES.find((d) => d.key === 'grey-days-left')!.imei);
    expect(v.window?.daysLeft).toBe(18);
  });

  it('re-seeding replaces the demo rows instead of adding to them', async () => {
    const before = await prisma.networkRegistration.count();
    await seedDemo(prisma, new Date(NOW.getTime() + 86_400_000));
    expect(await prisma.networkRegistration.count()).toBe(before);
    expect(await prisma.application.count()).toBe(2);
  });

  it('an unknown device has no facts', async () => {
    const facts = await loadDeviceFacts(prisma, '01234567890123');
    expect(facts).toEqual({
      tacDatabaseLoaded: true,
      tac: null,
      blacklist: [],
      legalRecords: [],
      firstRegistrationAt: null,
      proofs: [],
    });
  });
});
