'use server';
/**
 * Staff server actions. Each is a public POST endpoint: it checks the session and the role
 * itself (asStaff, app/_lib/server-action.ts) before anything else, parses with the shared schema, calls the
 * data layer with the staff member as the actor (the data layer authorises it again) and returns codes.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import {
  clearSessionCookie,
  requestIp,
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
import { assignToMe, searchApplications } from '@/lib/data/admin';
import { decideApplication } from '@/lib/data/applications';
import { queueRowViews, type QueueRowView } from '../_lib/queue-view';
import { importFeed, type ImportReport } from '@/lib/data/feed-import';
import { refreshLists } from '@/lib/data/device-lists';
import { after } from 'next/server';
import { audit } from '@/lib/data/audit';
import { auditActorOf } from '@/lib/domain/actor';
import { createApiClient, revokeApiClient } from '@/lib/data/api-clients';
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
import { actionFailure, asStaff, fail, invalid, type Failure } from '../_lib/server-action';

export type AdminResult =
  { ok: true; message?: string } | (Failure & { retryMinutes?: number; challenge?: unknown });
function entries(form: FormData): Record<string, FormDataEntryValue> {
  return Object.fromEntries(form.entries());
}
function localeOf(form: FormData) {
  const l = String(form.get('locale') ?? '');
  return hasLocale(routing.locales, l) ? l : routing.defaultLocale;
}

export async function signInAction(form: FormData): Promise<AdminResult> {
  const parsed = signInSchema.safeParse(entries(form));
  if (!parsed.success) return invalid(parsed.error);
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
      return { ...fail('CHALLENGE_REQUIRED'), challenge: r.challenge };
    if (r.code === 'THROTTLED')
      return {
        ...fail('THROTTLED'),
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

export type SearchResult = { ok: true; rows: QueueRowView[] } | Failure;

export async function searchAction(form: FormData): Promise<SearchResult> {
  return asStaff<SearchResult>('support', 'search failed', async (staff) => {
    const parsed = searchSchema.safeParse(entries(form));
    if (!parsed.success) return invalid(parsed.error);
    return {
      ok: true,
      rows: await queueRowViews(
        await searchApplications(await db(), staff, parsed.data.term),
        localeOf(form),
      ),
    };
  });
}

export async function assignAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('support', 'assign failed', async (staff) => {
    const reference = String(form.get('reference') ?? '');
    const version = Number(form.get('version'));
    if (!Number.isInteger(version)) return fail('INVALID_INPUT');
    const r = await assignToMe(await db(), staff, reference, version);
    if (!r.ok) return fail(r.code);
    revalidatePath('/[locale]/admin', 'layout');
    return { ok: true };
  });
}

export async function decideAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('support', 'decide failed', async (staff) => {
    const parsed = decisionSchema.safeParse(entries(form));
    if (!parsed.success) return invalid(parsed.error);
    const d = parsed.data;
    const decision =
      d.kind === 'approve'
        ? { kind: d.kind, note: d.note }
        : d.kind === 'reject'
          ? { kind: d.kind, reason: d.reason, note: d.note }
          : { kind: d.kind, note: d.note, respondBy: endOfKzDay(d.respondBy) ?? undefined };
    const r = await decideApplication(await db(), d.reference, decision, {
      actor: staff,
      expectedVersion: d.version,
    });
    if (!r.ok)
      return fail(
        r.code === 'CONFLICT' || r.code === 'ALREADY_DECIDED'
          ? 'DECISION_CONFLICT'
          : r.code === 'REASON_REQUIRED'
            ? 'REJECTION_REASON_REQUIRED'
            : r.code,
      );
    revalidatePath('/[locale]/admin', 'layout');
    return { ok: true };
  });
}

export async function createStaffAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('admin', 'create staff failed', async (staff) => {
    const parsed = staffCreateSchema.safeParse(entries(form));
    if (!parsed.success) return invalid(parsed.error);
    const r = await createStaff(await db(), parsed.data, staff);
    if (!r.ok)
      return fail(r.code, {
        [r.code === 'EMAIL_TAKEN' || r.code === 'EMAIL_INVALID' ? 'email' : 'password']: [r.code],
      });
    revalidatePath('/[locale]/admin/staff', 'page');
    return { ok: true };
  });
}

export async function setStaffDisabledAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('admin', 'set staff disabled failed', async (staff) => {
    const userId = Number(form.get('userId'));
    if (!Number.isInteger(userId)) return fail('INVALID_INPUT');
    const r = await setStaffDisabled(await db(), userId, form.get('disabled') === 'true', staff);
    if (!r.ok) return fail(r.code === 'SELF' ? 'STAFF_SELF' : r.code);
    revalidatePath('/[locale]/admin/staff', 'page');
    return { ok: true };
  });
}

/** Clears a sign-in throttle: one (account, address) pair, or an account's failures from every address. */
export async function clearSignInThrottleAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('admin', 'clear sign in throttle failed', async (staff) => {
    const email = form.get('email');
    const address = form.get('address');
    if (
      typeof email !== 'string' ||
      email === '' ||
      email.length > 200 ||
      (address !== null && typeof address !== 'string')
    )
      return fail('INVALID_INPUT');
    await clearSignInThrottle(await db(), { email, address: address || null }, staff);
    revalidatePath('/[locale]/admin/staff', 'page');
    return { ok: true };
  });
}

