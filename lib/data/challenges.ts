/**
 * The self-hosted proof-of-work challenge (ALTCHA, altcha-lib v2): created here, solved by the
 * browser (the altcha widget), verified here with its expiry, and accepted once: a solved
 * challenge's signature is kept in `spent_challenges` until it expires, so a solution cannot be
 * replayed. Nothing is sent to a third party. Signed with ALTCHA_HMAC_KEY (lib/config.ts), which
 * every instance shares.
 */
import 'server-only';
import crypto from 'node:crypto';
import { z } from 'zod';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ALTCHA_KEY_REQUIRED, config } from '../config';
import type { Db } from './prisma';

/** How long a challenge may be solved and used. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * The work: PBKDF2-SHA-256 at 1,000 iterations per try, and the browser tries on average 2,000
 * counters (between 1,000 and 3,000): about a second on a phone with the widget's workers, a
 * cost per check a script cannot share across checks. Verifying takes one HMAC.
 */
const COST = 1_000;
const COUNTER = { min: 1_000, max: 3_000 };

function secrets() {
  const key = config().altchaHmacKey;
  if (key === null) throw new Error(ALTCHA_KEY_REQUIRED);
  return {
    hmacSignatureSecret: key,
    // A second secret for the derived key's signature, derived from the same key.
    hmacKeySignatureSecret: crypto
      .createHmac('sha256', key)
      .update('altcha derived-key signature')
      .digest('hex'),
  };
}

/**
 * A new challenge for the widget (JSON: parameters and signature; no secret in it). Its expiry is
 * wall-clock time (altcha-lib checks it against the clock), not a caller's `now`.
 */
export async function newChallenge(): Promise<Challenge> {
  const now = new Date();
  return createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: COST,
    counter: randomInt(COUNTER.max, COUNTER.min),
    deriveKey,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    ...secrets(),
  });
}

const payloadSchema = z.object({
  challenge: z.object({
    parameters: z
      .object({
        algorithm: z.literal('PBKDF2/SHA-256'),
        nonce: z.string().max(128),
        salt: z.string().max(128),
        cost: z.number().int(),
        keyLength: z.number().int(),
        keyPrefix: z.string().max(128),
        keySignature: z.string().max(256).optional(),
        expiresAt: z.number().int().positive(),
      })
      .loose(),
    signature: z.string().min(16).max(128),
  }),
  solution: z.object({
    counter: z.number().int().min(0),
    derivedKey: z.string().max(256),
    time: z.number().optional(),
  }),
});

export type SolutionAnswer =
  { ok: true } | { ok: false; code: 'CHALLENGE_INVALID' | 'CHALLENGE_EXPIRED' | 'CHALLENGE_USED' };

/**
 * Checks the widget's payload (base64 JSON of the challenge and its solution): signed by us, not
 * expired, solved, and never used before (recorded here, atomically, so two requests with one
 * solution cannot both pass).
 */
export async function spendSolution(
  prisma: Db,
  payload: string | null | undefined,
): Promise<SolutionAnswer> {
  const now = new Date();
  if (!payload || payload.length > 4096) return { ok: false, code: 'CHALLENGE_INVALID' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return { ok: false, code: 'CHALLENGE_INVALID' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'CHALLENGE_INVALID' };
  const { challenge, solution } = parsed.data;
  let result;
  try {
    result = await verifySolution({
      challenge: challenge as Challenge,
      solution,
      deriveKey,
      ...secrets(),
    });
  } catch {
    return { ok: false, code: 'CHALLENGE_INVALID' };
  }
  if (result.expired) return { ok: false, code: 'CHALLENGE_EXPIRED' };
  if (!result.verified) return { ok: false, code: 'CHALLENGE_INVALID' };
  const expiresAt = new Date(challenge.parameters.expiresAt * 1000);
  await prisma.spentChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const inserted =
    await prisma.$executeRaw`INSERT INTO spent_challenges (id, "expiresAt") VALUES (${challenge.signature}, ${expiresAt}) ON CONFLICT (id) DO NOTHING`;
  return inserted === 1 ? { ok: true } : { ok: false, code: 'CHALLENGE_USED' };
}
