import { describe, expect, it } from 'vitest';
import { formatKzMobile, normaliseKzMobile } from './phone';

describe('Kazakh mobile numbers', () => {
  it('normalises the usual ways of typing to E.164', () => {
    for (const typed of ['+7 701 123 45 67', '87011234567', '+7(701)123-45-67', '7011234567', '77011234567']) {
      expect(normaliseKzMobile(typed)).toEqual({ ok: true, e164: '+77011234567' });
    }
  });
  it('refuses landlines, foreign and malformed numbers', () => {
    expect(normaliseKzMobile('')).toEqual({ ok: false, code: 'PHONE_REQUIRED' });
    for (const bad of ['+7 727 123 45 67', '+49 151 2345678', '+7 701 123 45', 'phone', '+8 701 123 45 67']) {
      expect(normaliseKzMobile(bad)).toEqual({ ok: false, code: 'PHONE_FORMAT' });
    }
  });
  it('formats for display', () => {
    expect(formatKzMobile('+77011234567')).toBe('+7 701 123 45 67');
  });
});
