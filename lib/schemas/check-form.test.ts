import { describe, expect, it } from 'vitest';
import { checkFormSchema } from './check-form';

function codes(input: unknown) {
  const r = checkFormSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
}

describe('checkFormSchema', () => {
  it('accepts a 15-digit IMEI with separators, and a wrong check digit (a verdict, not an input error)', () => {
    expect(codes({ imei: '35-209900-176148-1' })).toEqual([]);
    expect(codes({ imei: '352099001761482' })).toEqual([]);
  });
  it('returns stable codes for input that is not an IMEI', () => {
    expect(codes({ imei: '' })).toEqual(['imei:IMEI_REQUIRED']);
    expect(codes({})).toEqual(['imei:IMEI_REQUIRED']);
    expect(codes({ imei: '3520990017614x1' })).toEqual(['imei:IMEI_NOT_DIGITS']);
    expect(codes({ imei: '3520990017614' })).toEqual(['imei:IMEI_WRONG_LENGTH']);
    // a 16-digit IMEISV is for the operator API, not the citizen's form
    expect(codes({ imei: '3520990017614801' })).toEqual(['imei:IMEI_WRONG_LENGTH']);
  });
});
