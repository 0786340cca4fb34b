/**
 * One-time codes by SMS (the rules: lib/domain/one-time-codes.ts). A code is kept only as a hash,
 * compared in constant time, tried at most 5 times, valid 5 minutes, used once. Codes are limited
 * per number and per client address (lib/data/rate-limits.ts).
 */
import 'server-only';
import crypto from 'node:crypto';
import {
  CODE_RULES,
  codeRefusal,
  normaliseCode,
  possessionSince,
  provesPossession,
  type CodePurpose,
  type CodeRefusal,
} from '../domain/one-time-codes';
import { maskPhone, msisdnToE164, normaliseKzMobile } from '../domain/phone';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';
import { take } from './rate-limits';

/** Sends the code by SMS now (lib/notify). The code never reaches a log or a stored message body. */
export type CodeSender = (message: {
  to: string;
  code: string;
  locale: 'kk' | 'ru';
  now: Date;
}) => Promise<{ ok: true } | { ok: false; code: 'SMS_UNAVAILABLE' | 'SMS_CEILING' | 'SMS_FAILED' }>;

/** A number the network saw in the device, as the owner is shown it: an opaque id and the masked number. */
export type SeenNumber = { id: string; masked: string };

/** The numbers (E.164) the network saw with these devices within the last 90 days, with an opaque id each. */
async function seenNumbersFull(
  prisma: Db | Prisma.TransactionClient,
  identities: string[],
  now: Date,
) {
  if (identities.length === 0) return [];
  const rows = await prisma.networkRegistration.findMany({
    where: {
      identity: { in: identities },
      msisdn: { not: '' },
      lastSeenAt: { gte: possessionSince(now) },
    },
    select: { id: true, msisdn: true, identity: true },
    orderBy: { id: 'asc' },
  });
  const out: { id: string; e164: string; masked: string; seenWith: string[] }[] = [];
  for (const r of rows) {
    const e164 = msisdnToE164(r.msisdn);
    if (!e164) continue;
    const known = out.find((o) => o.e164 === e164);
    if (known) {
      if (!known.seenWith.includes(r.identity)) known.seenWith.push(r.identity);
      continue;
    }
    out.push({ id: `n${r.id}`, e164, masked: maskPhone(e164), seenWith: [r.identity] });
  }
  return out;
}

export async function seenNumbers(
  prisma: Db,
  identities: string[],
  now = new Date(),
): Promise<SeenNumber[]> {
  return (await seenNumbersFull(prisma, identities, now)).map(({ id, masked }) => ({ id, masked }));
}

export type CodeRequest = {
  purpose: CodePurpose;
  /** The devices the code is for (APPLY: IMEI 1 and 2; WATCH: the watched device) */
  identities: string[];
  /** One of the seen numbers (its id), or a number the owner typed */
  to: { seen: string } | { phone: string };
  locale: 'kk' | 'ru';
  /** The client's address, for the per-address limit */
  ip: string;
  now?: Date;
  databaseUrl?: string;
};

export type CodeRequestResult =
  | { ok: true; challengeId: string; masked: string; possession: boolean; expiresAt: Date }
  | {
      ok: false;
      code:
        | 'NUMBER_UNKNOWN'
        | 'PHONE_REQUIRED'
        | 'PHONE_FORMAT'
        | 'SMS_UNAVAILABLE'
        | 'SMS_CEILING'
        | 'SMS_FAILED';
    }
  | { ok: false; code: 'TOO_MANY_CODES'; retryAt: Date };

function codeHash(challengeId: string, code: string): string {
  return crypto.createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
}

/** Sends a new code. A typed number that the network saw in the device proves possession too. */
export async function requestCode(
  prisma: Db,
  req: CodeRequest,
  send: CodeSender,
): Promise<CodeRequestResult> {
  const now = req.now ?? new Date();
  const seen = await seenNumbersFull(prisma, req.identities, now);
  let e164: string;
  if ('seen' in req.to) {
    const chosen = seen.find((s) => s.id === (req.to as { seen: string }).seen);
    if (!chosen) return { ok: false, code: 'NUMBER_UNKNOWN' };
    e164 = chosen.e164;
  } else {
    const typed = normaliseKzMobile(req.to.phone);
    if (!typed.ok) return { ok: false, code: typed.code };
    e164 = typed.e164;
  }
  const seenWith = seen.find((s) => s.e164 === e164)?.seenWith ?? [];
  const possession = provesPossession(req.identities, seenWith);

  for (const [limit, key] of [
    ['codePerAddress', req.ip],
    ['codePerNumber', e164],
  ] as const) {
    const answer = await take(limit, key, { databaseUrl: req.databaseUrl });
    if (!answer.ok) return { ok: false, code: 'TOO_MANY_CODES', retryAt: answer.retryAt };
  }

  const challengeId = crypto.randomBytes(16).toString('hex');
  const code = String(crypto.randomInt(0, 10 ** CODE_RULES.digits)).padStart(
    CODE_RULES.digits,
    '0',
  );
  const expiresAt = new Date(now.getTime() + CODE_RULES.ttlMs);
  await prisma.otpChallenge.create({
    data: {
      id: challengeId,
      purpose: req.purpose,
      msisdn: e164,
      possession,
      identities: req.identities,
      seenWith,
      codeHash: codeHash(challengeId, code),
      createdAt: now,
      expiresAt,
    },
  });
  const sent = await send({ to: e164, code, locale: req.locale, now });
  if (!sent.ok) {
    await prisma.otpChallenge.delete({ where: { id: challengeId } });
    return { ok: false, code: sent.code };
  }
  return { ok: true, challengeId, masked: maskPhone(e164), possession, expiresAt };
}

