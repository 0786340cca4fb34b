import { describe, expect, it } from 'vitest';
import {
  formatRecoveryCode,
  groupSecret,
  normaliseSecret,
  parseSecondFactor,
  RECOVERY_ALPHABET,
  timeStep,
} from './two-factor';

describe('what is typed in the code field', () => {
  it('six digits are a code from the app, with spaces or fullwidth digits', () => {
    expect(parseSecondFactor('123456')).toEqual({ kind: 'totp', code: '123456' });
    expect(parseSecondFactor(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
    expect(parseSecondFactor('１２３４５６')).toEqual({ kind: 'totp', code: '123456' });
  });
  it('sixteen letters of the recovery alphabet are a recovery code, in any case, with or without dashes', () => {
    expect(parseSecondFactor('ABCD-EFGH-JKMN-PQRS')).toEqual({
      kind: 'recovery',
      code: 'abcdefghjkmnpqrs',
    });
    expect(parseSecondFactor('abcdefghjkmnpqrs')).toEqual({
      kind: 'recovery',
      code: 'abcdefghjkmnpqrs',
    });
  });
  it('anything else is neither', () => {
    for (const s of [
      '',
      '12345',
      '1234567',
      '١٢٣٤٥٦',
      'abcd-efgh-ijkl-mnop',
      '12345\u0000',
      '123456\u202e',
      "' OR 1=1 --",
      'x'.repeat(100),
    ])
      expect(parseSecondFactor(s), s).toBeNull();
  });
  it('recovery codes and secrets are shown in groups of four', () => {
    expect(formatRecoveryCode('abcdefghjkmnpqrs')).toBe('abcd-efgh-jkmn-pqrs');
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(RECOVERY_ALPHABET).not.toMatch(/[il1o0]/);
  });
  it('secrets are Base32 of at least 16 bytes', () => {
    expect(normaliseSecret('jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp')).toBe(
      'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    );
    expect(normaliseSecret('JBSWY3DPEHPK3PXP')).toBeNull(); // 10 bytes
    expect(normaliseSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX1')).toBeNull();
  });
  it('time steps are 30 seconds from the epoch', () => {
    expect(timeStep(new Date(59_999))).toBe(1);
    expect(timeStep(new Date(60_000))).toBe(2);
  });
});
