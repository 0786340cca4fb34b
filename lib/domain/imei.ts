/**
 * IMEI arithmetic: normalising what a person or a machine typed, the Luhn check digit,
 * and the parts of the identity (TAC 8 + serial 6). Pure: no I/O, no framework imports.
 */

/** Why a string is not an IMEI at all (an input error, no verdict). Stable codes. */
export type ImeiInputError = 'IMEI_REQUIRED' | 'IMEI_NOT_DIGITS' | 'IMEI_WRONG_LENGTH';

export type ParsedImei = {
  /** What was given: a 15-digit IMEI or a 16-digit IMEISV (API only). */
  kind: 'IMEI' | 'IMEISV';
  /** The device's identity: TAC (8) + serial number (6). */
  identity: string;
  /** The 15-digit IMEI: the identity and its check digit as typed (IMEI) or computed (IMEISV). */
  imei: string;
  tac: string;
  /** For an IMEI: whether the 15th digit is the Luhn check digit of the first 14. An IMEISV carries none. */
  checkDigitValid: boolean;
  /** The software version of an IMEISV (its last two digits). */
  softwareVersion: string | null;
};

export type ParseResult = { ok: true; value: ParsedImei } | { ok: false; code: ImeiInputError };

const SEPARATORS = /[\s.\-]+/g;

/** Removes the separators people type (spaces, dashes, dots). Idempotent. */
export function stripSeparators(input: string): string {
  return input.replace(SEPARATORS, '');
}

/** The Luhn check digit for the 14-digit identity, as a one-character string. */
export function luhnCheckDigit(identity: string): string {
  if (!/^\d{14}$/.test(identity)) throw new RangeError('identity must be 14 digits');
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = identity.charCodeAt(i) - 48;
    // Counting from the left, every second digit (positions 2, 4, … 14) is doubled.
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function hasValidCheckDigit(imei15: string): boolean {
  return /^\d{15}$/.test(imei15) && luhnCheckDigit(imei15.slice(0, 14)) === imei15[14];
}

/**
 * Parses an IMEI as typed. `allowImeisv` admits the 16-digit IMEISV (the operator API).
 * A wrong check digit is not an input error: it is a verdict (INVALID_CHECK_DIGIT).
 */
export function parseImei(input: string, options: { allowImeisv?: boolean } = {}): ParseResult {
  const digits = stripSeparators(input ?? '');
  if (digits.length === 0) return { ok: false, code: 'IMEI_REQUIRED' };
  if (!/^\d+$/.test(digits)) return { ok: false, code: 'IMEI_NOT_DIGITS' };
  if (digits.length === 15) {
    const identity = digits.slice(0, 14);
    return {
      ok: true,
      value: {
        kind: 'IMEI',
        identity,
        imei: digits,
        tac: digits.slice(0, 8),
        checkDigitValid: luhnCheckDigit(identity) === digits[14],
        softwareVersion: null,
      },
    };
  }
  if (digits.length === 16 && options.allowImeisv) {
    const identity = digits.slice(0, 14);
    return {
      ok: true,
      value: {
        kind: 'IMEISV',
        identity,
        imei: identity + luhnCheckDigit(identity),
        tac: digits.slice(0, 8),
        checkDigitValid: true,
        softwareVersion: digits.slice(14),
      },
    };
  }
  return { ok: false, code: 'IMEI_WRONG_LENGTH' };
}

/**
 * Reads an `imei` cell of a data feed: 14 digits (the identity), 15 (an IMEI, whose check digit
 * must be right) or 16 (an IMEISV). Returns the 14-digit identity or an error code.
 */
export type FeedImeiError = ImeiInputError | 'IMEI_BAD_CHECK_DIGIT';
export function parseFeedImei(
  input: string,
): { ok: true; identity: string } | { ok: false; code: FeedImeiError } {
  const digits = stripSeparators(input ?? '');
  if (digits.length === 0) return { ok: false, code: 'IMEI_REQUIRED' };
  if (!/^\d+$/.test(digits)) return { ok: false, code: 'IMEI_NOT_DIGITS' };
  if (digits.length === 14 || digits.length === 16)
    return { ok: true, identity: digits.slice(0, 14) };
  if (digits.length === 15) {
    return hasValidCheckDigit(digits)
      ? { ok: true, identity: digits.slice(0, 14) }
      : { ok: false, code: 'IMEI_BAD_CHECK_DIGIT' };
  }
  return { ok: false, code: 'IMEI_WRONG_LENGTH' };
}

/** A device known only by its 14-digit identity (lists, feeds): its IMEI with the right check digit. */
export function parsedFromIdentity(identity: string): ParsedImei {
  return {
    kind: 'IMEI',
    identity,
    imei: identity + luhnCheckDigit(identity),
    tac: identity.slice(0, 8),
    checkDigitValid: true,
    softwareVersion: null,
  };
}
