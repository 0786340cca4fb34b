/**
 * The second step of staff sign-in (TOTP, required for every account) and what administrators
 * do to it. A right password (staff.ts, signIn) opens no session: it leaves a pending sign-in, a
 * row bound to the account that lives 10 minutes and opens nothing but the second step; the
 * browser holds its random token in an httpOnly cookie, the table only the token's SHA-256.
 * The session is opened here, once the second step succeeded.
 *
 * The TOTP secret cannot be hashed (the server needs it to compute codes). The project has no
 * encryption key or key store, so it is kept as it is in staff_users."totpSecret", like the rest of
 * the staff data: it never leaves the data layer, is never logged, never shown again after
 * enrolment (the enrolment page shows the offered secret, which is not yet a factor) and never in
 * an answer. Encrypting it with a key from the environment is the next step once the deployment
 * has a secret store (it protects database dumps and backups, not a compromised server).
 *
 * Every step is audited; wrong codes count toward a per-account limit (lib/data/rate-limits.ts,
 * secondFactorWrongPerAccount): only someone who already knows the password can reach it, so a
 * block there never locks a person out on someone else's behalf.
 */
import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import { retryTransaction, type Db } from './prisma';
import { audit } from './audit';
import { blockNow, clearLimit, take } from './rate-limits';
import { hashSessionToken, newSessionToken } from '../auth/password';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStepOf } from '../auth/two-factor';
import {
  formatRecoveryCode,
  parseSecondFactor,
  TWO_FACTOR_RULES,
  type PendingStage,
} from '../domain/two-factor';
import { actorIp, auditActorOf, authorise, type Actor } from '../domain/actor';

type Tx = Prisma.TransactionClient;
type Options = { ip: string; databaseUrl?: string };

export type PendingSignIn = {
  userId: number;
  email: string;
  stage: PendingStage;
  /** ENROL only: the secret offered for the authenticator app */
  enrolSecret: string | null;
  expiresAt: Date;
};

export type SecondStepFailure =
  | { ok: false; code: 'PENDING_EXPIRED' }
  | { ok: false; code: 'TWO_FACTOR_WRONG' }
  | { ok: false; code: 'TWO_FACTOR_USED' }
  | { ok: false; code: 'THROTTLED'; retryAt: Date };

/**
 * Called by the password step, in its transaction: the pending sign-in of a right password. An
 * account without a confirmed factor is offered a new secret to enrol.
 */
export async function startPendingSignIn(
  tx: Tx,
  user: { id: number; totpConfirmedAt: Date | null },
  ip: string,
  now: Date,
): Promise<{ token: string; stage: PendingStage }> {
  await tx.staffPendingSignIn.deleteMany({ where: { userId: user.id, expiresAt: { lte: now } } });
  const { token, id } = newSessionToken();
  const stage: PendingStage = user.totpConfirmedAt ? 'CODE' : 'ENROL';
  await tx.staffPendingSignIn.create({
    data: {
      id,
      userId: user.id,
      stage,
      enrolSecret: stage === 'ENROL' ? newTotpSecret() : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TWO_FACTOR_RULES.pendingMs),
      ip,
    },
  });
  return { token, stage };
}

async function load(prisma: Db, token: string | undefined, now: Date) {
  if (!token || token.length > 100) return null;
  const id = hashSessionToken(token);
  const p = await prisma.staffPendingSignIn.findUnique({ where: { id }, include: { user: true } });
  if (!p) return null;
  if (now.getTime() >= p.expiresAt.getTime() || p.user.disabledAt) {
    await prisma.staffPendingSignIn.deleteMany({ where: { id } });
    return null;
  }
  return p;
}

/** The pending sign-in behind a token, if it is still alive (for the second step's page). */
export async function pendingSignIn(
  prisma: Db,
  token: string | undefined,
  now = new Date(),
): Promise<PendingSignIn | null> {
  const p = await load(prisma, token, now);
  return (
    p && {
      userId: p.userId,
      email: p.user.email,
      stage: p.stage as PendingStage,
      enrolSecret: p.enrolSecret,
      expiresAt: p.expiresAt,
    }
  );
}

