import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './test-db';
import type { Db } from './prisma';
import { createStaff, signIn, staffForToken, type Staff } from './staff';
import {
  confirmEnrolment,
  enrolGivenSecret,
  finishEnrolment,
  pendingSignIn,
  replaceRecoveryCodes,
  resetTwoFactor,
  verifySecondFactor,
} from './staff-two-factor';
import { listAudit } from './audit';
import { setHashCostForTests, TEST_SCRYPT } from '../auth/password';
import { newTotpSecret, totpCode } from '../auth/two-factor';
import { TWO_FACTOR_RULES } from '../domain/two-factor';
import { Forbidden, staffActor, systemActor } from '../domain/actor';

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  setHashCostForTests(TEST_SCRYPT);
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(() => dispose());

const cli = systemActor('cli');
// 10:00:00 UTC: the start of a 30-second time step.
const T = new Date('2026-11-24T10:00:00Z');
const sec = (s: number) => new Date(T.getTime() + s * 1000);
const opts = () => ({ ip: '10.7.0.1', databaseUrl });

async function account(email: string, role: 'admin' | 'support' = 'support'): Promise<Staff> {
  const r = await createStaff(prisma, { email, role, password: 'a long password 1' }, cli);
  if (!r.ok) throw new Error(r.code);
  return r.staff;
}
async function password(email: string, now: Date) {
  const r = await signIn(prisma, { email, password: 'a long password 1', ip: '10.7.0.1' }, now);
  if (!r.ok) throw new Error(r.code);
  return r;
}
/** An account enrolled with a known secret (as npm run staff:create -- --totp-secret-stdin does). */
async function enrolled(
  email: string,
  role: 'admin' | 'support' = 'support',
): Promise<{ staff: Staff; secret: string }> {
  const staff = await account(email, role);
  const secret = newTotpSecret();
  await enrolGivenSecret(prisma, staff.id, secret, cli, T);
  return { staff, secret };
}

describe('enrolment on the first sign-in', () => {
  it('a right password leaves only a pending sign-in; a code from the app confirms the secret; recovery codes are shown once and kept as hashes', async () => {
    await account('new@x.kz');
    const r = await password('new@x.kz', T);
    expect(r.stage).toBe('ENROL');
    // The pending token is no session: nothing of the staff area opens with it.
    expect(await staffForToken(prisma, r.pendingToken, T)).toBeNull();
    const pending = await pendingSignIn(prisma, r.pendingToken, T);
    expect(pending).toMatchObject({ email: 'new@x.kz', stage: 'ENROL' });
    const secret = pending!.enrolSecret!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Nothing is confirmed until a code is right.
    expect(await confirmEnrolment(prisma, r.pendingToken, '000000', opts(), T)).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    });
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { email: 'new@x.kz' } })).totpSecret,
    ).toBeNull();

    const ok = await confirmEnrolment(prisma, r.pendingToken, await totpCode(secret, T), opts(), T);
    if (!ok.ok) throw new Error(ok.code);
    expect(ok.recoveryCodes).toHaveLength(TWO_FACTOR_RULES.recoveryCodes);
    for (const c of ok.recoveryCodes)
      expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const user = await prisma.staffUser.findUniqueOrThrow({
      where: { email: 'new@x.kz' },
      include: { recoveryCodes: true },
    });
    expect(user.totpSecret).toBe(secret);
    expect(user.totpConfirmedAt).toEqual(T);
    expect(user.recoveryCodes.map((c) => c.codeHash).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(
      true,
    );
    expect(JSON.stringify(user.recoveryCodes)).not.toContain(
      ok.recoveryCodes[0].replaceAll('-', ''),
    );
    // Still no session: the codes must be acknowledged first; the offered secret is gone from the pending row.
    expect(await pendingSignIn(prisma, r.pendingToken, T)).toMatchObject({
      stage: 'RECOVERY_CODES',
      enrolSecret: null,
    });
    expect(
      await verifySecondFactor(prisma, r.pendingToken, await totpCode(secret, T), opts(), T),
    ).toEqual({ ok: false, code: 'PENDING_EXPIRED' });

    // Reloaded before saving them: new codes replace the first ones.
    const again = await replaceRecoveryCodes(prisma, r.pendingToken, opts(), sec(5));
    if (!again.ok) throw new Error(again.code);
    expect(again.recoveryCodes).not.toContain(ok.recoveryCodes[0]);
    expect(await prisma.staffRecoveryCode.count({ where: { userId: user.id } })).toBe(
      TWO_FACTOR_RULES.recoveryCodes,
    );

    const done = await finishEnrolment(prisma, r.pendingToken, opts(), sec(10));
    if (!done.ok) throw new Error(done.code);
    expect(await staffForToken(prisma, done.token, sec(10))).toMatchObject({ email: 'new@x.kz' });
    // The pending sign-in is spent.
    expect(await finishEnrolment(prisma, r.pendingToken, opts(), sec(11))).toEqual({
      ok: false,
      code: 'PENDING_EXPIRED',
    });
    // From now on the password step leads to the code step.
    expect((await password('new@x.kz', sec(60))).stage).toBe('CODE');
  });

  it('two browsers enrolling one account: the first confirmation wins', async () => {
    await account('race@x.kz');
    const [a, b] = [await password('race@x.kz', T), await password('race@x.kz', T)];
    const [sa, sb] = [
      (await pendingSignIn(prisma, a.pendingToken, T))!.enrolSecret!,
      (await pendingSignIn(prisma, b.pendingToken, T))!.enrolSecret!,
    ];
    expect(sa).not.toBe(sb);
    expect(
      await confirmEnrolment(prisma, a.pendingToken, await totpCode(sa, T), opts(), T),
    ).toMatchObject({ ok: true });
    expect(
      await confirmEnrolment(prisma, b.pendingToken, await totpCode(sb, T), opts(), T),
    ).toEqual({ ok: false, code: 'PENDING_EXPIRED' });
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { email: 'race@x.kz' } })).totpSecret,
    ).toBe(sa);
  });
});