export async function resetPasswordAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('admin', 'reset password failed', async (staff) => {
    const parsed = resetPasswordSchema.safeParse(entries(form));
    if (!parsed.success) return invalid(parsed.error);
    const r = await resetStaffPassword(await db(), parsed.data.userId, parsed.data.password, staff);
    if (!r.ok) return fail(r.code === 'SELF' ? 'STAFF_SELF' : r.code);
    revalidatePath('/[locale]/admin/staff', 'page');
    return { ok: true };
  });
}

export type FeedActionResult =
  { ok: true; report: ImportReport } | (Failure & { report?: ImportReport });

export async function importFeedAction(form: FormData): Promise<FeedActionResult> {
  return asStaff<FeedActionResult>('admin', 'import feed failed', async (staff) => {
    const parsed = feedUploadSchema.safeParse({
      kind: form.get('kind') ?? undefined,
      file: form.get('file') ?? undefined,
    });
    if (!parsed.success) return invalid(parsed.error);
    const prisma = await db();
    const { kind, file } = parsed.data;
    let report: ImportReport;
    try {
      report = await importFeed(
        prisma,
        kind,
        () => file.stream() as unknown as AsyncIterable<Uint8Array>,
        {
          actor: staff,
          fileName: file.name,
        },
      );
    } catch (e) {
      // Nothing was written (one transaction). The log says what failed, not what the file held.
      console.error(
        `feed import failed: ${kind}: ${(e as { code?: string }).code ?? (e instanceof Error ? e.name : 'error')}`,
      );
      return fail('UNEXPECTED');
    }
    await audit(prisma, auditActorOf(staff), {
      action: report.ok ? 'FEED_IMPORTED' : 'FEED_REFUSED',
      target: `${kind} ${file.name}`,
      details: report.ok
        ? `${report.rows} rows, ${report.changed} new or changed`
        : `${report.badRows} bad rows of ${report.rows}`,
      ip: staff.ip,
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
    return report.ok ? { ok: true, report } : { ...fail('FEED_REFUSED'), report };
  });
}

export type CreateApiClientResult = { ok: true; name: string; token: string } | Failure;

/**
 * Creates an API client. The token is in this answer and nowhere else: it is not logged, not put
 * in a URL, and the page shows it once from the browser's memory.
 */
export async function createApiClientAction(form: FormData): Promise<CreateApiClientResult> {
  return asStaff<CreateApiClientResult>('admin', 'create api client failed', async (staff) => {
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
    // one entry per field (a bad scope is the scopes' problem)
    if (!parsed.success) return invalid(parsed.error);
    const r = await createApiClient(await db(), parsed.data, staff);
    if (!r.ok) return fail(r.code, { name: [r.code] });
    revalidatePath('/[locale]/admin/api-clients', 'page');
    return { ok: true, name: r.client.name, token: r.token };
  });
}

export async function revokeApiClientAction(form: FormData): Promise<AdminResult> {
  return asStaff<AdminResult>('admin', 'revoke api client failed', async (staff) => {
    const id = Number(form.get('clientId'));
    if (!Number.isInteger(id) || id <= 0) return fail('INVALID_INPUT');
    if (!(await revokeApiClient(await db(), id, staff))) return fail('CLIENT_NOT_ACTIVE');
    revalidatePath('/[locale]/admin/api-clients', 'page');
    return { ok: true };
  });
}