/** Ends a pending sign-in (the person went back to the password step). */
export async function dropPendingSignIn(prisma: Db, token: string | undefined): Promise<void> {
  if (token && token.length <= 100)
    await prisma.staffPendingSignIn.deleteMany({ where: { id: hashSessionToken(token) } });
}

/** Opens the staff session (the same table and lifetime as before two-factor sign-in). */
async function openSession(
  tx: Tx,
  user: { id: number; email: string },
  ip: string,
  now: Date,
  details?: string,
): Promise<string> {
  const { token, id } = newSessionToken();
  await tx.staffSession.create({
    data: { id, userId: user.id, createdAt: now, lastSeenAt: now, ip },
  });
  await audit(tx, user, { action: 'SIGN_IN', details, ip }, now);
  return token;
}

const limitKey = (userId: number) => `staff:${userId}`;

/**
 * Every try at a second-factor code is counted before it is checked (parallel guesses count
 * against each other); a right code forgets the count.
 */
async function countTry(
  prisma: Db,
  user: { id: number; email: string },
  options: Options,
  now: Date,
): Promise<{ ok: true; last: boolean } | SecondStepFailure> {
  const t = await take('secondFactorWrongPerAccount', limitKey(user.id), options);
  if (!t.ok) {
    await audit(prisma, user, { action: 'TWO_FACTOR_THROTTLED', ip: options.ip }, now);
    return { ok: false, code: 'THROTTLED', retryAt: t.retryAt };
  }
  return { ok: true, last: t.remaining === 0 };
}

/** A wrong (or replayed) code: audited; the try that used the last point starts the block. */
async function wrong(
  prisma: Db,
  user: { id: number; email: string },
  code: 'TWO_FACTOR_WRONG' | 'TWO_FACTOR_USED',
  last: boolean,
  details: string,
  options: Options,
  now: Date,
): Promise<SecondStepFailure> {
  await audit(prisma, user, { action: 'TWO_FACTOR_FAILED', details, ip: options.ip }, now);
  if (last) {
    const blocked = await blockNow('secondFactorWrongPerAccount', limitKey(user.id), options);
    if (!blocked.ok) return { ok: false, code: 'THROTTLED', retryAt: blocked.retryAt };
  }
  return { ok: false, code };
}

export type EnrolResult = { ok: true; recoveryCodes: string[] } | SecondStepFailure;

/**
 * Confirms the offered secret with a code from the app: from now on the account has a second
 * factor. Makes the recovery codes, shown once (the answer), stored only as hashes.
 */
export async function confirmEnrolment(
  prisma: Db,
  token: string | undefined,
  rawCode: string,
  options: Options,
  now = new Date(),
): Promise<EnrolResult> {
  const p = await load(prisma, token, now);
  if (!p || p.stage !== 'ENROL' || !p.enrolSecret) return { ok: false, code: 'PENDING_EXPIRED' };
  const user = { id: p.user.id, email: p.user.email };
  const counted = await countTry(prisma, user, options, now);
  if (!counted.ok) return counted;
  const input = parseSecondFactor(rawCode);
  const step = input?.kind === 'totp' ? await totpStepOf(p.enrolSecret, input.code, now) : null;
  if (step === null)
    return wrong(prisma, user, 'TWO_FACTOR_WRONG', counted.last, 'enrolment', options, now);
  const secret = p.enrolSecret;
  const codes = newRecoveryCodes();
  const done = await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      // Another browser may have enrolled this account meanwhile: the first confirmation wins.
      const set = await tx.staffUser.updateMany({
        where: { id: user.id, totpConfirmedAt: null },
        data: { totpSecret: secret, totpConfirmedAt: now, totpLastStep: step },
      });
      if (set.count === 0) return false;
      await tx.staffRecoveryCode.deleteMany({ where: { userId: user.id } });
      await tx.staffRecoveryCode.createMany({
        data: codes.map((c) => ({
          userId: user.id,
          codeHash: hashRecoveryCode(c),
          createdAt: now,
        })),
      });
      await tx.staffPendingSignIn.update({
        where: { id: p.id },
        data: { stage: 'RECOVERY_CODES', enrolSecret: null },
      });
      await audit(
        tx,
        user,
        {
          action: 'TWO_FACTOR_ENROLLED',
          details: `${codes.length} recovery codes`,
          ip: options.ip,
        },
        now,
      );
      return true;
    }),
  );
  if (!done) return { ok: false, code: 'PENDING_EXPIRED' };
  await clearLimit('secondFactorWrongPerAccount', limitKey(user.id), options);
  return { ok: true, recoveryCodes: codes.map(formatRecoveryCode) };
}

