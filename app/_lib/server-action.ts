import 'server-only';
import crypto from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { failureCode } from '@/lib/data/database-unavailable';
import { requireStaff } from '@/lib/data/current-staff';
import type { StaffActor } from '@/lib/domain/actor';
import type { StaffRole } from '@/lib/domain/staff-rules';
import { isActionCode, type ActionCode } from '@/lib/i18n/action-codes';

/**
 * One shape for every server action's answer: `{ ok: true, … }` or `{ ok: false, code,
 * fieldErrors }`, where `code` and each field error are codes from the closed list
 * (lib/i18n/action-codes.ts) that the form translates. Server actions are public POST
 * endpoints: a staff action checks the session and role itself (`asStaff`), every action
 * parses with its form's shared schema (`invalid` maps zod's issues once), and an unexpected
 * error is logged in one line with a request id, never with the request's data (`guarded`).
 */
export type FieldErrors = Record<string, ActionCode[]>;
export type Failure<C extends ActionCode = ActionCode> = {
  ok: false;
  code: C;
  fieldErrors: FieldErrors;
};

export function fail<C extends ActionCode>(code: C, fieldErrors: FieldErrors = {}): Failure<C> {
  return { ok: false, code, fieldErrors };
}

/** zod's issues as field errors: by the field's name (the first path segment), each code once. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const code = isActionCode(issue.message) ? issue.message : 'INVALID_INPUT';
    const list = (out[field] ??= []);
    if (!list.includes(code)) list.push(code);
  }
  return out;
}

/** What an action answers when its form's schema refused the input. */
export function invalid(error: z.ZodError): Failure<'INVALID_INPUT'> {
  return fail('INVALID_INPUT', fieldErrorsOf(error));
}

/**
 * What an action answers when the data layer threw: `DATABASE_UNAVAILABLE` when the database
 * cannot be reached right now (the form says to try again in a minute), `UNEXPECTED` otherwise.
 * One log line: what failed, a request id, and the error's class, never the request's data.
 */
export function actionFailure(
  what: string,
  e: unknown,
): Failure<'DATABASE_UNAVAILABLE' | 'UNEXPECTED'> {
  const code = failureCode(e);
  const requestId = crypto.randomUUID().slice(0, 8);
  const kind =
    code === 'DATABASE_UNAVAILABLE'
      ? 'database unavailable'
      : e instanceof Error
        ? e.name
        : typeof e;
  console.error(`${what} [request ${requestId}]: ${kind}`);
  return fail(code);
}

/** Runs an action's body; a thrown error becomes `actionFailure` (Next's redirects pass through). */
export async function guarded<T>(
  what: string,
  body: () => Promise<T>,
): Promise<T | Failure<'DATABASE_UNAVAILABLE' | 'UNEXPECTED'>> {
  try {
    return await body();
  } catch (e) {
    unstable_rethrow(e);
    return actionFailure(what, e);
  }
}

/**
 * A staff action: the session and the role first (`UNAUTHORIZED` without a session, `FORBIDDEN`
 * with too small a role: `requireStaff`, the same check pages make), then the body, guarded. The
 * staff member (with the request's address) is the actor the data layer authorises and records.
 */
export async function asStaff<T>(
  role: StaffRole,
  what: string,
  body: (actor: StaffActor) => Promise<T>,
): Promise<T | Failure<'UNAUTHORIZED' | 'FORBIDDEN' | 'DATABASE_UNAVAILABLE' | 'UNEXPECTED'>> {
  const auth = await requireStaff(role);
  if (!auth.ok) return fail(auth.code);
  return guarded(what, () => body(auth.actor));
}
