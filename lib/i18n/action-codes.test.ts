import { describe, expect, it } from 'vitest';
import kk from '../../messages/kk.json';
import ru from '../../messages/ru.json';
import { ACTION_CODES, isActionCode } from './action-codes';

describe('action codes', () => {
  it('every code an action can answer has a message in kk and ru', () => {
    const missing = ACTION_CODES.filter(
      (c) =>
        typeof (kk.errors as Record<string, unknown>)[c] !== 'string' ||
        typeof (ru.errors as Record<string, unknown>)[c] !== 'string',
    );
    expect(missing).toEqual([]);
  });
  it('every error message belongs to a code (no message left behind by a code that went)', () => {
    const orphans = Object.keys(kk.errors).filter((k) => k !== 'summaryTitle' && !isActionCode(k));
    expect(orphans).toEqual([]);
  });
  it('tells codes from other text', () => {
    expect(isActionCode('UNEXPECTED')).toBe(true);
    expect(isActionCode('unexpected')).toBe(false);
    expect(isActionCode(undefined)).toBe(false);
  });
});
