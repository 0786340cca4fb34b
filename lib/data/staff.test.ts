import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './test-db';
import type { Db } from './prisma';
import {
  createStaff,
  resetStaffPassword,
  setStaffDisabled,
  signIn,
  signOut,
  staffForToken,
} from './staff';
import { listAudit } from './audit';
import { clearSignInThrottle, listSignInThrottles } from './sign-in-throttles';
import { solvedPayload } from './test-challenge';
import { setHashCostForTests, TEST_SCRYPT } from '../auth/password';
import {
  confirmEnrolment,
  finishEnrolment,
  pendingSignIn,
  verifySecondFactor,
} from './staff-two-factor';
import { totpCode } from '../auth/two-factor';
import { Forbidden, staffActor, systemActor, type Actor } from '../domain/actor';

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  // Many sign-ins: cheap hashes here (the OWASP cost is checked once, in lib/auth/password.test.ts).
  setHashCostForTests(TEST_SCRYPT);
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(() => dispose());

const cli = systemActor('cli');
const T = new Date('2026-11-24T10:00:00Z');
const at = (min: number) => new Date(T.getTime() + min * 60_000);

/**
 * The second step after a right password (staff-two-factor.test.ts tests it): enrols on the first
 * sign-in, then answers with the app's code (each time step is good once per account).
 */
const secrets = new Map<string, string>();
async function secondStep(r: Awaited<ReturnType<typeof signIn>>, now: Date): Promise<string> {
  if (!r.ok) throw new Error(JSON.stringify(r));
  const options = { ip: '10.9.9.9', databaseUrl };
  if (r.stage === 'ENROL') {
    const secret = (await pendingSignIn(prisma, r.pendingToken, now))!.enrolSecret!;
    secrets.set(r.staff.email, secret);
    await confirmEnrolment(prisma, r.pendingToken, await totpCode(secret, now), options, now);
    const done = await finishEnrolment(prisma, r.pendingToken, options, now);
    if (!done.ok) throw new Error(done.code);
    return done.token;
  }
  // The code of now, of the next step (drift), or, with both used by earlier sign-ins, a later moment's.
  for (const [drift, later] of [
    [0, 0],
    [30_000, 0],
    [0, 30_000],
    [0, 60_000],
  ]) {
    const when = new Date(now.getTime() + later);
    const v = await verifySecondFactor(
      prisma,
      r.pendingToken,
      await totpCode(secrets.get(r.staff.email)!, new Date(when.getTime() + drift)),
      options,
      when,
    );
    if (v.ok) return v.token;
  }
  throw new Error('second step refused');
}

