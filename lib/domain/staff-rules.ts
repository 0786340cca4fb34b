/**
 * Rules for staff accounts: roles, password strength, session lifetime and sign-in throttling,
 * and masking personal data in audit text. Pure: plain data and `now` in.
 */

export const STAFF_ROLES = ['support', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What each role may do: an admin can do everything support can. */
export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return needed === 'support' ? role === 'support' || role === 'admin' : role === 'admin';
}

export const MIN_PASSWORD_LENGTH = 12;

/** The shortest note a reviewer writes when asking the owner for more information. */
export const NOTE_MIN_LENGTH = 5;

export type PasswordError = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG';
export function checkPasswordStrength(password: string): PasswordError | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (password.length > 256) return 'PASSWORD_TOO_LONG';
  return null;
}

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;

/** A session is alive until 30 minutes without use, and never past 8 hours from sign-in. */
export function sessionAlive(session: { createdAt: Date; lastSeenAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return (
    t - session.lastSeenAt.getTime() < SESSION_IDLE_MS &&
    t - session.createdAt.getTime() < SESSION_ABSOLUTE_MS
  );
}

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Wrong passwords for one account from one address (the pair) before that pair waits. */
export const MAX_FAILURES_PER_PAIR = 5;
/** Wrong passwords for one account, from anywhere, before its sign-in asks for the proof-of-work challenge. */
export const CHALLENGE_AFTER_ACCOUNT_FAILURES = 5;
/** Wrong passwords from one address, for any accounts, before its sign-ins ask for the challenge. */
export const CHALLENGE_AFTER_ADDRESS_FAILURES = 20;

export type SignInGate =
  { state: 'open' } | { state: 'challenge' } | { state: 'throttled'; retryAt: Date };

/**
 * What a sign-in attempt meets, from the failures of the last 15 minutes: the (account, address)
 * pair with 5 failures waits until the oldest of them leaves the window; an account with 5
 * failures from anywhere (or an address with 20) only asks for the proof-of-work challenge. Only
 * the pair ever waits, so failures from other addresses never lock the account's owner out.
 */
export function signInGate(
  failures: { pair: Date[]; account: Date[]; address: Date[] },
  now: Date,
): SignInGate {
  const since = now.getTime() - THROTTLE_WINDOW_MS;
  const recent = (list: Date[]) =>
    list.filter((d) => d.getTime() > since).sort((a, b) => a.getTime() - b.getTime());
  const pair = recent(failures.pair);
  if (pair.length >= MAX_FAILURES_PER_PAIR) {
    return {
      state: 'throttled',
      retryAt: new Date(pair[pair.length - MAX_FAILURES_PER_PAIR].getTime() + THROTTLE_WINDOW_MS),
    };
  }
  if (
    recent(failures.account).length >= CHALLENGE_AFTER_ACCOUNT_FAILURES ||
    recent(failures.address).length >= CHALLENGE_AFTER_ADDRESS_FAILURES
  ) {
    return { state: 'challenge' };
  }
  return { state: 'open' };
}

/** Masks personal data in free text for the audit log: IINs, phone numbers, e-mail addresses. */
export function maskPersonalData(text: string): string {
  return text
    .replace(/\b(\d{6})(\d)(\d{4})(\d)\b/g, '••••••$2••••$4')
    .replace(/\+?7[\s\-(]*7\d{2}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*(\d{2})\b/g, '+7 7•• ••• •• $1')
    .replace(/\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g, '$1•••@$2');
}