/**
 * New recovery codes in place of those made at enrolment, while they have not been acknowledged
 * (the page was reloaded and the first ones are gone): nothing is ever shown twice.
 */
export async function replaceRecoveryCodes(
  prisma: Db,
  token: string | undefined,
  options: Options,
  now = new Date(),
): Promise<EnrolResult> {
  const p = await load(prisma, token, now);
  if (!p || p.stage !== 'RECOVERY_CODES') return { ok: false, code: 'PENDING_EXPIRED' };
  const codes = newRecoveryCodes();
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      await tx.staffRecoveryCode.deleteMany({ where: { userId: p.userId } });
      await tx.staffRecoveryCode.createMany({
        data: codes.map((c) => ({
          userId: p.userId,
          codeHash: hashRecoveryCode(c),
          createdAt: now,
        })),
      });
      await audit(
        tx,
        { id: p.user.id, email: p.user.email },
        {
          action: 'TWO_FACTOR_RECOVERY_CODES_REPLACED',
          details: `${codes.length} recovery codes`,
          ip: options.ip,
        },
        now,
      );
    }),
  );
  return { ok: true, recoveryCodes: codes.map(formatRecoveryCode) };
}

/** The recovery codes were saved: the enrolment's sign-in becomes a session. */
export async function finishEnrolment(
  prisma: Db,
  token: string | undefined,
  options: Options,
  now = new Date(),
): Promise<{ ok: true; token: string } | { ok: false; code: 'PENDING_EXPIRED' }> {
  const p = await load(prisma, token, now);
  if (!p || p.stage !== 'RECOVERY_CODES') return { ok: false, code: 'PENDING_EXPIRED' };
  const session = await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const gone = await tx.staffPendingSignIn.deleteMany({ where: { id: p.id } });
      if (gone.count === 0) return null;
      return openSession(tx, { id: p.user.id, email: p.user.email }, options.ip, now, 'enrolled');
    }),
  );
  return session ? { ok: true, token: session } : { ok: false, code: 'PENDING_EXPIRED' };
}

export type VerifyResult =
  { ok: true; token: string; recoveryCodesLeft: number | null } | SecondStepFailure;

/**
 * The second step of an enrolled account: a code from the app (one step of clock drift either
 * way; each time step once: the last step used is stored) or an unused recovery code (then spent).
 * `recoveryCodesLeft` is set when a recovery code was used.
 */
export async function verifySecondFactor(
  prisma: Db,
  token: string | undefined,
  rawCode: string,
  options: Options,
  now = new Date(),
): Promise<VerifyResult> {
  const p = await load(prisma, token, now);
  if (!p || p.stage !== 'CODE' || !p.user.totpSecret) return { ok: false, code: 'PENDING_EXPIRED' };
  const user = { id: p.user.id, email: p.user.email };
  const secret = p.user.totpSecret;
  const counted = await countTry(prisma, user, options, now);
  if (!counted.ok) return counted;
  const input = parseSecondFactor(rawCode);
  if (!input)
    return wrong(prisma, user, 'TWO_FACTOR_WRONG', counted.last, 'wrong code', options, now);

  if (input.kind === 'totp') {
    const step = await totpStepOf(secret, input.code, now);
    if (step === null)
      return wrong(prisma, user, 'TWO_FACTOR_WRONG', counted.last, 'wrong code', options, now);
    const session = await retryTransaction(() =>
      prisma.$transaction(async (tx) => {
        // The step is taken only if it is later than the last one used, and only with the secret
        // that produced it (a reset meanwhile wins).
        const taken = await tx.staffUser.updateMany({
          where: {
            id: user.id,
            totpSecret: secret,
            OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }],
          },
          data: { totpLastStep: step },
        });
        if (taken.count === 0) return null;
        if ((await tx.staffPendingSignIn.deleteMany({ where: { id: p.id } })).count === 0)
          throw new PendingGone();
        return openSession(tx, user, options.ip, now);
      }),
    ).catch((e) => (e instanceof PendingGone ? 'gone' : Promise.reject(e)));
    if (session === 'gone') return { ok: false, code: 'PENDING_EXPIRED' };
    if (!session)
      return wrong(
        prisma,
        user,
        'TWO_FACTOR_USED',
        counted.last,
        'code already used',
        options,
        now,
      );
    await clearLimit('secondFactorWrongPerAccount', limitKey(user.id), options);
    return { ok: true, token: session, recoveryCodesLeft: null };
  }

  const hash = hashRecoveryCode(input.code);
  const r = await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const spent = await tx.staffRecoveryCode.updateMany({
        where: { userId: user.id, codeHash: hash, usedAt: null },
        data: { usedAt: now },
      });
      if (spent.count === 0) return null;
      if ((await tx.staffPendingSignIn.deleteMany({ where: { id: p.id } })).count === 0)
        throw new PendingGone();
      const left = await tx.staffRecoveryCode.count({ where: { userId: user.id, usedAt: null } });
      return {
        token: await openSession(tx, user, options.ip, now, `recovery code, ${left} left`),
        left,
      };
    }),
  ).catch((e) => (e instanceof PendingGone ? 'gone' : Promise.reject(e)));
  if (r === 'gone') return { ok: false, code: 'PENDING_EXPIRED' };
  if (!r)
    return wrong(
      prisma,
      user,
      'TWO_FACTOR_WRONG',
      counted.last,
      'wrong recovery code',
      options,
      now,
    );
  await clearLimit('secondFactorWrongPerAccount', limitKey(user.id), options);
  return { ok: true, token: r.token, recoveryCodesLeft: r.left };
}