describe('staff accounts and sessions', () => {
  it('creates accounts with a strong password only, once per email', async () => {
    expect(
      await createStaff(prisma, { email: 'a@x.kz', role: 'admin', password: 'short' }, cli),
    ).toEqual({ ok: false, code: 'PASSWORD_TOO_SHORT' });
    expect(
      await createStaff(
        prisma,
        { email: 'A@X.kz', role: 'admin', password: 'long enough pass' },
        cli,
      ),
    ).toMatchObject({ ok: true, staff: { email: 'a@x.kz', role: 'admin' } });
    expect(
      await createStaff(
        prisma,
        { email: 'a@x.kz', role: 'support', password: 'long enough pass' },
        cli,
      ),
    ).toEqual({ ok: false, code: 'EMAIL_TAKEN' });
    expect(
      await createStaff(
        prisma,
        { email: 'b@x.kz', role: 'root', password: 'long enough pass' },
        cli,
      ),
    ).toEqual({ ok: false, code: 'ROLE_INVALID' });
    const stored = await prisma.staffUser.findUniqueOrThrow({ where: { email: 'a@x.kz' } });
    expect(stored.passwordHash).not.toContain('long enough pass');
  });

  it('only an administrator or the command line creates accounts: a support user, no actor or an ad-hoc object is refused', async () => {
    const input = { email: 'sneaky@x.kz', role: 'admin', password: 'long enough pass' };
    const support = staffActor({ id: 99, email: 's@x.kz', role: 'support' }, '10.2.0.9');
    for (const by of [
      support,
      undefined,
      { id: null, email: 'cli' },
      { id: null, email: 'cli', role: 'admin' },
    ]) {
      await expect(createStaff(prisma, input, by as Actor)).rejects.toBeInstanceOf(Forbidden);
    }
    await expect(
      resetStaffPassword(prisma, 1, 'a brand new password', support),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(setStaffDisabled(prisma, 1, true, support)).rejects.toBeInstanceOf(Forbidden);
    expect(await prisma.staffUser.count({ where: { email: 'sneaky@x.kz' } })).toBe(0);
  });

  it('a wrong email and a wrong password get the same answer; a right one opens a session', async () => {
    await createStaff(
      prisma,
      { email: 's@x.kz', role: 'support', password: 'support password 1' },
      cli,
    );
    expect(
      await signIn(prisma, { email: 's@x.kz', password: 'wrong password!!', ip: '10.0.0.1' }, T),
    ).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(
      await signIn(
        prisma,
        { email: 'nobody@x.kz', password: 'support password 1', ip: '10.0.0.1' },
        T,
      ),
    ).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    const ok = await signIn(
      prisma,
      { email: ' S@X.KZ ', password: 'support password 1', ip: '10.0.0.1' },
      T,
    );
    expect(ok).toMatchObject({ ok: true, staff: { email: 's@x.kz', role: 'support' } });
    const token = await secondStep(ok, T);
    expect(await staffForToken(prisma, token, at(29))).toMatchObject({ email: 's@x.kz' });
    // used at 29 minutes: alive until 59; dead after 30 idle minutes
    expect(await staffForToken(prisma, token, at(58))).toMatchObject({ email: 's@x.kz' });
    expect(await staffForToken(prisma, token, at(88))).toBeNull();
    expect(await staffForToken(prisma, token, at(89))).toBeNull(); // deleted, not just refused
  });

  it('no session outlives 8 hours, however busy', async () => {
    const ok = await signIn(
      prisma,
      { email: 's@x.kz', password: 'support password 1', ip: '10.0.0.2' },
      T,
    );
    const token = await secondStep(ok, T);
    for (let m = 20; m < 480; m += 20)
      expect(await staffForToken(prisma, token, at(m))).not.toBeNull();
    expect(await staffForToken(prisma, token, at(480))).toBeNull();
  });

  it('an (account, address) pair waits after 5 failures, even for the right password, and says until when', async () => {
    await createStaff(
      prisma,
      { email: 't@x.kz', role: 'support', password: 'throttle password' },
      cli,
    );
    for (let i = 0; i < 5; i++)
      await signIn(
        prisma,
        { email: 't@x.kz', password: `bad password ${i}`, ip: '10.1.0.1' },
        at(i),
      );
    const r = await signIn(
      prisma,
      { email: 't@x.kz', password: 'throttle password', ip: '10.1.0.1' },
      at(6),
    );
    expect(r).toEqual({ ok: false, code: 'THROTTLED', retryAt: at(15) });
    expect(
      await signIn(
        prisma,
        { email: 't@x.kz', password: 'throttle password', ip: '10.1.0.1' },
        at(16),
      ),
    ).toMatchObject({ ok: true });
  });

  it('wrong passwords from many addresses never lock the owner out: their sign-in asks for the challenge instead', async () => {
    await createStaff(
      prisma,
      { email: 'v@x.kz', role: 'support', password: 'victim password 1' },
      cli,
    );
    for (let i = 0; i < 20; i++) {
      expect(
        await signIn(
          prisma,
          { email: 'v@x.kz', password: `forged ${i} guess`, ip: `203.0.113.${i}` },
          at(200),
        ),
      ).toMatchObject({ ok: false });
    }
    const asked = await signIn(
      prisma,
      { email: 'v@x.kz', password: 'victim password 1', ip: '10.5.0.1' },
      at(201),
    );
    expect(asked).toMatchObject({ ok: false, code: 'CHALLENGE_REQUIRED', problem: null });
    if (asked.ok || asked.code !== 'CHALLENGE_REQUIRED') throw new Error();
    const payload = await solvedPayload(asked.challenge);
    const ok = await signIn(
      prisma,
      { email: 'v@x.kz', password: 'victim password 1', ip: '10.5.0.1', altcha: payload },
      at(202),
    );
    expect(ok).toMatchObject({ ok: true });
    // a solution counts once
    const replay = await signIn(
      prisma,
      { email: 'v@x.kz', password: 'victim password 1', ip: '10.5.0.1', altcha: payload },
      at(203),
    );
    expect(replay).toMatchObject({
      ok: false,
      code: 'CHALLENGE_REQUIRED',
      problem: 'CHALLENGE_USED',
    });
    // a guesser that solves the challenge still gets only 5 tries from one address
    for (let i = 0; i < 5; i++) {
      const a = await signIn(
        prisma,
        { email: 'v@x.kz', password: `solved guess ${i}`, ip: '198.51.100.7' },
        at(204),
      );
      if (a.ok || a.code !== 'CHALLENGE_REQUIRED') throw new Error(JSON.stringify(a));
      expect(
        await signIn(
          prisma,
          {
            email: 'v@x.kz',
            password: `solved guess ${i}`,
            ip: '198.51.100.7',
            altcha: await solvedPayload(a.challenge),
          },
          at(204),
        ),
      ).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    }
    expect(
      await signIn(
        prisma,
        { email: 'v@x.kz', password: 'another guess', ip: '198.51.100.7' },
        at(205),
      ),
    ).toMatchObject({ ok: false, code: 'THROTTLED' });
  }, 120_000);

  it('parallel guesses count against each other', async () => {
    await createStaff(
      prisma,
      { email: 'p@x.kz', role: 'support', password: 'parallel password' },
      cli,
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        signIn(
          prisma,
          { email: 'p@x.kz', password: `guess number ${i}`, ip: `10.3.0.${i}` },
          at(100),
        ),
      ),
    );
    expect(
      results.filter((r) => !r.ok && r.code === 'INVALID_CREDENTIALS').length,
    ).toBeLessThanOrEqual(5);
    expect(
      results.filter((r) => !r.ok && r.code === 'CHALLENGE_REQUIRED').length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('an administrator sees the throttles in force and clears one (audited); support may not', async () => {
    const admin = await signIn(
      prisma,
      { email: 'a@x.kz', password: 'long enough pass', ip: '10.2.0.1' },
      at(300),
    );
    if (!admin.ok) throw new Error(JSON.stringify(admin));
    await createStaff(
      prisma,
      { email: 'c@x.kz', role: 'support', password: 'clear me password' },
      cli,
    );
    for (let i = 0; i < 5; i++)
      await signIn(
        prisma,
        { email: 'c@x.kz', password: `wrong ${i} password`, ip: '2001:db8:1:2::9' },
        at(300),
      );
    const rows = await listSignInThrottles(prisma, staffActor(admin.staff), at(301));
    expect(rows.filter((r) => r.email === 'c@x.kz')).toEqual([
      { email: 'c@x.kz', address: null, failures: 5, until: at(315), kind: 'ACCOUNT_CHALLENGE' },
      {
        email: 'c@x.kz',
        address: '2001:db8:1:2::/64',
        failures: 5,
        until: at(315),
        kind: 'PAIR_WAITS',
      },
    ]);
    await expect(
      listSignInThrottles(
        prisma,
        staffActor({ id: 99, email: 's@x.kz', role: 'support' }),
        at(301),
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      clearSignInThrottle(
        prisma,
        { email: 'c@x.kz', address: null },
        staffActor({ id: 99, email: 's@x.kz', role: 'support' }, '10.2.0.2'),
        at(301),
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(
      await signIn(
        prisma,
        { email: 'c@x.kz', password: 'clear me password', ip: '2001:db8:1:2::77' },
        at(302),
      ),
    ).toMatchObject({ ok: false, code: 'THROTTLED' });
    expect(
      await clearSignInThrottle(
        prisma,
        { email: 'c@x.kz', address: '2001:db8:1:2::/64' },
        staffActor(admin.staff, '10.2.0.1'),
        at(303),
      ),
    ).toEqual({ ok: true, cleared: 5 });
    expect(
      (await listSignInThrottles(prisma, staffActor(admin.staff), at(303))).filter(
        (r) => r.email === 'c@x.kz',
      ),
    ).toEqual([]);
    expect(
      await signIn(
        prisma,
        { email: 'c@x.kz', password: 'clear me password', ip: '2001:db8:1:2::77' },
        at(304),
      ),
    ).toMatchObject({ ok: true });
    const { rows: audit } = await listAudit(prisma, {
      page: 1,
      pageSize: 10,
      action: 'SIGN_IN_THROTTLE_CLEARED',
    });
    expect(audit[0]).toMatchObject({ actorEmail: 'a@x.kz', details: 'address 2001:db8:1:2::/64' });
  });

  it('signing out, disabling a user and resetting a password end their sessions', async () => {
    const admin = await signIn(
      prisma,
      { email: 'a@x.kz', password: 'long enough pass', ip: '10.2.0.1' },
      T,
    );
    const s1 = await signIn(
      prisma,
      { email: 's@x.kz', password: 'support password 1', ip: '10.2.0.2' },
      T,
    );
    if (!admin.ok || !s1.ok) throw new Error();
    const s1Token = await secondStep(s1, T);
    await signOut(prisma, s1Token, '10.2.0.2', at(1));
    expect(await staffForToken(prisma, s1Token, at(2))).toBeNull();

    const s2 = await signIn(
      prisma,
      { email: 's@x.kz', password: 'support password 1', ip: '10.2.0.2' },
      at(3),
    );
    if (!s2.ok) throw new Error();
    const s2Token = await secondStep(s2, at(3));
    const by = staffActor(admin.staff, '10.2.0.1');
    expect(await setStaffDisabled(prisma, s2.staff.id, true, by, at(4))).toEqual({ ok: true });
    expect(await staffForToken(prisma, s2Token, at(5))).toBeNull();
    expect(
      await signIn(
        prisma,
        { email: 's@x.kz', password: 'support password 1', ip: '10.2.0.2' },
        at(6),
      ),
    ).toMatchObject({ ok: false });
    expect(await setStaffDisabled(prisma, admin.staff.id, true, by, at(6))).toEqual({
      ok: false,
      code: 'SELF',
    });
    await setStaffDisabled(prisma, s2.staff.id, false, by, at(7));

    const s3 = await signIn(
      prisma,
      { email: 's@x.kz', password: 'support password 1', ip: '10.2.0.3' },
      at(20),
    );
    if (!s3.ok) throw new Error(JSON.stringify(s3));
    const s3Token = await secondStep(s3, at(20));
    expect(
      await resetStaffPassword(prisma, s3.staff.id, 'a brand new password', by, at(21)),
    ).toEqual({ ok: true });
    expect(await staffForToken(prisma, s3Token, at(22))).toBeNull();
    expect(
      await signIn(
        prisma,
        { email: 's@x.kz', password: 'a brand new password', ip: '10.2.0.3' },
        at(23),
      ),
    ).toMatchObject({ ok: true });
  });

  it('everything is in the audit log, with no password anywhere', async () => {
    const { rows } = await listAudit(prisma, { page: 1, pageSize: 200 });
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'STAFF_CREATED',
      'SIGN_IN',
      'SIGN_IN_FAILED',
      'SIGN_IN_THROTTLED',
      'SIGN_OUT',
      'STAFF_DISABLED',
      'STAFF_ENABLED',
      'STAFF_PASSWORD_RESET',
    ]) {
      expect(actions, a).toContain(a);
    }
    expect(JSON.stringify(rows)).not.toMatch(/password 1|brand new/);
  });
});
