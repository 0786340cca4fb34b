/**
 * The IIN (ЖСН / ИИН), Kazakhstan's 12-digit individual identification number:
 * YYMMDD, a century-and-sex digit, four serial digits and a check digit. Pure.
 */

export type IinError = 'IIN_REQUIRED' | 'IIN_FORMAT' | 'IIN_CHECK_DIGIT' | 'IIN_BIRTH_DATE';

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first 11 digits, or null when the algorithm gives 10 twice (no valid IIN). */
export function iinCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  let c = d.reduce((s, x, i) => s + x * W1[i], 0) % 11;
  if (c === 10) c = d.reduce((s, x, i) => s + x * W2[i], 0) % 11;
  return c === 10 ? null : c;
}

/** The birth date encoded in an IIN (UTC midnight), or null when it is not a real date. */
export function iinBirthDate(iin: string, now: Date): Date | null {
  const yy = Number(iin.slice(0, 2));
  const mm = Number(iin.slice(2, 4));
  const dd = Number(iin.slice(4, 6));
  const centuryDigit = Number(iin[6]);
  let year: number;
  if (centuryDigit >= 1 && centuryDigit <= 6) {
    year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + yy;
  } else {
    // Some IINs issued before the rules settled carry another digit: take the latest century
    // that does not put the birth in the future.
    year = 2000 + yy > now.getUTCFullYear() ? 1900 + yy : 2000 + yy;
  }
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd)
    return null;
  return date;
}

export function validateIin(
  input: string,
  now: Date,
): { ok: true; iin: string } | { ok: false; code: IinError } {
  const iin = (input ?? '').replace(/\s+/g, '');
  if (!iin) return { ok: false, code: 'IIN_REQUIRED' };
  if (!/^\d{12}$/.test(iin)) return { ok: false, code: 'IIN_FORMAT' };
  const birth = iinBirthDate(iin, now);
  if (!birth || birth.getTime() > now.getTime()) return { ok: false, code: 'IIN_BIRTH_DATE' };
  if (iinCheckDigit(iin.slice(0, 11)) !== Number(iin[11]))
    return { ok: false, code: 'IIN_CHECK_DIGIT' };
  return { ok: true, iin };
}

/** Masks an IIN for display and logs: the birth date and serial hidden (e.g. ••••••5••••3). */
export function maskIin(iin: string): string {
  return iin.length === 12 ? `••••••${iin[6]}••••${iin[11]}` : '••••••••••••';
}