/** The unused recovery codes of an account (said after one was used). */
export async function recoveryCodesLeft(prisma: Db, userId: number): Promise<number> {
  return prisma.staffRecoveryCode.count({ where: { userId, usedAt: null } });
}

/** Thrown inside a transaction to roll it back: the pending sign-in was used by a parallel request. */
class PendingGone extends Error {}

export type ResetResult = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'SELF' };

/**
 * An administrator resets a colleague's second factor (lost phone): the secret, the recovery codes,
 * the sessions and pending sign-ins go; the colleague enrols again at the next sign-in. Not one's
 * own (another administrator does that, so a stolen session cannot remove the factor it bypassed).
 */
export async function resetTwoFactor(
  prisma: Db,
  userId: number,
  actor: Actor,
  now = new Date(),
): Promise<ResetResult> {
  authorise(actor, 'admin');
  if (actor.kind === 'staff' && userId === actor.id) return { ok: false, code: 'SELF' };
  const user = await prisma.staffUser.findUnique({ where: { id: userId } });
  if (!user) return { ok: false, code: 'NOT_FOUND' };
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      await tx.staffUser.update({
        where: { id: userId },
        data: { totpSecret: null, totpConfirmedAt: null, totpLastStep: null },
      });
      await tx.staffRecoveryCode.deleteMany({ where: { userId } });
      await tx.staffPendingSignIn.deleteMany({ where: { userId } });
      await tx.staffSession.deleteMany({ where: { userId } });
      await audit(
        tx,
        auditActorOf(actor),
        { action: 'STAFF_TWO_FACTOR_RESET', target: user.email, ip: actorIp(actor) },
        now,
      );
    }),
  );
  return { ok: true };
}

/**
 * Enrols a given secret without the QR step (npm run staff:create -- --totp-secret-stdin, for tests
 * and automation whose authenticator is a program). No recovery codes are made. An administrator's
 * power: in practice only the command line tool's system actor uses it.
 */
export async function enrolGivenSecret(
  prisma: Db,
  userId: number,
  secret: string,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  authorise(actor, 'admin');
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const user = await tx.staffUser.update({
        where: { id: userId },
        data: { totpSecret: secret, totpConfirmedAt: now, totpLastStep: null },
      });
      await tx.staffRecoveryCode.deleteMany({ where: { userId } });
      await tx.staffPendingSignIn.deleteMany({ where: { userId } });
      await audit(
        tx,
        auditActorOf(actor),
        {
          action: 'TWO_FACTOR_ENROLLED',
          target: user.email,
          details: 'secret given to the command line tool',
          ip: actorIp(actor),
        },
        now,
      );
    }),
  );
}
