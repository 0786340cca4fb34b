/**
 * Staff two-factor sign-in: the rules, as plain data and pure functions (lib/auth/two-factor.ts
 * computes codes, lib/data/staff-two-factor.ts keeps the state in PostgreSQL).
 *
 * After a right password there is no session yet, only a pending sign-in at one of three stages:
 * ENROL (no confirmed second factor: scan the QR code, type a code), RECOVERY_CODES (enrolled just
 * now: the recovery codes are shown once and must be acknowledged) or CODE (a code from the app or
 * a recovery code).
 */

export const PENDING_STAGES = ['ENROL', 'CODE', 'RECOVERY_CODES'] as const;
export type PendingStage = (typeof PENDING_STAGES)[number];

export const TWO_FACTOR_RULES = {
  /** The "password verified" state lasts 10 minutes from the password step (time to install an app and enrol). */
  pendingMs: 10 * 60_000,
  /** RFC 6238 defaults, which every authenticator app supports. */
  period: 30,
  digits: 6,
  /** One time step either side of the server's clock. */
  driftSteps: 1,
  /** Recovery codes made at enrolment. */
  recoveryCodes: 10,
  /** Each recovery code: 16 characters from a 31-letter alphabet without look-alikes (about 79 bits). */
  recoveryLength: 16,
} as const;

/** Letters and digits that cannot be mistaken for one another (no i, l, o, 0, 1). */
export const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** The time step a moment falls in. */
export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TWO_FACTOR_RULES.period);
}

export type SecondFactorInput = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

/**
 * What a person typed in the code field: six digits (spaces allowed, fullwidth digits folded) are
 * a code from the app; 16 letters of the recovery alphabet (any case, spaces and dashes allowed)
 * are a recovery code; anything else is neither.
 */
export function parseSecondFactor(raw: string): SecondFactorInput | null {
  if (raw.length > 64) return null;
  const s = raw.normalize('NFKC').replace(/[\s-]/g, '').toLowerCase();
  if (/^[0-9]{6}$/.test(s)) return { kind: 'totp', code: s };
  if (
    s.length === TWO_FACTOR_RULES.recoveryLength &&
    [...s].every((c) => RECOVERY_ALPHABET.includes(c))
  )
    return { kind: 'recovery', code: s };
  return null;
}

/** A recovery code as shown: four groups of four (`abcd-efgh-jkmn-pqrs`). */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** A Base32 secret for typing by hand: groups of four. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ');
}

/** A Base32 secret as stored: upper case, no spaces or padding; null when it is not Base32 of 16 bytes or more. */
export function normaliseSecret(raw: string): string | null {
  const s = raw.replace(/[\s=-]/g, '').toUpperCase();
  return /^[A-Z2-7]{26,128}$/.test(s) ? s : null;
}