describe('the code step', () => {
  it('accepts one time step of clock drift either way, and no more (at the very start of a step)', async () => {
    const { secret } = await enrolled('drift@x.kz');
    const now = sec(600); // the start of a step
    const tryAt = async (codeAt: Date) =>
      verifySecondFactor(
        prisma,
        (await password('drift@x.kz', now)).pendingToken,
        await totpCode(secret, codeAt),
        opts(),
        now,
      );
    expect(await tryAt(new Date(now.getTime() - 31_000))).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    }); // two steps behind
    expect(await tryAt(new Date(now.getTime() + 60_000))).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    }); // two steps ahead
    // In increasing order: each step is used once.
    expect(await tryAt(new Date(now.getTime() - 30_000))).toMatchObject({
      ok: true,
      recoveryCodesLeft: null,
    }); // one behind
    expect(await tryAt(now)).toMatchObject({ ok: true });
    expect(await tryAt(new Date(now.getTime() + 59_999))).toMatchObject({ ok: true }); // one ahead, its last millisecond
  });

  it('at the very end of a step, the previous and the next step are still good', async () => {
    const { secret } = await enrolled('drift-end@x.kz');
    const now = new Date(sec(900).getTime() + 29_999); // the last millisecond of a step
    const tryAt = async (codeAt: Date) =>
      verifySecondFactor(
        prisma,
        (await password('drift-end@x.kz', now)).pendingToken,
        await totpCode(secret, codeAt),
        opts(),
        now,
      );
    expect(await tryAt(new Date(now.getTime() - 60_000))).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    });
    expect(await tryAt(new Date(now.getTime() - 30_000))).toMatchObject({ ok: true });
    expect(await tryAt(new Date(now.getTime() + 30_000))).toMatchObject({ ok: true });
    expect(await tryAt(new Date(now.getTime() + 30_001))).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    });
  });

  it('a code (time step) is accepted once per account, and an earlier step after a later one never', async () => {
    const { staff, secret } = await enrolled('replay@x.kz');
    const now = sec(1200);
    const code = await totpCode(secret, now);
    const first = await verifySecondFactor(
      prisma,
      (await password('replay@x.kz', now)).pendingToken,
      code,
      opts(),
      now,
    );
    expect(first).toMatchObject({ ok: true });
    // The same code from another browser (or an eavesdropper), even a second later
    const second = await password('replay@x.kz', sec(1201));
    expect(await verifySecondFactor(prisma, second.pendingToken, code, opts(), sec(1201))).toEqual({
      ok: false,
      code: 'TWO_FACTOR_USED',
    });
    // and the step before the used one.
    expect(
      await verifySecondFactor(
        prisma,
        second.pendingToken,
        await totpCode(secret, sec(1170)),
        opts(),
        sec(1201),
      ),
    ).toEqual({ ok: false, code: 'TWO_FACTOR_USED' });
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { id: staff.id } })).totpLastStep,
    ).toBe(Math.floor(now.getTime() / 30_000));
    // The pending sign-in is still there: the next step's code signs in.
    expect(
      await verifySecondFactor(
        prisma,
        second.pendingToken,
        await totpCode(secret, sec(1230)),
        opts(),
        sec(1201),
      ),
    ).toMatchObject({ ok: true });
    const { rows } = await listAudit(prisma, {
      page: 1,
      pageSize: 500,
      action: 'TWO_FACTOR_FAILED',
    });
    expect(rows.filter((r) => r.actorEmail === 'replay@x.kz').map((r) => r.details)).toEqual([
      'code already used',
      'code already used',
    ]);
  });

  it('a recovery code signs in once and is spent; how many are left is said', async () => {
    await account('lost@x.kz');
    const r = await password('lost@x.kz', T);
    const secret = (await pendingSignIn(prisma, r.pendingToken, T))!.enrolSecret!;
    const enrol = await confirmEnrolment(
      prisma,
      r.pendingToken,
      await totpCode(secret, T),
      opts(),
      T,
    );
    if (!enrol.ok) throw new Error(enrol.code);
    await finishEnrolment(prisma, r.pendingToken, opts(), T);
    const code = enrol.recoveryCodes[3];

    const used = await verifySecondFactor(
      prisma,
      (await password('lost@x.kz', sec(60))).pendingToken,
      ` ${code.toUpperCase()} `,
      opts(),
      sec(60),
    );
    expect(used).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    if (!used.ok) return;
    expect(await staffForToken(prisma, used.token, sec(60))).toMatchObject({ email: 'lost@x.kz' });
    // Spent: the same code again (written without dashes) is refused.
    expect(
      await verifySecondFactor(
        prisma,
        (await password('lost@x.kz', sec(90))).pendingToken,
        code.replaceAll('-', ''),
        opts(),
        sec(90),
      ),
    ).toEqual({
      ok: false,
      code: 'TWO_FACTOR_WRONG',
    });
    expect(
      await verifySecondFactor(
        prisma,
        (await password('lost@x.kz', sec(90))).pendingToken,
        enrol.recoveryCodes[4],
        opts(),
        sec(90),
      ),
    ).toMatchObject({
      ok: true,
      recoveryCodesLeft: 8,
    });
  });

  it('the pending sign-in lasts 10 minutes, then the password step must be done again', async () => {
    const { secret } = await enrolled('slow@x.kz');
    const r = await password('slow@x.kz', T);
    const late = new Date(T.getTime() + TWO_FACTOR_RULES.pendingMs);
    expect(await pendingSignIn(prisma, r.pendingToken, new Date(late.getTime() - 1))).toMatchObject(
      { stage: 'CODE' },
    );
    expect(
      await verifySecondFactor(prisma, r.pendingToken, await totpCode(secret, late), opts(), late),
    ).toEqual({ ok: false, code: 'PENDING_EXPIRED' });
    expect(
      await prisma.staffPendingSignIn.count({
        where: { id: { not: '' }, user: { email: 'slow@x.kz' } },
      }),
    ).toBe(0); // deleted, not just refused
    expect(await pendingSignIn(prisma, 'not-a-token', T)).toBeNull();
    expect(await verifySecondFactor(prisma, undefined, '123456', opts(), T)).toEqual({
      ok: false,
      code: 'PENDING_EXPIRED',
    });
  });

  it('wrong codes are counted per account: after 5, even the right code waits; every failure is audited', async () => {
    const { secret } = await enrolled('guess@x.kz');
    const now = sec(3000);
    const r = await password('guess@x.kz', now);
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        await verifySecondFactor(prisma, r.pendingToken, String(100000 + i), opts(), now),
      );
    expect(answers.slice(0, 4).every((a) => !a.ok && a.code === 'TWO_FACTOR_WRONG')).toBe(true);
    expect(answers[4]).toMatchObject({ ok: false, code: 'THROTTLED' });
    // A new password step does not reset the count (it is the account's, not the pending sign-in's).
    const again = await password('guess@x.kz', now);
    const refused = await verifySecondFactor(
      prisma,
      again.pendingToken,
      await totpCode(secret, now),
      opts(),
      now,
    );
    expect(refused).toMatchObject({ ok: false, code: 'THROTTLED' });
    if (!refused.ok && refused.code === 'THROTTLED')
      expect(refused.retryAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const { rows } = await listAudit(prisma, { page: 1, pageSize: 500 });
    const mine = rows.filter((x) => x.actorEmail === 'guess@x.kz').map((x) => x.action);
    expect(mine.filter((a) => a === 'TWO_FACTOR_FAILED')).toHaveLength(5);
    expect(mine).toContain('TWO_FACTOR_THROTTLED');
  });

  it('a right code forgets earlier wrong ones', async () => {
    const { secret } = await enrolled('typo@x.kz');
    for (let round = 0; round < 2; round++) {
      const now = sec(4000 + round * 60);
      const r = await password('typo@x.kz', now);
      for (let i = 0; i < 4; i++)
        expect(
          await verifySecondFactor(prisma, r.pendingToken, '999999', opts(), now),
        ).toMatchObject({ code: 'TWO_FACTOR_WRONG' });
      expect(
        await verifySecondFactor(prisma, r.pendingToken, await totpCode(secret, now), opts(), now),
      ).toMatchObject({ ok: true });
    }
  });
});

