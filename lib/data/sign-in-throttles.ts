/**
 * Staff sign-in throttling (the password step): failures are rows of `sign_in_failures` (account,
 * client address keyed like the other per-address limits: IPv6 by its /64, and when). The
 * (account, address) pair waits after 5 failures in 15 minutes; an account with 5 failures from
 * anywhere, or an address with 20, asks for the proof-of-work challenge instead of locking
 * (lib/domain/staff-rules.ts signInGate), so failures from someone else's addresses never lock the
 * account's owner out. Administrators see the current throttles and may clear one (audited).
 */
import 'server-only';
import type { Db } from './prisma';
import { audit } from './audit';
import { newChallenge, spendSolution } from './challenges';
import { addressKey } from '../domain/client-address';
import {
  CHALLENGE_AFTER_ACCOUNT_FAILURES,
  MAX_FAILURES_PER_PAIR,
  signInGate,
  THROTTLE_WINDOW_MS,
} from '../domain/staff-rules';
import { actorIp, auditActorOf, authorise, type Actor } from '../domain/actor';

export type GateAnswer =
  | { ok: true; attemptId: number }
  | { ok: false; code: 'THROTTLED'; retryAt: Date }
  | { ok: false; code: 'CHALLENGE_REQUIRED'; challenge: unknown; problem: string | null };

/**
 * Before the password is checked: the attempt is recorded first (parallel guesses count against
 * each other), then the pair's, the account's and the address's failures decide. A refused
 * attempt is not counted. A failed password leaves the attempt as a failure; success clears the
 * pair (`signInSucceeded`).
 */
export async function signInGateFor(
  prisma: Db,
  input: { email: string; ip: string; altcha?: string | null },
  now = new Date(),
): Promise<GateAnswer> {
  const { email } = input;
  const ip = addressKey(input.ip);
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const attempt = await prisma.signInFailure.create({ data: { at: now, email, ip } });
  const others = { at: { gt: since }, id: { not: attempt.id } };
  const [pair, account, address] = await Promise.all([
    prisma.signInFailure.findMany({ where: { email, ip, ...others }, select: { at: true } }),
    prisma.signInFailure.findMany({ where: { email, ...others }, select: { at: true } }),
    prisma.signInFailure.findMany({ where: { ip, ...others }, select: { at: true } }),
  ]);
  const gate = signInGate(
    {
      pair: pair.map((f) => f.at),
      account: account.map((f) => f.at),
      address: address.map((f) => f.at),
    },
    now,
  );
  if (gate.state === 'open') return { ok: true, attemptId: attempt.id };
  if (gate.state === 'challenge' && input.altcha) {
    const spent = await spendSolution(prisma, input.altcha);
    if (spent.ok) return { ok: true, attemptId: attempt.id };
    await prisma.signInFailure.deleteMany({ where: { id: attempt.id } });
    return {
      ok: false,
      code: 'CHALLENGE_REQUIRED',
      challenge: await newChallenge(),
      problem: spent.code,
    };
  }
  // A refused attempt does not count again: the pause ends when it said it would.
  await prisma.signInFailure.deleteMany({ where: { id: attempt.id } });
  if (gate.state === 'challenge')
    return {
      ok: false,
      code: 'CHALLENGE_REQUIRED',
      challenge: await newChallenge(),
      problem: null,
    };
  await audit(
    prisma,
    { id: null, email: 'anonymous' },
    { action: 'SIGN_IN_THROTTLED', target: email, ip: input.ip },
    now,
  );
  return { ok: false, code: 'THROTTLED', retryAt: gate.retryAt };
}

/** A right password: the pair's failures are forgotten (other addresses' stay, for the account's ceiling). */
export async function signInSucceeded(
  tx: Pick<Db, 'signInFailure'>,
  email: string,
  ip: string,
): Promise<void> {
  await tx.signInFailure.deleteMany({ where: { email, ip: addressKey(ip) } });
}

export type ThrottleRow = {
  email: string;
  /** The address (IPv4) or IPv6 /64 as counted; null for the account-wide row. */
  address: string | null;
  failures: number;
  /** A pair waits until this instant; an account-wide row asks for the challenge until it. */
  until: Date;
  kind: 'PAIR_WAITS' | 'ACCOUNT_CHALLENGE';
};

/** The throttles in force now: pairs that wait, and accounts whose sign-in asks for the challenge. */
export async function listSignInThrottles(
  prisma: Db,
  actor: Actor,
  now = new Date(),
): Promise<ThrottleRow[]> {
  authorise(actor, 'admin');
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const rows = await prisma.signInFailure.findMany({
    where: { at: { gt: since } },
    orderBy: { at: 'asc' },
    select: { email: true, ip: true, at: true },
  });
  const byPair = new Map<string, Date[]>();
  const byAccount = new Map<string, Date[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.email, r.ip]);
    byPair.set(k, [...(byPair.get(k) ?? []), r.at]);
    byAccount.set(r.email, [...(byAccount.get(r.email) ?? []), r.at]);
  }
  const out: ThrottleRow[] = [];
  for (const [k, at] of byPair) {
    if (at.length < MAX_FAILURES_PER_PAIR) continue;
    const [email, address] = JSON.parse(k) as [string, string];
    out.push({
      email,
      address,
      failures: at.length,
      until: new Date(at[at.length - MAX_FAILURES_PER_PAIR].getTime() + THROTTLE_WINDOW_MS),
      kind: 'PAIR_WAITS',
    });
  }
  for (const [email, at] of byAccount) {
    if (at.length < CHALLENGE_AFTER_ACCOUNT_FAILURES) continue;
    out.push({
      email,
      address: null,
      failures: at.length,
      until: new Date(
        at[at.length - CHALLENGE_AFTER_ACCOUNT_FAILURES].getTime() + THROTTLE_WINDOW_MS,
      ),
      kind: 'ACCOUNT_CHALLENGE',
    });
  }
  return out.sort(
    (a, b) => a.email.localeCompare(b.email) || (a.address ?? '').localeCompare(b.address ?? ''),
  );
}

/** Clears a pair's failures (address given) or all of an account's (address null); audited. */
export async function clearSignInThrottle(
  prisma: Db,
  target: { email: string; address: string | null },
  actor: Actor,
  now = new Date(),
): Promise<{ ok: true; cleared: number }> {
  authorise(actor, 'admin');
  const email = target.email.trim().toLowerCase().slice(0, 200);
  const where = target.address === null ? { email } : { email, ip: target.address.slice(0, 100) };
  const cleared = await prisma.$transaction(async (tx) => {
    const r = await tx.signInFailure.deleteMany({ where });
    await audit(
      tx,
      auditActorOf(actor),
      {
        action: 'SIGN_IN_THROTTLE_CLEARED',
        target: email,
        details: target.address === null ? 'all addresses' : `address ${target.address}`,
        ip: actorIp(actor),
      },
      now,
    );
    return r.count;
  });
  return { ok: true, cleared };
}
