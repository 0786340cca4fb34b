'use server';
/**
 * Staff server actions. Each is a public POST endpoint: it checks the session and the role
 * itself (requireStaffAction) before anything else, parses with the shared schema, calls the
 * data layer (which checks the role again) and returns codes.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import {
  clearSessionCookie,
  requestIp,
  requireStaffAction,
  sessionToken,
  setPendingCookie,
} from '@/lib/data/current-staff';
import {
  createStaff,
  resetStaffPassword,
  setStaffDisabled,
  signIn,
  signOut,
} from '@/lib/data/staff';
import { clearSignInThrottle } from '@/lib/data/sign-in-throttles';
import { assignToMe, decideAsStaff, searchApplications } from '@/lib/data/admin';
import { queueRowViews, type QueueRowView } from '../_lib/queue-view';
import { importFeed, type ImportReport } from '@/lib/data/feed-import';
import { refreshLists } from '@/lib/data/device-lists';
import { after } from 'next/server';
import { audit } from '@/lib/data/audit';
import { createApiClientAs, revokeApiClientAs } from '@/lib/data/staff-admin';
import { apiClientSchema } from '@/lib/schemas/api-client-form';
import { endOfKzDay } from '@/lib/domain/time';
import {
  decisionSchema,
  feedUploadSchema,
  resetPasswordSchema,
  searchSchema,
  signInSchema,
  staffCreateSchema,
} from '@/lib/schemas/admin-forms';
import type { z } from 'zod';
import { actionFailure } from '../_lib/action-failure';

export type AdminResult =
  | { ok: true; message?: string }
  | {
      ok: false;
      code: string;
      fieldErrors: Record<string, string[]>;
      retryMinutes?: number;
      challenge?: unknown;
    };

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of error.issues) (out[i.path.join('.') || 'form'] ??= []).push(i.message);
  return out;
}
const fail = (code: string): AdminResult => ({ ok: false, code, fieldErrors: {} });
function entries(form: FormData): Record<string, FormDataEntryValue> {
  return Object.fromEntries(form.entries());
}
function localeOf(form: FormData) {
  const l = String(form.get('locale') ?? '');
  return hasLocale(routing.locales, l) ? l : routing.defaultLocale;
}

export async function signInAction(form: FormData): Promise<AdminResult> {
  const parsed = signInSchema.safeParse(entries(form));
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const altcha = form.get('altcha');
  let r;
  try {
    r = await signIn(await db(), {
      ...parsed.data,
      ip: await requestIp(),
      altcha: typeof altcha === 'string' ? altcha : null,
    });
  } catch (e) {
    return actionFailure('staff sign-in failed', e);
  }
  if (!r.ok) {
    if (r.code === 'CHALLENGE_REQUIRED')
      return { ok: false, code: 'CHALLENGE_REQUIRED', fieldErrors: {}, challenge: r.challenge };
    if (r.code === 'THROTTLED')
      return {
        ok: false,
        code: 'THROTTLED',
        fieldErrors: {},
        retryMinutes: Math.max(1, Math.ceil((r.retryAt.getTime() - Date.now()) / 60_000)),
      };
    return fail('INVALID_CREDENTIALS');
  }
  // No session yet: only the second step's pending state (app/_actions/two-factor.ts).
  await setPendingCookie(r.pendingToken);
  redirect(`/${localeOf(form)}/admin/sign-in/two-factor`);
}

export async function signOutAction(form: FormData): Promise<void> {
  await signOut(await db(), await sessionToken(), await requestIp());
  await clearSessionCookie();
  redirect(`/${localeOf(form)}/admin/sign-in`);
}

export type SearchResult =
  | { ok: true; rows: QueueRowView[] }
  | { ok: false; code: string; fieldErrors: Record<string, string[]> };

export async function searchAction(form: FormData): Promise<SearchResult> {
  const auth = await requireStaffAction('support');
  if (!auth.ok) return { ok: false, code: auth.code, fieldErrors: {} };
  const parsed = searchSchema.safeParse(entries(form));
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  return {
    ok: true,
    rows: await queueRowViews(
      await searchApplications(await db(), auth.staff, parsed.data.term),
      localeOf(form),
    ),
  };
}

export async function assignAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('support');
  if (!auth.ok) return fail(auth.code);
  const reference = String(form.get('reference') ?? '');
  const version = Number(form.get('version'));
  if (!Number.isInteger(version)) return fail('INVALID_INPUT');
  const r = await assignToMe(await db(), auth.staff, reference, version);
  if (!r.ok) return fail(r.code);
  revalidatePath('/[locale]/admin', 'layout');
  return { ok: true };
}

export async function decideAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('support');
  if (!auth.ok) return fail(auth.code);
  const parsed = decisionSchema.safeParse(entries(form));
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const d = parsed.data;
  const decision =
    d.kind === 'approve'
      ? { kind: d.kind, note: d.note }
      : d.kind === 'reject'
        ? { kind: d.kind, reason: d.reason, note: d.note }
        : { kind: d.kind, note: d.note, respondBy: endOfKzDay(d.respondBy) ?? undefined };
  const r = await decideAsStaff(await db(), auth.staff, d.reference, decision, d.version);
  if (!r.ok)
    return fail(
      r.code === 'CONFLICT' || r.code === 'ALREADY_DECIDED' ? 'DECISION_CONFLICT' : r.code,
    );
  revalidatePath('/[locale]/admin', 'layout');
  return { ok: true };
}

export async function createStaffAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return fail(auth.code);
  const parsed = staffCreateSchema.safeParse(entries(form));
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const r = await createStaff(await db(), parsed.data, auth.staff);
  if (!r.ok)
    return {
      ok: false,
      code: r.code,
      fieldErrors: {
        [r.code === 'EMAIL_TAKEN' || r.code === 'EMAIL_INVALID' ? 'email' : 'password']: [r.code],
      },
    };
  revalidatePath('/[locale]/admin/staff', 'page');
  return { ok: true };
}

export async function setStaffDisabledAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return fail(auth.code);
  const userId = Number(form.get('userId'));
  if (!Number.isInteger(userId)) return fail('INVALID_INPUT');
  const r = await setStaffDisabled(await db(), userId, form.get('disabled') === 'true', auth.staff);
  if (!r.ok) return fail(r.code === 'SELF' ? 'STAFF_SELF' : r.code);
  revalidatePath('/[locale]/admin/staff', 'page');
  return { ok: true };
}

/** Clears a sign-in throttle: one (account, address) pair, or an account's failures from every address. */
export async function clearSignInThrottleAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return fail(auth.code);
  const email = form.get('email');
  const address = form.get('address');
  if (
    typeof email !== 'string' ||
    email === '' ||
    email.length > 200 ||
    (address !== null && typeof address !== 'string')
  )
    return fail('INVALID_INPUT');
  await clearSignInThrottle(await db(), { email, address: address || null }, auth.staff);
  revalidatePath('/[locale]/admin/staff', 'page');
  return { ok: true };
}

