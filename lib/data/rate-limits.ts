/**
 * Limits on what one client, one number or one reference may do, kept in PostgreSQL (the
 * rate_limits table, rate-limiter-flexible's PostgreSQL store: one atomic upsert a count) so they
 * hold across every instance of the portal. Keys are hashed: no phone number, address or
 * reference is stored in the table. The public-surface limits of the protection issue reuse this.
 */
import 'server-only';
import crypto from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { config } from '../config';
import { addressKey } from '../domain/client-address';
import { CODE_RULES } from '../domain/one-time-codes';
import { listPool } from './device-lists';

/**
 * Each limit: `points` events per `duration` seconds; `block` seconds of refusal once reached.
 * The public-surface ceilings an operator may tune read lib/config.ts (README, "Configuration").
 */
export const LIMITS = {
  /** Checks on the check page from one address a minute: past it, "try again after HH:MM". */
  checksPerAddress: {
    get points() {
      return config().limits.checksPerMinute;
    },
    duration: 60,
  },
  /** Checks from one address before the check page asks for the proof-of-work challenge; a solved one starts it again. */
  checkChallengePerAddress: {
    get points() {
      return config().limits.challengeAfter;
    },
    duration: 600,
  },
  /** GET /api/v1/imei without a token, per address a minute. */
  apiChecksPerAddress: {
    get points() {
      return config().limits.apiPerMinute;
    },
    duration: 60,
  },
  /** GET /api/v1/imei per API client (its token) a minute. */
  apiChecksPerClient: {
    get points() {
      return config().limits.apiClientPerMinute;
    },
    duration: 60,
  },
  /** Status lookups from one address an hour, right or wrong (wrong pairs have their own, lower limit below). */
  statusPerAddress: { points: 300, duration: 3600 },
  /** Applications filed from one address a day (many phones share a carrier's address). */
  applicationsPerAddress: { points: 50, duration: 86_400 },
  /** Codes sent to one number. */
  codePerNumber: { points: CODE_RULES.perNumberPerHour, duration: 3600 },
  /** Codes asked for from one client address. */
  codePerAddress: { points: CODE_RULES.perAddressPerHour, duration: 3600 },
  /** Wrong reference + IIN pairs for one reference, existing or not: after 5, an hour of "try again after". */
  statusWrongPerReference: { points: 5, duration: 3600, block: 3600 },
  /** Wrong reference + IIN pairs from one address (generous: many phones share a carrier's address). */
  statusWrongPerAddress: { points: 30, duration: 3600, block: 3600 },
  /** Applications filed with one verified number a day. */
  applicationsPerPhone: { points: 3, duration: 86_400 },
  /**
   * Wrong second-factor codes for one staff account (reached only with its right password): after 5,
   * 15 minutes of "try again after"; a right code forgets them (lib/data/staff-two-factor.ts).
   */
  secondFactorWrongPerAccount: { points: 5, duration: 900, block: 900 },
} as const;
export type LimitName = keyof typeof LIMITS;

export type LimitAnswer = { ok: true; remaining: number } | { ok: false; retryAt: Date };

const limiters = new Map<string, RateLimiterPostgres>();

function limiter(name: LimitName, databaseUrl: string): RateLimiterPostgres {
  const spec = LIMITS[name];
  const k = `${name}|${spec.points}|${databaseUrl}`;
  let l = limiters.get(k);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: listPool(databaseUrl, 'limits'),
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points: spec.points,
      duration: spec.duration,
    });
    limiters.set(k, l);
  }
  return l;
}

/**
 * The stored key: a digest, so the table holds no personal data. Limits named `…PerAddress` count
 * per client address as `addressKey` sees it (IPv6 by its /64).
 */
function storedKey(name: LimitName, key: string): string {
  const k = name.endsWith('PerAddress') ? addressKey(key) : key;
  return crypto.createHash('sha256').update(k).digest('base64url').slice(0, 32);
}

function refused(res: RateLimiterRes): LimitAnswer {
  return { ok: false, retryAt: new Date(Date.now() + Math.max(res.msBeforeNext, 1000)) };
}

/** Limits `RATE_LIMIT=off` never turns off: they guard staff accounts, not public throughput. */
const ALWAYS_ON: ReadonlySet<LimitName> = new Set<LimitName>(['secondFactorWrongPerAccount']);

function off(name: LimitName): boolean {
  return config().rateLimit === 'off' && !ALWAYS_ON.has(name);
}

type Options = { databaseUrl?: string };

/** Counts one event. Refused, with the time it may be tried again, when the limit was already reached. */
export async function take(
  name: LimitName,
  key: string,
  options: Options = {},
): Promise<LimitAnswer> {
  if (off(name)) return { ok: true, remaining: LIMITS[name].points };
  try {
    const res = await limiter(name, options.databaseUrl ?? config().databaseUrl).consume(
      storedKey(name, key),
    );
    return { ok: true, remaining: res.remainingPoints };
  } catch (e) {
    if (e instanceof RateLimiterRes) return refused(e);
    throw e;
  }
}

/** Whether the limit is reached, without counting anything. */
export async function peek(
  name: LimitName,
  key: string,
  options: Options = {},
): Promise<LimitAnswer> {
  if (off(name)) return { ok: true, remaining: LIMITS[name].points };
  const res = await limiter(name, options.databaseUrl ?? config().databaseUrl).get(
    storedKey(name, key),
  );
  if (res && res.consumedPoints >= LIMITS[name].points) return refused(res);
  return { ok: true, remaining: LIMITS[name].points - (res?.consumedPoints ?? 0) };
}

/** Gives back an event counted by `take` that turned out not to count (a right answer, a refused filing). */
export async function giveBack(name: LimitName, key: string, options: Options = {}): Promise<void> {
  if (off(name)) return;
  await limiter(name, options.databaseUrl ?? config().databaseUrl).reward(storedKey(name, key), 1);
}

/** Starts a limit's whole block from now (the try that used the last point failed). */
export async function blockNow(
  name: LimitName,
  key: string,
  options: Options = {},
): Promise<LimitAnswer> {
  const spec = LIMITS[name];
  if (off(name) || !('block' in spec)) return { ok: true, remaining: 0 };
  return refused(
    await limiter(name, options.databaseUrl ?? config().databaseUrl).block(
      storedKey(name, key),
      spec.block,
    ),
  );
}

/** Forgets a key's count (an administrator clearing a throttle; a successful sign-in). */
export async function clearLimit(
  name: LimitName,
  key: string,
  options: Options = {},
): Promise<void> {
  await limiter(name, options.databaseUrl ?? config().databaseUrl).delete(storedKey(name, key));
}