export type VerifiedCode = {
  challengeId: string;
  msisdn: string;
  possession: boolean;
  identities: string[];
  seenWith: string[];
};
export type CodeCheck =
  | { ok: true; verified: VerifiedCode }
  | { ok: false; code: 'CODE_WRONG'; triesLeft: number }
  | { ok: false; code: CodeRefusal | 'CODE_INVALID' };

/**
 * Checks a typed code. A wrong code counts as a try (committed whatever follows); tries of one code
 * are taken one at a time (the row is locked), so a burst of guesses gets no more than 5. A right
 * code is not yet used: `spendCode` marks it, in the transaction of what it allows.
 */
export async function checkCode(
  prisma: Db,
  input: { challengeId: string; code: string; purpose: CodePurpose; now?: Date },
): Promise<CodeCheck> {
  const now = input.now ?? new Date();
  const code = normaliseCode(input.code);
  if (!code) return { ok: false, code: 'CODE_INVALID' };
  if (!/^[0-9a-f]{32}$/.test(input.challengeId)) return { ok: false, code: 'CODE_EXPIRED' };
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      {
        purpose: string;
        codeHash: string;
        tries: number;
        expiresAt: Date;
        usedAt: Date | null;
        msisdn: string;
        possession: boolean;
        identities: string[];
        seenWith: string[] | null;
      }[]
    >`
      SELECT purpose, "codeHash", tries, "expiresAt", "usedAt", msisdn, possession, identities, "seenWith"
        FROM otp_challenges WHERE id = ${input.challengeId} FOR UPDATE`;
    const c = rows[0];
    if (!c || c.purpose !== input.purpose) return { ok: false, code: 'CODE_EXPIRED' } as const;
    const refusal = codeRefusal(c, now);
    if (refusal) return { ok: false, code: refusal } as const;
    const same = crypto.timingSafeEqual(
      Buffer.from(codeHash(input.challengeId, code), 'hex'),
      Buffer.from(c.codeHash, 'hex'),
    );
    if (same)
      return {
        ok: true,
        verified: {
          challengeId: input.challengeId,
          msisdn: c.msisdn,
          possession: c.possession,
          identities: c.identities,
          seenWith: c.seenWith ?? [],
        },
      } as const;
    await tx.otpChallenge.update({
      where: { id: input.challengeId },
      data: { tries: { increment: 1 } },
    });
    const triesLeft = CODE_RULES.maxTries - (c.tries + 1);
    return triesLeft > 0
      ? ({ ok: false, code: 'CODE_WRONG', triesLeft } as const)
      : ({ ok: false, code: 'CODE_TOO_MANY_TRIES' } as const);
  });
}

/** Marks a checked code used; false when another request used it first (a code is used once). */
export async function spendCode(
  tx: Db | Prisma.TransactionClient,
  challengeId: string,
  now: Date,
): Promise<boolean> {
  const r = await tx.otpChallenge.updateMany({
    where: { id: challengeId, usedAt: null },
    data: { usedAt: now },
  });
  return r.count === 1;
}

/** Whether this code was used, for this number: a repeated submission proves the same code again. */
export async function codeUsedFor(
  prisma: Db,
  challengeId: string,
  msisdn: string,
): Promise<boolean> {
  if (!/^[0-9a-f]{32}$/.test(challengeId)) return false;
  const c = await prisma.otpChallenge.findUnique({
    where: { id: challengeId },
    select: { msisdn: true, usedAt: true },
  });
  return !!c && c.usedAt !== null && c.msisdn === msisdn;
}

/** Check and use in one go (for what needs nothing else in the same transaction). */
export async function confirmCode(
  prisma: Db,
  input: { challengeId: string; code: string; purpose: CodePurpose; now?: Date },
): Promise<CodeCheck> {
  const now = input.now ?? new Date();
  const r = await checkCode(prisma, { ...input, now });
  if (!r.ok) return r;
  if (!(await spendCode(prisma, input.challengeId, now))) return { ok: false, code: 'CODE_USED' };
  return r;
}

/** Removes codes whose validity ended more than a day ago (nothing of them is needed after). */
export async function purgeCodes(prisma: Db, now = new Date()): Promise<number> {
  const r = await prisma.otpChallenge.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
  });
  return r.count;
}
