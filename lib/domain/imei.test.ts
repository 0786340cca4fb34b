import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  hasValidCheckDigit,
  luhnCheckDigit,
  parseFeedImei,
  parseImei,
  stripSeparators,
} from './imei';

// 35-209900-176148-1 is the example IMEI of GSMA TS.06 / ITU-T E.118 worked examples.
const VALID = '352099001761481';

const identityArb = fc.stringMatching(/^\d{14}$/);

describe('luhnCheckDigit', () => {
  it('computes the check digit of known IMEIs', () => {
    expect(luhnCheckDigit('35209900176148')).toBe('1');
    expect(luhnCheckDigit('49015420323751')).toBe('8');
    expect(luhnCheckDigit('00000000000000')).toBe('0');
  });
  it('refuses anything but 14 digits', () => {
    expect(() => luhnCheckDigit('123')).toThrow(RangeError);
  });
  it('accepts exactly one check digit for any identity', () => {
    fc.assert(
      fc.property(identityArb, (id) => {
        const valid = [...'0123456789'].filter((d) => hasValidCheckDigit(id + d));
        expect(valid).toEqual([luhnCheckDigit(id)]);
      }),
    );
  });
  it('catches any single-digit typo in a valid IMEI', () => {
    fc.assert(
      fc.property(
        identityArb,
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1, max: 9 }),
        (id, pos, delta) => {
          const imei = id + luhnCheckDigit(id);
          const typo =
            imei.slice(0, pos) + String((Number(imei[pos]) + delta) % 10) + imei.slice(pos + 1);
          expect(typo).not.toBe(imei);
          expect(hasValidCheckDigit(typo)).toBe(false);
        },
      ),
    );
  });
});

describe('parseImei', () => {
  it('ignores spaces, dashes and dots', () => {
    for (const typed of [
      '35-209900-176148-1',
      '35 209900 176148 1',
      '35.209900.176148.1',
      ' 352099001761481 ',
    ]) {
      const r = parseImei(typed);
      expect(r).toMatchObject({
        ok: true,
        value: { imei: VALID, identity: '35209900176148', tac: '35209900' },
      });
    }
  });
  it('marks a wrong check digit without refusing the input', () => {
    const r = parseImei('352099001761482');
    expect(r).toMatchObject({ ok: true, value: { checkDigitValid: false } });
  });
  it('refuses empty input, letters and wrong lengths with stable codes', () => {
    expect(parseImei('')).toEqual({ ok: false, code: 'IMEI_REQUIRED' });
    expect(parseImei(' - ')).toEqual({ ok: false, code: 'IMEI_REQUIRED' });
    expect(parseImei('35209900176148A')).toEqual({ ok: false, code: 'IMEI_NOT_DIGITS' });
    expect(parseImei('35209900176148')).toEqual({ ok: false, code: 'IMEI_WRONG_LENGTH' });
    expect(parseImei('3520990017614811')).toEqual({ ok: false, code: 'IMEI_WRONG_LENGTH' });
    expect(parseImei('35209900176148111', { allowImeisv: true })).toEqual({
      ok: false,
      code: 'IMEI_WRONG_LENGTH',
    });
  });
  it('takes a 16-digit IMEISV on request: identity from the first 14, software version from the last 2', () => {
    const r = parseImei('3520990017614823', { allowImeisv: true });
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'IMEISV',
        identity: '35209900176148',
        imei: VALID,
        tac: '35209900',
        checkDigitValid: true,
        softwareVersion: '23',
      },
    });
  });
  it('normalising is idempotent and ignores separators wherever they stand', () => {
    const sep = fc.constantFrom(' ', '-', '.', '  ', '');
    fc.assert(
      fc.property(identityArb, fc.array(sep, { minLength: 16, maxLength: 16 }), (id, seps) => {
        const imei = id + luhnCheckDigit(id);
        const typed = [...imei].map((d, i) => seps[i] + d).join('') + seps[15];
        expect(stripSeparators(stripSeparators(typed))).toBe(stripSeparators(typed));
        expect(stripSeparators(typed)).toBe(imei);
        const r = parseImei(typed);
        expect(r.ok && r.value.imei).toBe(imei);
        expect(r.ok && r.value.checkDigitValid).toBe(true);
      }),
    );
  });
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseImei(s, { allowImeisv: true });
        if (r.ok) expect(r.value.identity).toMatch(/^\d{14}$/);
      }),
    );
  });
});

describe('parseFeedImei', () => {
  it('takes 14, 15 or 16 digits and returns the identity', () => {
    expect(parseFeedImei('35209900176148')).toEqual({ ok: true, identity: '35209900176148' });
    expect(parseFeedImei(VALID)).toEqual({ ok: true, identity: '35209900176148' });
    expect(parseFeedImei('3520990017614801')).toEqual({ ok: true, identity: '35209900176148' });
  });
  it('refuses a 15-digit value with a wrong check digit', () => {
    expect(parseFeedImei('352099001761480')).toEqual({ ok: false, code: 'IMEI_BAD_CHECK_DIGIT' });
  });
  it('refuses other lengths and letters', () => {
    expect(parseFeedImei('1234')).toEqual({ ok: false, code: 'IMEI_WRONG_LENGTH' });
    expect(parseFeedImei('abc')).toEqual({ ok: false, code: 'IMEI_NOT_DIGITS' });
    expect(parseFeedImei('')).toEqual({ ok: false, code: 'IMEI_REQUIRED' });
  });
});
