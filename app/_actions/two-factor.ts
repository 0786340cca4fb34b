'use server';
/**
 * The second step of staff sign-in. Each action is a public POST endpoint: it needs the pending
 * sign-in's httpOnly cookie (set by signInAction after a right password) and parses its input
 * with the shared schema; the data layer checks the stage, the code and the throttle, and only a
 * finished second step sets the session cookie. Resetting a colleague's factor needs the admin role.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import {
  clearPendingCookie,
  pendingToken,
  requestIp,
  setSessionCookie,
} from '@/lib/data/current-staff';
import { asStaff, fail, invalid, type Failure } from '../_lib/server-action';
import {
  confirmEnrolment,
  dropPendingSignIn,
  finishEnrolment,
  replaceRecoveryCodes,
  resetTwoFactor,
  verifySecondFactor,
  type SecondStepFailure,
} from '@/lib/data/staff-two-factor';
import {
  enrolCodeSchema,
  recoverySavedSchema,
  resetTwoFactorSchema,
  secondFactorSchema,
} from '@/lib/schemas/two-factor-forms';

export type SecondStepResult =
  { ok: true; recoveryCodes?: string[] } | (Failure & { retryMinutes?: number });

function localeOf(form: FormData) {
  const l = String(form.get('locale') ?? '');
  return hasLocale(routing.locales, l) ? l : routing.defaultLocale;
}

/** A refused code is tied to the code field; an expired or throttled step is about the whole form. */
function refused(r: SecondStepFailure): SecondStepResult {
  if (r.code === 'THROTTLED')
    return {
      ...fail('THROTTLED'),
      retryMinutes: Math.max(1, Math.ceil((r.retryAt.getTime() - Date.now()) / 60_000)),
    };
  if (r.code === 'PENDING_EXPIRED') return fail('PENDING_EXPIRED');
  return fail(r.code, { code: [r.code] });
}

async function signedIn(token: string, to: string): Promise<never> {
  await clearPendingCookie();
  await setSessionCookie(token);
  redirect(to);
}

export async function confirmEnrolmentAction(form: FormData): Promise<SecondStepResult> {
  const parsed = enrolCodeSchema.safeParse({ code: form.get('code') ?? '' });
  if (!parsed.success) return invalid(parsed.error);
  const r = await confirmEnrolment(await db(), await pendingToken(), parsed.data.code, {
    ip: await requestIp(),
  });
  return r.ok ? { ok: true, recoveryCodes: r.recoveryCodes } : refused(r);
}

export async function newRecoveryCodesAction(): Promise<SecondStepResult> {
  const r = await replaceRecoveryCodes(await db(), await pendingToken(), { ip: await requestIp() });
  return r.ok ? { ok: true, recoveryCodes: r.recoveryCodes } : refused(r);
}

export async function finishEnrolmentAction(form: FormData): Promise<SecondStepResult> {
  const parsed = recoverySavedSchema.safeParse({ saved: form.get('saved') ?? undefined });
  if (!parsed.success) return invalid(parsed.error);
  const r = await finishEnrolment(await db(), await pendingToken(), { ip: await requestIp() });
  if (!r.ok) return refused(r);
  return signedIn(r.token, `/${localeOf(form)}/admin`);
}

/** A code from the app signs in; so does a recovery code, and the next page says how many are left. */
export async function verifySecondFactorAction(form: FormData): Promise<SecondStepResult> {
  const parsed = secondFactorSchema.safeParse({ code: form.get('code') ?? '' });
  if (!parsed.success) return invalid(parsed.error);
  const r = await verifySecondFactor(await db(), await pendingToken(), parsed.data.code, {
    ip: await requestIp(),
  });
  if (!r.ok) return refused(r);
  return signedIn(
    r.token,
    r.recoveryCodesLeft === null
      ? `/${localeOf(form)}/admin`
      : `/${localeOf(form)}/admin/sign-in/two-factor/recovery-used`,
  );
}

/** Back to the password step: the pending sign-in ends. */
export async function cancelSecondStepAction(form: FormData): Promise<void> {
  await dropPendingSignIn(await db(), await pendingToken());
  await clearPendingCookie();
  redirect(`/${localeOf(form)}/admin/sign-in`);
}

export async function resetTwoFactorAction(form: FormData): Promise<SecondStepResult> {
  return asStaff('admin', 'resetting a second factor failed', async (staff) => {
    const parsed = resetTwoFactorSchema.safeParse({ userId: form.get('userId') ?? undefined });
    if (!parsed.success) return invalid(parsed.error);
    const r = await resetTwoFactor(await db(), parsed.data.userId, staff);
    if (!r.ok) return fail(r.code === 'SELF' ? 'TWO_FACTOR_RESET_SELF' : r.code);
    revalidatePath('/[locale]/admin/staff', 'page');
    return { ok: true } as const;
  });
}
