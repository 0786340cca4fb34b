import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { setUpTestDb } from './test-db';
import { checkCode, confirmCode, requestCode, type CodeSender } from './one-time-codes';
import { lookUpApplication } from './applications';
import { blockNow, clearLimit, giveBack, LIMITS, peek, take } from './rate-limits';
import { closeListPools } from './device-lists';
import { testPhone } from './test-applicant';
import type { Db } from './prisma';
import { makeReference } from '../domain/reference';

let prisma: Db;
let databaseUrl: string;
setUpTestDb((t) => ({ prisma, databaseUrl } = t), { closing: closeListPools });

/** A sender that keeps what it was asked to send (the SMS transports have tests of their own). */
function inbox() {
  const sent: { to: string; code: string }[] = [];
  const send: CodeSender = async (m) => {
    sent.push({ to: m.to, code: m.code });
    return { ok: true };
  };
  return { sent, send };
}
const ip = () => `10.9.${crypto.randomInt(256)}.${crypto.randomInt(256)}`;
const ask = (phone: string, send: CodeSender, address = ip(), now?: Date) =>
  requestCode(
    prisma,
    {
      purpose: 'MY_APPLICATIONS',
      identities: [],
      to: { phone },
      locale: 'ru',
      ip: address,
      now,
      databaseUrl,
    },
    send,
  );