describe('an administrator resets a colleague’s second factor', () => {
  it('the colleague’s factor, recovery codes and sessions go; they enrol again; not one’s own; audited', async () => {
    const admin = await enrolled('boss@x.kz', 'admin');
    const colleague = await account('colleague@x.kz');
    const r = await password('colleague@x.kz', T);
    const secret = (await pendingSignIn(prisma, r.pendingToken, T))!.enrolSecret!;
    await confirmEnrolment(prisma, r.pendingToken, await totpCode(secret, T), opts(), T);
    const session = await finishEnrolment(prisma, r.pendingToken, opts(), T);
    if (!session.ok) throw new Error(session.code);
    const waiting = await password('colleague@x.kz', sec(30));

    const by = staffActor(admin.staff, '10.7.0.2');
    expect(await resetTwoFactor(prisma, admin.staff.id, by, sec(40))).toEqual({
      ok: false,
      code: 'SELF',
    });
    expect(await resetTwoFactor(prisma, 999_999, by, sec(40))).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    await expect(
      resetTwoFactor(prisma, admin.staff.id, staffActor(colleague, '10.7.0.3'), sec(40)),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      enrolGivenSecret(
        prisma,
        admin.staff.id,
        newTotpSecret(),
        staffActor(colleague, '10.7.0.3'),
        sec(40),
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await resetTwoFactor(prisma, colleague.id, by, sec(40))).toEqual({ ok: true });

    const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: colleague.id } });
    expect([user.totpSecret, user.totpConfirmedAt, user.totpLastStep]).toEqual([null, null, null]);
    expect(await prisma.staffRecoveryCode.count({ where: { userId: colleague.id } })).toBe(0);
    expect(await staffForToken(prisma, session.token, sec(41))).toBeNull();
    expect(await pendingSignIn(prisma, waiting.pendingToken, sec(41))).toBeNull();
    expect((await password('colleague@x.kz', sec(60))).stage).toBe('ENROL');
    const { rows } = await listAudit(prisma, {
      page: 1,
      pageSize: 50,
      action: 'STAFF_TWO_FACTOR_RESET',
    });
    expect(rows).toEqual([expect.objectContaining({ actorEmail: 'boss@x.kz', ip: '10.7.0.2' })]); // the target's email is masked, as in every audit line
  });
});

describe('the secret never leaves', () => {
  it('is in no audit line', async () => {
    const secrets = (await prisma.staffUser.findMany({ where: { totpSecret: { not: null } } })).map(
      (u) => u.totpSecret!,
    );
    expect(secrets.length).toBeGreaterThan(3);
    const text = JSON.stringify((await listAudit(prisma, { page: 1, pageSize: 1000 })).rows);
    for (const s of secrets) expect(text).not.toContain(s);
  });
});
