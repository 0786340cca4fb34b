import 'server-only';
/**
 * The signed-in staff member of this request, from the session cookie, as the Actor the data layer
 * authorises (lib/domain/actor.ts). Every admin server action and route handler calls
 * `requireStaff` itself, every admin page `requireStaffPage` (the same check, answered with a
 * redirect); proxy.ts only redirects.
 */
import { cookies } from 'next/headers';
import { requestIp } from './request-ip';
import { redirect } from 'next/navigation';
import { db } from './prisma';
import { staffForToken, type Staff } from './staff';
import { SESSION_ABSOLUTE_MS, type StaffRole } from '../domain/staff-rules';
import { mayAct, staffActor, type StaffActor } from '../domain/actor';
import { config } from '../config';
import { TWO_FACTOR_RULES } from '../domain/two-factor';

export function sessionCookieName(): string {
  return config().cookieSecure ? '__Host-imei_staff' : 'imei_staff';
}

export { requestIp } from './request-ip';

export async function setSessionCookie(token: string): Promise<void> {
  (await cookies()).set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().cookieSecure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export async function clearSessionCookie(): Promise<void> {
  // Expired with the same attributes it was set with: browsers ignore a __Host- cookie without Secure.
  (await cookies()).set(sessionCookieName(), '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().cookieSecure,
    path: '/',
    maxAge: 0,
  });
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName())?.value;
}

/** The "password verified" cookie: its own name, httpOnly, strict, and only as long as the pending sign-in lives. */
export function pendingCookieName(): string {
  return config().cookieSecure ? '__Host-imei_staff_pending' : 'imei_staff_pending';
}

export async function setPendingCookie(token: string): Promise<void> {
  (await cookies()).set(pendingCookieName(), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().cookieSecure,
    path: '/',
    maxAge: TWO_FACTOR_RULES.pendingMs / 1000,
  });
}

export async function clearPendingCookie(): Promise<void> {
  (await cookies()).set(pendingCookieName(), '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: config().cookieSecure,
    path: '/',
    maxAge: 0,
  });
}

export async function pendingToken(): Promise<string | undefined> {
  return (await cookies()).get(pendingCookieName())?.value;
}

export async function currentStaff(): Promise<Staff | null> {
  return staffForToken(await db(), await sessionToken());
}

export type StaffAuth =
  { ok: true; actor: StaffActor } | { ok: false; code: 'UNAUTHORIZED' | 'FORBIDDEN' };

/**
 * The one check for a request: `UNAUTHORIZED` without a live session, `FORBIDDEN` when the role is
 * too small, else the staff member as the actor (with the request's client address, for the audit
 * log). Server actions are public POST endpoints: nothing happens before this.
 */
export async function requireStaff(role: StaffRole): Promise<StaffAuth> {
  const staff = await currentStaff();
  if (!staff) return { ok: false, code: 'UNAUTHORIZED' };
  const actor = staffActor(staff, await requestIp());
  if (!mayAct(actor, role)) return { ok: false, code: 'FORBIDDEN' };
  return { ok: true, actor };
}

/** For pages: `requireStaff`, with a redirect to sign-in (no session) or the "no access" page (role). */
export async function requireStaffPage(locale: string, role: StaffRole): Promise<StaffActor> {
  const auth = await requireStaff(role);
  if (!auth.ok)
    redirect(
      auth.code === 'UNAUTHORIZED' ? `/${locale}/admin/sign-in` : `/${locale}/admin/forbidden`,
    );
  return auth.actor;
}
