import 'server-only';
/**
 * The signed-in staff member of this request, from the session cookie. Every admin page and every
 * admin server action calls requireStaffPage / requireStaffAction itself; proxy.ts only redirects.
 */
import { cookies } from 'next/headers';
import { requestIp } from './request-ip';
import { redirect } from 'next/navigation';
import { db } from './prisma';
import { staffForToken, type Staff } from './staff';
import { roleAllows, SESSION_ABSOLUTE_MS, type StaffRole } from '../domain/staff-rules';
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
  (await cookies()).set(sessionCookieName(), '', { httpOnly: true, sameSite: 'strict', secure: config().cookieSecure, path: '/', maxAge: 0 });
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
  (await cookies()).set(pendingCookieName(), '', { httpOnly: true, sameSite: 'strict', secure: config().cookieSecure, path: '/', maxAge: 0 });
}

export async function pendingToken(): Promise<string | undefined> {
  return (await cookies()).get(pendingCookieName())?.value;
}

export async function currentStaff(): Promise<Staff | null> {
  return staffForToken(await db(), await sessionToken());
}

/** For pages: the staff member, or a redirect to sign-in; a wrong role sees the "no access" page. */
export async function requireStaffPage(locale: string, role: StaffRole): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) redirect(`/${locale}/admin/sign-in`);
  if (!roleAllows(staff.role, role)) redirect(`/${locale}/admin/forbidden`);
  return staff;
}

export type ActionAuth = { ok: true; staff: Staff & { ip: string } } | { ok: false; code: 'UNAUTHORIZED' | 'FORBIDDEN' };

/** For server actions (public POST endpoints): nothing happens without a live session and the role. */
export async function requireStaffAction(role: StaffRole): Promise<ActionAuth> {
  const staff = await currentStaff();
  if (!staff) return { ok: false, code: 'UNAUTHORIZED' };
  if (!roleAllows(staff.role, role)) return { ok: false, code: 'FORBIDDEN' };
  return { ok: true, staff: { ...staff, ip: await requestIp() } };
}
