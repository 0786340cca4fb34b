import { describe, expect, it } from 'vitest';
import {
  checkPasswordStrength,
  maskPersonalData,
  roleAllows,
  sessionAlive,
  signInGate,
} from './staff-rules';

const T = new Date('2026-11-24T10:00:00Z');
const at = (ms: number) => new Date(T.getTime() + ms);
const MIN = 60_000;

describe('roles', () => {
  it('admin may do what support may; support may not do admin work', () => {
    expect(roleAllows('admin', 'support')).toBe(true);
    expect(roleAllows('support', 'support')).toBe(true);
    expect(roleAllows('support', 'admin')).toBe(false);
  });
});

describe('passwords', () => {
  it('need at least 12 characters', () => {
    expect(checkPasswordStrength('short-pass1')).toBe('PASSWORD_TOO_SHORT');
    expect(checkPasswordStrength('twelve chars')).toBeNull();
    expect(checkPasswordStrength('ұзын құпиясөз')).toBeNull();
  });
});

describe('sessions', () => {
  const s = { createdAt: T, lastSeenAt: T };
  it('die after 30 minutes idle: alive one second before, dead at the second', () => {
    expect(sessionAlive(s, at(30 * MIN - 1000))).toBe(true);
    expect(sessionAlive(s, at(30 * MIN))).toBe(false);
  });
  it('die 8 hours after sign-in however busy', () => {
    const busy = { createdAt: T, lastSeenAt: at(8 * 60 * MIN - 1000) };
    expect(sessionAlive(busy, at(8 * 60 * MIN - 500))).toBe(true);
    expect(sessionAlive(busy, at(8 * 60 * MIN))).toBe(false);
  });
});

describe('sign-in throttling', () => {
  const none = { pair: [], account: [], address: [] };
  it('makes an (account, address) pair wait after 5 failures within 15 minutes, until the oldest leaves the window', () => {
    const five = [0, 1, 2, 3, 4].map((i) => at(i * MIN));
    expect(signInGate({ ...none, pair: five.slice(0, 4) }, at(5 * MIN))).toEqual({ state: 'open' });
    expect(signInGate({ ...none, pair: five, account: five }, at(5 * MIN))).toEqual({
      state: 'throttled',
      retryAt: at(15 * MIN),
    });
    expect(signInGate({ ...none, pair: five }, at(15 * MIN))).toEqual({ state: 'open' });
  });
  it('failures for an account from other addresses ask for the challenge, never a wait', () => {
    const five = [0, 1, 2, 3, 4].map((i) => at(i * MIN));
    expect(signInGate({ ...none, account: five.slice(0, 4) }, at(5 * MIN))).toEqual({
      state: 'open',
    });
    expect(signInGate({ ...none, account: five }, at(5 * MIN))).toEqual({ state: 'challenge' });
    const hundred = Array.from({ length: 100 }, (_, i) => at(i * 1000));
    expect(signInGate({ ...none, account: hundred }, at(120_000))).toEqual({ state: 'challenge' });
    expect(signInGate({ ...none, account: five }, at(15 * MIN))).toEqual({ state: 'open' });
  });
  it('an address with 20 failures, whatever the accounts, asks for the challenge', () => {
    const many = Array.from({ length: 20 }, (_, i) => at(i * 1000));
    expect(signInGate({ ...none, address: many.slice(1) }, at(30_000))).toEqual({ state: 'open' });
    expect(signInGate({ ...none, address: many }, at(30_000))).toEqual({ state: 'challenge' });
  });
});

describe('maskPersonalData', () => {
  it('masks IINs, phones and e-mails', () => {
    expect(
      maskPersonalData('IIN 950412400003 phone +7 701 555 01 01 mail aigerim@example.kz'),
    ).toBe('IIN ••••••4••••3 phone +7 7•• ••• •• 01 mail a•••@example.kz');
  });
  it('leaves IMEIs (15 digits) and references alone', () => {
    expect(maskPersonalData('IMEI 352099001761481, CP56-78AA')).toBe(
      'IMEI 352099001761481, CP56-78AA',
    );
  });
});
