import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { iinBirthDate, iinCheckDigit, maskIin, validateIin } from './iin';

const NOW = new Date('2026-11-24T12:00:00Z');

/** Builds a valid IIN from a birth date and serial, or null when no check digit exists. */
function make(yymmdd: string, century: number, serial: string): string | null {
  const first11 = yymmdd + century + serial;
  const c = iinCheckDigit(first11);
  return c === null ? null : first11 + c;
}

describe('IIN', () => {
  it('accepts a valid IIN (born 1990-01-15, 20th century, male)', () => {
    const iin = make('900115', 3, '0123')!;
    expect(validateIin(iin, NOW)).toEqual({ ok: true, iin });
    expect(iinBirthDate(iin, NOW)?.toISOString().slice(0, 10)).toBe('1990-01-15');
  });
  it('uses the second weights when the first give 10', () => {
    // find an 11-digit prefix whose first sum is 10 mod 11
    let prefix = '';
    for (let s = 0; s < 10000; s++) {
      const p = '900115' + '3' + String(s).padStart(4, '0');
      const sum = [...p].reduce((a, x, i) => a + Number(x) * (i + 1), 0) % 11;
      if (sum === 10) {
        prefix = p;
        break;
      }
    }
    expect(prefix).not.toBe('');
    const second =
      [...prefix].reduce((a, x, i) => a + Number(x) * [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2][i], 0) %
      11;
    expect(iinCheckDigit(prefix)).toBe(second === 10 ? null : second);
  });
  it('refuses an IIN whose check digit is wrong, in any position', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 9 }),
        (serial, delta) => {
          const iin = make('850704', 4, String(serial).padStart(4, '0'));
          if (!iin) return;
          const wrong = iin.slice(0, 11) + String((Number(iin[11]) + delta) % 10);
          expect(validateIin(wrong, NOW)).toEqual({ ok: false, code: 'IIN_CHECK_DIGIT' });
        },
      ),
    );
  });
  it('refuses when both weightings give 10 (no valid check digit exists)', () => {
    for (let s = 0; s < 10000; s++) {
      const p = '900115' + '3' + String(s).padStart(4, '0');
      if (iinCheckDigit(p) === null) {
        for (let d = 0; d <= 9; d++) expect(validateIin(p + d, NOW).ok).toBe(false);
        return;
      }
    }
  });
  it('refuses impossible and future birth dates', () => {
    expect(validateIin(make('900230', 3, '0001') ?? '900230300010', NOW)).toMatchObject({
      ok: false,
      code: 'IIN_BIRTH_DATE',
    });
    expect(validateIin(make('991301', 3, '0001') ?? '991301300010', NOW)).toMatchObject({
      ok: false,
      code: 'IIN_BIRTH_DATE',
    });
    // 2027-01-01, century digit 5 (2000s): in the future
    expect(validateIin(make('270101', 5, '0001') ?? '270101500010', NOW)).toMatchObject({
      ok: false,
      code: 'IIN_BIRTH_DATE',
    });
  });
  it('refuses wrong formats', () => {
    expect(validateIin('', NOW)).toEqual({ ok: false, code: 'IIN_REQUIRED' });
    expect(validateIin('12345', NOW)).toEqual({ ok: false, code: 'IIN_FORMAT' });
    expect(validateIin('90011530012a', NOW)).toEqual({ ok: false, code: 'IIN_FORMAT' });
  });
  it('masks all but two digits', () => {
    expect(maskIin('900115301234')).toBe('••••••3••••4');
  });
});
