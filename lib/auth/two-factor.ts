/**
 * The second factor's cryptography: TOTP secrets and codes (otplib, RFC 6238: SHA-1, 6 digits,
 * 30 s), and one-time recovery codes.
 *
 * Recovery codes are stored as plain SHA-256, unlike passwords (scrypt): a password is chosen by a
 * person and may be guessed from a dictionary, so its hash must be slow; a recovery code is 16
 * characters drawn at random (about 79 bits), so even a fast hash cannot be reversed by trying
 * codes (2^79 SHA-256 is out of reach), and no salt is needed because no two codes are alike.
 * The same reasoning as for session tokens (password.ts) and API tokens (lib/data/token-hash.ts).
 */
import crypto from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { RECOVERY_ALPHABET, TWO_FACTOR_RULES } from '../domain/two-factor';

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226's recommendation), Base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

const epochOf = (now: Date) => Math.floor(now.getTime() / 1000);

/** The code an authenticator app shows at `now` (tests, and the CLI's check of a given secret). */
export function totpCode(secret: string, now = new Date()): Promise<string> {
  return generate({
    secret,
    epoch: epochOf(now),
    period: TWO_FACTOR_RULES.period,
    digits: TWO_FACTOR_RULES.digits,
  });
}

/**
 * The time step a six-digit code belongs to, if it is the code of `secret` within one step either
 * side of `now` (clock drift); null otherwise. Compared in constant time by otplib. Whether the
 * step was already used is the caller's business (replay protection needs the stored last step).
 */
export async function totpStepOf(
  secret: string,
  code: string,
  now = new Date(),
): Promise<number | null> {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const r = await verify({
    secret,
    token: code,
    epoch: epochOf(now),
    epochTolerance: TWO_FACTOR_RULES.driftSteps * TWO_FACTOR_RULES.period,
    period: TWO_FACTOR_RULES.period,
    digits: TWO_FACTOR_RULES.digits,
  });
  return r.valid && 'timeStep' in r ? r.timeStep : null;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return generateURI({
    issuer,
    label: account,
    secret,
    period: TWO_FACTOR_RULES.period,
    digits: TWO_FACTOR_RULES.digits,
  });
}

/** New recovery codes (lower case, without separators; formatRecoveryCode shows them grouped). */
export function newRecoveryCodes(count: number = TWO_FACTOR_RULES.recoveryCodes): string[] {
  return Array.from({ length: count }, () =>
    Array.from(
      { length: TWO_FACTOR_RULES.recoveryLength },
      () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)],
    ).join(''),
  );
}

/** The stored form of a recovery code (normalised by parseSecondFactor first): SHA-256, hex. */
export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(`recovery:${code}`).digest('hex');
}