export async function resetPasswordAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return fail(auth.code);
  const parsed = resetPasswordSchema.safeParse(entries(form));
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const r = await resetStaffPassword(
    await db(),
    parsed.data.userId,
    parsed.data.password,
    auth.staff,
  );
  if (!r.ok) return fail(r.code);
  revalidatePath('/[locale]/admin/staff', 'page');
  return { ok: true };
}

export type FeedActionResult =
  | { ok: true; report: ImportReport }
  | { ok: false; code: string; fieldErrors: Record<string, string[]>; report?: ImportReport };

export async function importFeedAction(form: FormData): Promise<FeedActionResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return { ok: false, code: auth.code, fieldErrors: {} };
  const parsed = feedUploadSchema.safeParse({
    kind: form.get('kind') ?? undefined,
    file: form.get('file') ?? undefined,
  });
  if (!parsed.success)
    return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const prisma = await db();
  const { kind, file } = parsed.data;
  let report: ImportReport;
  try {
    report = await importFeed(
      prisma,
      kind,
      () => file.stream() as unknown as AsyncIterable<Uint8Array>,
      {
        fileName: file.name,
        importedBy: auth.staff.email,
      },
    );
  } catch (e) {
    // Nothing was written (one transaction). The log says what failed, not what the file held.
    console.error(
      `feed import failed: ${kind}: ${(e as { code?: string }).code ?? (e instanceof Error ? e.name : 'error')}`,
    );
    return { ok: false, code: 'UNEXPECTED', fieldErrors: {} };
  }
  await audit(prisma, auth.staff, {
    action: report.ok ? 'FEED_IMPORTED' : 'FEED_REFUSED',
    target: `${kind} ${file.name}`,
    details: report.ok
      ? `${report.rows} rows, ${report.changed} new or changed`
      : `${report.badRows} bad rows of ${report.rows}`,
    ip: auth.staff.ip,
  });
  // The operators' lists follow after the answer is sent (a list reader would catch up anyway).
  if (report.ok && report.changed > 0) {
    after(() =>
      refreshLists().then(
        () => undefined,
        () => console.error('lists refresh after a feed import failed'),
      ),
    );
  }
  revalidatePath('/[locale]/admin/feeds', 'page');
  return report.ok
    ? { ok: true, report }
    : { ok: false, code: 'FEED_REFUSED', fieldErrors: {}, report };
}

export type CreateApiClientResult =
  | { ok: true; name: string; token: string }
  | { ok: false; code: string; fieldErrors: Record<string, string[]> };

/**
 * Creates an API client. The token is in this answer and nowhere else: it is not logged, not put
 * in a URL, and the page shows it once from the browser's memory.
 */
export async function createApiClientAction(form: FormData): Promise<CreateApiClientResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return { ok: false, code: auth.code, fieldErrors: {} };
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' ? v : ''; // a file where text belongs counts as nothing
  };
  const parsed = apiClientSchema.safeParse({
    name: text('name'),
    scopes: form.getAll('scopes'),
    operator: text('operator'),
    supplierSource: text('supplierSource'),
    organisation: text('organisation'),
  });
  if (!parsed.success) {
    // one entry per field (a bad scope is the scopes' problem)
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues)
      (fieldErrors[String(i.path[0] ?? 'form')] ??= []).push(i.message);
    return { ok: false, code: 'INVALID_INPUT', fieldErrors };
  }
  const r = await createApiClientAs(await db(), auth.staff, parsed.data);
  if (!r.ok) return { ok: false, code: r.code, fieldErrors: { name: [r.code] } };
  revalidatePath('/[locale]/admin/api-clients', 'page');
  return { ok: true, name: r.client.name, token: r.token };
}

export async function revokeApiClientAction(form: FormData): Promise<AdminResult> {
  const auth = await requireStaffAction('admin');
  if (!auth.ok) return fail(auth.code);
  const id = Number(form.get('clientId'));
  if (!Number.isInteger(id) || id <= 0) return fail('INVALID_INPUT');
  if (!(await revokeApiClientAs(await db(), auth.staff, id))) return fail('CLIENT_NOT_ACTIVE');
  revalidatePath('/[locale]/admin/api-clients', 'page');
  return { ok: true };
}
