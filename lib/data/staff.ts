/**
 * Staff accounts and their server-side sessions: sign-in with throttling, session checks with
 * idle and absolute limits, sign-out, and what administrators do to accounts. Every step is in
 * the audit log. No function here reads cookies: current-staff.ts does, for Next.
 */
import 'server-only';
import { retryTransaction, type Db } from './prisma';
import { audit } from './audit';
import { dummyHash, hashPassword, hashSessionToken, verifyPassword } from '../auth/password';
import { signInGateFor, signInSucceeded } from './sign-in-throttles';
import { startPendingSignIn } from './staff-two-factor';
import type { PendingStage } from '../domain/two-factor';
import { checkPasswordStrength, sessionAlive, type StaffRole } from '../domain/staff-rules';
import { actorIp, auditActorOf, authorise, type Actor } from '../domain/actor';

export type Staff = { id: number; email: string; role: StaffRole };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type CreateStaffResult =
  | { ok: true; staff: Staff }
  | {
      ok: false;
      code:
        | 'EMAIL_TAKEN'
        | 'EMAIL_INVALID'
        | 'PASSWORD_TOO_SHORT'
        | 'PASSWORD_TOO_LONG'
        | 'ROLE_INVALID';
    };

export async function createStaff(
  prisma: Db,
  input: { email: string; role: string; password: string },
  actor: Actor,
  now = new Date(),
): Promise<CreateStaffResult> {
  authorise(actor, 'admin');
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200)
    return { ok: false, code: 'EMAIL_INVALID' };
  if (input.role !== 'support' && input.role !== 'admin')
    return { ok: false, code: 'ROLE_INVALID' };
  const weak = checkPasswordStrength(input.password);
  if (weak) return { ok: false, code: weak };
  if (await prisma.staffUser.findUnique({ where: { email } }))
    return { ok: false, code: 'EMAIL_TAKEN' };
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await retryTransaction(() =>
      prisma.$transaction(async (tx) => {
        const u = await tx.staffUser.create({
          data: { email, role: input.role, passwordHash, createdAt: now, passwordChangedAt: now },
        });
        await audit(
          tx,
          auditActorOf(actor),
          {
            action: 'STAFF_CREATED',
            target: email,
            details: `role ${input.role}`,
            ip: actorIp(actor),
          },
          now,
        );
        return u;
      }),
    );
    return { ok: true, staff: { id: user.id, email: user.email, role: user.role as StaffRole } };
  } catch {
    return { ok: false, code: 'EMAIL_TAKEN' };
  }
}

/** A right password opens no session: `pendingToken` leads to the second step (staff-two-factor.ts). */
export type SignInResult =
  | { ok: true; pendingToken: string; stage: PendingStage; staff: Staff }
  | { ok: false; code: 'INVALID_CREDENTIALS' }
  | { ok: false; code: 'THROTTLED'; retryAt: Date }
  | { ok: false; code: 'CHALLENGE_REQUIRED'; challenge: unknown; problem: string | null };

/**
 * A wrong email and a wrong password get the same answer, after the same work. Throttled per
 * (account, address) pair, and slowed by the proof-of-work challenge per account
 * (lib/data/sign-in-throttles.ts); `altcha` is the widget's solution when one was asked for.
 */
export async function signIn(
  prisma: Db,
  input: { email: string; password: string; ip: string; altcha?: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email).slice(0, 200);
  const gate = await signInGateFor(prisma, { email, ip: input.ip, altcha: input.altcha }, now);
  if (!gate.ok) return gate;

  const user = await prisma.staffUser.findUnique({ where: { email } });
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyPassword(input.password, await dummyHash());
  if (!user || !valid || user.disabledAt) {
    await audit(
      prisma,
      { id: null, email: 'anonymous' },
      { action: 'SIGN_IN_FAILED', target: email, ip: input.ip },
      now,
    );
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }
  const pending = await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      const p = await startPendingSignIn(tx, user, input.ip, now);
      await signInSucceeded(tx, email, input.ip);
      await audit(
        tx,
        { id: user.id, email: user.email },
        { action: 'SIGN_IN_PASSWORD_OK', ip: input.ip },
        now,
      );
      return p;
    }),
  );
  return {
    ok: true,
    pendingToken: pending.token,
    stage: pending.stage,
    staff: { id: user.id, email: user.email, role: user.role as StaffRole },
  };
}

