import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CODE_RULES, codeRefusal, normaliseCode, possessionSince } from './one-time-codes';
import { maskPhone, msisdnToE164 } from './phone';

const T = new Date('2026-11-20T10:00:00Z');

describe('one-time codes', () => {
  const fresh = { expiresAt: new Date(T.getTime() + CODE_RULES.ttlMs), tries: 0, usedAt: null };

  it('is valid until the instant its 5 minutes end, not at that instant', () => {
    expect(codeRefusal(fresh, new Date(fresh.expiresAt.getTime() - 1))).toBeNull();
    expect(codeRefusal(fresh, fresh.expiresAt)).toBe('CODE_EXPIRED');
  });

  it('allows 5 tries: the fifth is still checked, a sixth is not', () => {
    expect(codeRefusal({ ...fresh, tries: 4 }, T)).toBeNull();
    expect(codeRefusal({ ...fresh, tries: 5 }, T)).toBe('CODE_TOO_MANY_TRIES');
  });

  it('is single use, whatever the time and tries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -600_000, max: 600_000 }),
        (tries, dt) => {
          expect(codeRefusal({ ...fresh, tries, usedAt: T }, new Date(T.getTime() + dt))).toBe(
            'CODE_USED',
          );
        },
      ),
    );
  });

  it('reads six digits, with spaces, and nothing else', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('12345')).toBeNull();
    expect(normaliseCode('1234567')).toBeNull();
    expect(normaliseCode('12345a')).toBeNull();
    expect(normaliseCode('１２３４５６')).toBeNull();
  });

  it('counts a number seen exactly 90 days ago as proof, one millisecond more not', () => {
    expect(possessionSince(T).getTime()).toBe(T.getTime() - 90 * 86_400_000);
  });
});

describe('numbers', () => {
  it('masks all but the operator digit and the last two', () => {
    expect(maskPhone('+77011234567')).toBe('+7 7** *** ** 67');
    expect(maskPhone('junk')).toBe('**');
  });

  it('reads the numbers operators report as E.164 when they are Kazakh mobiles', () => {
    expect(msisdnToE164('77011234567')).toBe('+77011234567');
    expect(msisdnToE164('87011234567')).toBe('+77011234567');
    expect(msisdnToE164('7011234567')).toBe('+77011234567');
    expect(msisdnToE164('')).toBeNull();
    expect(msisdnToE164('77272123456')).toBeNull(); // a landline
  });
});