describe('one-time codes', () => {
  it('stores only a hash of the code, and a right code is used once', async () => {
    const { sent, send } = inbox();
    const phone = testPhone();
    const r = await ask(phone, send);
    if (!r.ok) throw new Error(r.code);
    expect(sent).toHaveLength(1);
    expect(sent[0].code).toMatch(/^\d{6}$/);
    const row = await prisma.otpChallenge.findUniqueOrThrow({ where: { id: r.challengeId } });
    expect(JSON.stringify(row)).not.toContain(sent[0].code);
    expect(row.msisdn).toBe(phone);
    expect(
      await confirmCode(prisma, {
        challengeId: r.challengeId,
        code: sent[0].code,
        purpose: 'MY_APPLICATIONS',
      }),
    ).toMatchObject({ ok: true, verified: { msisdn: phone, possession: false } });
    expect(
      await confirmCode(prisma, {
        challengeId: r.challengeId,
        code: sent[0].code,
        purpose: 'MY_APPLICATIONS',
      }),
    ).toEqual({ ok: false, code: 'CODE_USED' });
  });

  it('allows 5 wrong tries, then not even the right code', async () => {
    const { sent, send } = inbox();
    const r = await ask(testPhone(), send);
    if (!r.ok) throw new Error(r.code);
    const wrong = String((Number(sent[0].code) + 1) % 1_000_000).padStart(6, '0');
    const left = [];
    for (let i = 0; i < 5; i++) {
      const c = await checkCode(prisma, {
        challengeId: r.challengeId,
        code: wrong,
        purpose: 'MY_APPLICATIONS',
      });
      left.push(c.ok ? 'ok' : c.code === 'CODE_WRONG' ? c.triesLeft : c.code);
    }
    expect(left).toEqual([4, 3, 2, 1, 'CODE_TOO_MANY_TRIES']);
    expect(
      await checkCode(prisma, {
        challengeId: r.challengeId,
        code: sent[0].code,
        purpose: 'MY_APPLICATIONS',
      }),
    ).toEqual({ ok: false, code: 'CODE_TOO_MANY_TRIES' });
  });

  it('twenty guesses at once get no more than 5 tries', async () => {
    const { sent, send } = inbox();
    const r = await ask(testPhone(), send);
    if (!r.ok) throw new Error(r.code);
    const guesses = Array.from({ length: 20 }, (_, i) =>
      String((Number(sent[0].code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const answers = await Promise.all(
      guesses.map((code) =>
        checkCode(prisma, { challengeId: r.challengeId, code, purpose: 'MY_APPLICATIONS' }),
      ),
    );
    expect(answers.filter((a) => !a.ok && a.code === 'CODE_WRONG')).toHaveLength(4);
    expect(
      (await prisma.otpChallenge.findUniqueOrThrow({ where: { id: r.challengeId } })).tries,
    ).toBe(5);
  });

  it('is valid 5 minutes: one millisecond before the end it works, at the end it has expired', async () => {
    const { sent, send } = inbox();
    const t0 = new Date('2026-11-20T10:00:00Z');
    const r = await ask(testPhone(), send, ip(), t0);
    if (!r.ok) throw new Error(r.code);
    const end = t0.getTime() + 5 * 60_000;
    expect(
      await checkCode(prisma, {
        challengeId: r.challengeId,
        code: sent[0].code,
        purpose: 'MY_APPLICATIONS',
        now: new Date(end),
      }),
    ).toEqual({ ok: false, code: 'CODE_EXPIRED' });
    expect(
      await checkCode(prisma, {
        challengeId: r.challengeId,
        code: sent[0].code,
        purpose: 'MY_APPLICATIONS',
        now: new Date(end - 1),
      }),
    ).toMatchObject({ ok: true });
  });

  it('a code for one purpose opens nothing else', async () => {
    const { sent, send } = inbox();
    const r = await ask(testPhone(), send);
    if (!r.ok) throw new Error(r.code);
    expect(
      await checkCode(prisma, { challengeId: r.challengeId, code: sent[0].code, purpose: 'WATCH' }),
    ).toEqual({ ok: false, code: 'CODE_EXPIRED' });
  });

  it('sends at most 3 codes to a number an hour, and says when to try again', async () => {
    const { sent, send } = inbox();
    const phone = testPhone();
    for (let i = 0; i < 3; i++) expect((await ask(phone, send)).ok).toBe(true);
    const fourth = await ask(phone, send);
    expect(fourth).toMatchObject({ ok: false, code: 'TOO_MANY_CODES' });
    if (fourth.ok || fourth.code !== 'TOO_MANY_CODES') return;
    const wait = fourth.retryAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50 * 60_000);
    expect(wait).toBeLessThanOrEqual(3600_000);
    expect(sent).toHaveLength(3);
  });

  it('sends at most 10 codes an hour to one address, whatever the numbers', async () => {
    const { sent, send } = inbox();
    const address = ip();
    for (let i = 0; i < 10; i++) expect((await ask(testPhone(), send, address)).ok).toBe(true);
    expect(await ask(testPhone(), send, address)).toMatchObject({
      ok: false,
      code: 'TOO_MANY_CODES',
    });
    expect(sent).toHaveLength(10);
  });

  it('a failed SMS leaves no code behind', async () => {
    const before = await prisma.otpChallenge.count();
    expect(await ask(testPhone(), async () => ({ ok: false, code: 'SMS_UNAVAILABLE' }))).toEqual({
      ok: false,
      code: 'SMS_UNAVAILABLE',
    });
    expect(await prisma.otpChallenge.count()).toBe(before);
  });
});

describe('limits kept in the database', () => {
  it('counts per key, stores no key in the clear, and can be cleared', async () => {
    const key = `+7701${crypto.randomInt(1e7)}`;
    for (let i = 0; i < LIMITS.applicationsPerPhone.points; i++)
      expect(await take('applicationsPerPhone', key, { databaseUrl })).toEqual({
        ok: true,
        remaining: 2 - i,
      });
    expect(await peek('applicationsPerPhone', key, { databaseUrl })).toMatchObject({ ok: false });
    await giveBack('applicationsPerPhone', key, { databaseUrl });
    expect(await peek('applicationsPerPhone', key, { databaseUrl })).toEqual({
      ok: true,
      remaining: 1,
    });
    const keys = await prisma.rateLimit.findMany({ select: { key: true } });
    expect(keys.some((k) => k.key.includes(key))).toBe(false);
    await clearLimit('applicationsPerPhone', key, { databaseUrl });
    expect(await peek('applicationsPerPhone', key, { databaseUrl })).toEqual({
      ok: true,
      remaining: 3,
    });
  });

  it('a block started by the try that used the last point lasts the whole hour from then', async () => {
    const key = `REF-${crypto.randomInt(1e7)}`;
    for (let i = 0; i < 5; i++)
      expect(await take('statusWrongPerReference', key, { databaseUrl })).toEqual({
        ok: true,
        remaining: 4 - i,
      });
    const blocked = await blockNow('statusWrongPerReference', key, { databaseUrl });
    expect(blocked.ok).toBe(false);
    if (blocked.ok) return;
    expect(blocked.retryAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(await take('statusWrongPerReference', key, { databaseUrl })).toMatchObject({
      ok: false,
    });
  });
});

describe('status lookups by reference and IIN', () => {
  it('after 5 wrong IINs a reference answers "try again after" for an hour, existing or not, even to the right IIN', async () => {
    const reference = makeReference([1, 2, 3, 4, 5, 6, 7]);
    await prisma.application.create({
      data: {
        reference,
        status: 'SUBMITTED',
        iin: '880301400011',
        phone: '+77051112233',
        filedAt: new Date(),
      },
    });
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        (await lookUpApplication(prisma, reference, '990101300012', { ip: ip(), databaseUrl })).ok,
      );
    expect(answers).toEqual([false, false, false, false, false]);
    const right = await lookUpApplication(prisma, reference, '880301400011', {
      ip: ip(),
      databaseUrl,
    });
    expect(right).toMatchObject({ ok: false, code: 'THROTTLED' });
    // a reference that does not exist answers the same way
    for (let i = 0; i < 5; i++)
      await lookUpApplication(prisma, makeReference([9, 9, 9, 9, 9, 9, 9]), '990101300012', {
        ip: ip(),
        databaseUrl,
      });
    expect(
      await lookUpApplication(prisma, makeReference([9, 9, 9, 9, 9, 9, 9]), '990101300012', {
        ip: ip(),
        databaseUrl,
      }),
    ).toMatchObject({ ok: false, code: 'THROTTLED' });
  });

  it('a burst of twenty wrong tries at once gets no more than 5 answers', async () => {
    const reference = makeReference([3, 1, 4, 1, 5, 9, 2]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        lookUpApplication(prisma, reference, '990101300012', { ip: ip(), databaseUrl }),
      ),
    );
    expect(answers.filter((a) => !a.ok && a.code === 'NOT_FOUND')).toHaveLength(5);
    expect(answers.filter((a) => !a.ok && a.code === 'THROTTLED')).toHaveLength(15);
  });

  it('the right IIN before any wrong one shows the application', async () => {
    const reference = makeReference([7, 6, 5, 4, 3, 2, 1]);
    await prisma.application.create({
      data: {
        reference,
        status: 'SUBMITTED',
        iin: '880301400011',
        phone: '+77051112233',
        filedAt: new Date(),
      },
    });
    expect(
      await lookUpApplication(prisma, reference, '880301400011', { ip: ip(), databaseUrl }),
    ).toMatchObject({ ok: true, view: { reference } });
  });
});
