import { describe, expect, it } from 'vitest';
import { codeSentTo, formatKzMobile, maskPhone, msisdnToE164, normaliseKzMobile } from './phone';

describe('Kazakh mobile numbers', () => {
  it('normalises the usual ways of typing to E.164', () => {
    for (const typed of [
      '+7 701 123 45 67',
      '87011234567',
      '+7(701)123-45-67',
      '7011234567',
      '77011234567',
    ]) {
      expect(normaliseKzMobile(typed)).toEqual({ ok: true, e164: '+77011234567' });
    }
  });
  it('refuses landlines, foreign and malformed numbers', () => {
    expect(normaliseKzMobile('')).toEqual({ ok: false, code: 'PHONE_REQUIRED' });
    for (const bad of [
      '+7 727 123 45 67',
      '+49 151 2345678',
      '+7 701 123 45',
      'phone',
      '+8 701 123 45 67',
    ]) {
      expect(normaliseKzMobile(bad)).toEqual({ ok: false, code: 'PHONE_FORMAT' });
    }
  });
  it('formats for display', () => {
    expect(formatKzMobile('+77011234567')).toBe('+7 701 123 45 67');
  });
  it('masks all but the last two digits', () => {
    expect(maskPhone('+77011234567')).toBe('+7 7** *** ** 67');
    expect(maskPhone('+77771234500')).toBe('+7 7** *** ** 00');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('+77011234567')).not.toMatch(/0112345/);
  });
  it('shows where a code went: a typed number whole, a number the network saw masked', () => {
    const masked = '+7 7** *** ** 67';
    expect(codeSentTo({ to: 'typed', phone: '8 701 123 45 67' }, masked)).toBe('+7 701 123 45 67');
    expect(codeSentTo({ to: 'seen-0', phone: '' }, masked)).toBe(masked);
    // a seen number is never revealed, even with a typed one left in the form
    expect(codeSentTo({ to: 'seen-0', phone: '+77011234567' }, masked)).toBe(masked);
    expect(codeSentTo({ to: 'typed', phone: 'not a number' }, masked)).toBe(masked);
  });
  it('reads network MSISDNs as E.164', () => {
    expect(msisdnToE164('77015550011')).toBe('+77015550011');
    expect(msisdnToE164('+7 701 555 00 11')).toBe('+77015550011');
    expect(msisdnToE164('87015550011')).toBe('+77015550011');
    expect(msisdnToE164('4915123456789')).toBeNull();
    expect(msisdnToE164('')).toBeNull();
  });
});
