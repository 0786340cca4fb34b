/**
 * One-time codes sent by SMS: the rules, as plain data and pure functions (lib/data/one-time-codes.ts
 * keeps them in PostgreSQL). A code proves that the person holds the number; when the network saw
 * that number in the device, it proves that they hold the phone too.
 */

/** Why a code is asked for. */
export const CODE_PURPOSES = ['APPLY', 'MY_APPLICATIONS', 'WATCH'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export const CODE_RULES = {
  digits: 6,
  /** A code is valid for 5 minutes */
  ttlMs: 5 * 60_000,
  /** and may be tried 5 times. */
  maxTries: 5,
  /** At most 3 codes to one number an hour */
  perNumberPerHour: 3,
  /** and 10 codes asked from one client address an hour. */
  perAddressPerHour: 10,
  /** A number the network saw in the device within 90 days proves possession. */
  possessionLookbackDays: 90,
  /** "My applications" stays open 30 minutes after a code. */
  ownerSessionMs: 30 * 60_000,
} as const;

export type ChallengeState = {
  expiresAt: Date;
  tries: number;
  usedAt: Date | null;
};

export type CodeRefusal = 'CODE_EXPIRED' | 'CODE_USED' | 'CODE_TOO_MANY_TRIES';

/** Whether a code may still be tried at `now`: once used, after its 5 minutes or after 5 tries, never. */
export function codeRefusal(c: ChallengeState, now: Date): CodeRefusal | null {
  if (c.usedAt) return 'CODE_USED';
  if (c.tries >= CODE_RULES.maxTries) return 'CODE_TOO_MANY_TRIES';
  if (now.getTime() >= c.expiresAt.getTime()) return 'CODE_EXPIRED';
  return null;
}

/** The earliest registration instant that still proves possession at `now`. */
export function possessionSince(now: Date): Date {
  return new Date(now.getTime() - CODE_RULES.possessionLookbackDays * 86_400_000);
}

/**
 * Whether a code to a number proves that its holder has the phone the application is for
 * (`identities`: IMEI 1, then IMEI 2 if any) when the network saw that number with `seenWith`.
 * IMEI 1 must have been seen with it, and an IMEI 2 must be of the same model (the same TAC, as a
 * dual-SIM phone's two IMEIs are): a number seen in one's own phone proves nothing about a
 * stranger's IMEI typed beside it.
 */
export function provesPossession(identities: string[], seenWith: string[]): boolean {
  const [first, second] = identities;
  if (!first || !seenWith.includes(first)) return false;
  return second === undefined || second.slice(0, 8) === first.slice(0, 8);
}

/** What a typed code must look like: 6 digits (spaces the owner typed are ignored). */
export function normaliseCode(input: string): string | null {
  const s = (input ?? '').replace(/\s+/g, '');
  return /^\d{6}$/.test(s) ? s : null;
}