/** The staff member behind a session token, if the session is alive; touches it (idle timer). */
export async function staffForToken(
  prisma: Db,
  token: string | undefined,
  now = new Date(),
): Promise<Staff | null> {
  if (!token || token.length > 100) return null;
  const id = hashSessionToken(token);
  const s = await prisma.staffSession.findUnique({ where: { id }, include: { user: true } });
  if (!s) return null;
  if (!sessionAlive(s, now) || s.user.disabledAt) {
    await prisma.staffSession.deleteMany({ where: { id } });
    return null;
  }
  // Touch at most once a minute: fewer writes, same 30-minute idle limit to the minute.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await prisma.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return { id: s.user.id, email: s.user.email, role: s.user.role as StaffRole };
}

export async function signOut(
  prisma: Db,
  token: string | undefined,
  ip: string,
  now = new Date(),
): Promise<void> {
  if (!token) return;
  const id = hashSessionToken(token);
  const s = await prisma.staffSession.findUnique({ where: { id }, include: { user: true } });
  await prisma.staffSession.deleteMany({ where: { id } });
  if (s)
    await audit(prisma, { id: s.userId, email: s.user.email }, { action: 'SIGN_OUT', ip }, now);
}

export type StaffRow = {
  id: number;
  email: string;
  role: StaffRole;
  createdAt: Date;
  disabledAt: Date | null;
  activeSessions: number;
  twoFactorSince: Date | null;
};

/** The staff accounts (administrators). */
export async function listStaff(prisma: Db, actor: Actor, now = new Date()): Promise<StaffRow[]> {
  authorise(actor, 'admin');
  const users = await prisma.staffUser.findMany({
    orderBy: { email: 'asc' },
    include: { sessions: true },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role as StaffRole,
    createdAt: u.createdAt,
    disabledAt: u.disabledAt,
    activeSessions: u.sessions.filter((s) => sessionAlive(s, now)).length,
    twoFactorSince: u.totpConfirmedAt,
  }));
}

export type StaffChangeResult =
  | { ok: true }
  | { ok: false; code: 'NOT_FOUND' | 'SELF' | 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' };

/** Disabling a user or resetting a password ends all of their sessions. */
export async function setStaffDisabled(
  prisma: Db,
  userId: number,
  disabled: boolean,
  actor: Actor,
  now = new Date(),
): Promise<StaffChangeResult> {
  authorise(actor, 'admin');
  if (actor.kind === 'staff' && userId === actor.id) return { ok: false, code: 'SELF' };
  const user = await prisma.staffUser.findUnique({ where: { id: userId } });
  if (!user) return { ok: false, code: 'NOT_FOUND' };
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      await tx.staffUser.update({
        where: { id: userId },
        data: { disabledAt: disabled ? now : null },
      });
      if (disabled) {
        // a half-finished sign-in (password right, second step not yet done) ends too
        await tx.staffSession.deleteMany({ where: { userId } });
        await tx.staffPendingSignIn.deleteMany({ where: { userId } });
      }
      await audit(
        tx,
        auditActorOf(actor),
        {
          action: disabled ? 'STAFF_DISABLED' : 'STAFF_ENABLED',
          target: user.email,
          ip: actorIp(actor),
        },
        now,
      );
    }),
  );
  return { ok: true };
}

export async function resetStaffPassword(
  prisma: Db,
  userId: number,
  password: string,
  actor: Actor,
  now = new Date(),
): Promise<StaffChangeResult> {
  authorise(actor, 'admin');
  const weak = checkPasswordStrength(password);
  if (weak) return { ok: false, code: weak };
  const user = await prisma.staffUser.findUnique({ where: { id: userId } });
  if (!user) return { ok: false, code: 'NOT_FOUND' };
  const passwordHash = await hashPassword(password);
  await retryTransaction(() =>
    prisma.$transaction(async (tx) => {
      await tx.staffUser.update({
        where: { id: userId },
        data: { passwordHash, passwordChangedAt: now },
      });
      await tx.staffSession.deleteMany({ where: { userId } });
      await tx.staffPendingSignIn.deleteMany({ where: { userId } });
      await audit(
        tx,
        auditActorOf(actor),
        { action: 'STAFF_PASSWORD_RESET', target: user.email, ip: actorIp(actor) },
        now,
      );
    }),
  );
  return { ok: true };
}
