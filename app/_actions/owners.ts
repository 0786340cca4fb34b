'use server';
/**
 * An owner proving their number by a code: "my applications" for 30 minutes, and watching a
 * device. Thin: parse with the shared zod schemas, call the data layer, return codes.
 */
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import { confirmCode } from '@/lib/data/one-time-codes';
import { signOutOwner, startOwnerSession } from '@/lib/data/current-owner';
import { unsubscribe, watchDevice } from '@/lib/data/watches';
import { codeEntrySchema, ownerPhoneSchema } from '@/lib/schemas/code-forms';
import { imeiField } from '@/lib/schemas/imei-field';
import { parseImei } from '@/lib/domain/imei';
import { sendCode, type CodeActionResult } from '../_lib/send-code';
import { actionFailure, fail, invalid, type Failure } from '../_lib/server-action';
import type { ActionCode } from '@/lib/i18n/action-codes';

type Result = { ok: true } | (Failure & { triesLeft?: number });

function localeOf(value: FormDataEntryValue | null): 'kk' | 'ru' {
  const s = String(value ?? '');
  return hasLocale(routing.locales, s) ? s : routing.defaultLocale;
}

const text = (form: FormData, k: string) =>
  typeof form.get(k) === 'string' ? String(form.get(k)) : undefined;

function codeFailure(r: { code: ActionCode; triesLeft?: number }): Result {
  return {
    ...fail(r.code, r.code === 'CODE_WRONG' ? { code: [r.code] } : {}),
    triesLeft: r.triesLeft,
  };
}

export async function requestMyCodeAction(form: FormData): Promise<CodeActionResult> {
  const parsed = ownerPhoneSchema.safeParse({ phone: text(form, 'phone') });
  if (!parsed.success) return invalid(parsed.error);
  return sendCode(localeOf(form.get('locale')), {
    purpose: 'MY_APPLICATIONS',
    identities: [],
    to: { phone: parsed.data.phone },
  });
}

/** The right code opens "my applications" for 30 minutes in this browser. */
export async function confirmMyCodeAction(form: FormData): Promise<Result> {
  const parsed = codeEntrySchema.safeParse({
    code: text(form, 'code'),
    challengeId: text(form, 'challengeId'),
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const now = new Date();
    const r = await confirmCode(await db(), { ...parsed.data, purpose: 'MY_APPLICATIONS', now });
    if (!r.ok) return codeFailure(r);
    await startOwnerSession(r.verified.msisdn, now);
    return { ok: true };
  } catch (e) {
    return actionFailure('confirming a code failed', e);
  }
}

export async function signOutOwnerAction(): Promise<void> {
  await signOutOwner();
}

function watchedIdentity(form: FormData): string | null {
  const imei = imeiField.safeParse(String(text(form, 'imei') ?? '').slice(0, 40));
  if (!imei.success) return null;
  const p = parseImei(imei.data);
  return p.ok ? p.value.identity : null;
}

export async function requestWatchCodeAction(form: FormData): Promise<CodeActionResult> {
  const identity = watchedIdentity(form);
  if (!identity) return fail('IMEI_INVALID');
  const parsed = ownerPhoneSchema.safeParse({ phone: text(form, 'phone') });
  if (!parsed.success) return invalid(parsed.error);
  return sendCode(localeOf(form.get('locale')), {
    purpose: 'WATCH',
    identities: [identity],
    to: { phone: parsed.data.phone },
  });
}

/** The right code starts watching the device for that number. */
export async function confirmWatchAction(form: FormData): Promise<Result> {
  const identity = watchedIdentity(form);
  if (!identity) return fail('IMEI_INVALID');
  const parsed = codeEntrySchema.safeParse({
    code: text(form, 'code'),
    challengeId: text(form, 'challengeId'),
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const prisma = await db();
    const now = new Date();
    const r = await confirmCode(prisma, { ...parsed.data, purpose: 'WATCH', now });
    if (!r.ok) return codeFailure(r);
    if (!r.verified.identities.includes(identity)) return fail('CODE_OTHER_DEVICE');
    const w = await watchDevice(prisma, {
      imei: String(text(form, 'imei')),
      msisdn: r.verified.msisdn,
      locale: localeOf(form.get('locale')),
      now,
    });
    return w.ok ? { ok: true } : fail(w.code);
  } catch (e) {
    return actionFailure('starting a watch failed', e);
  }
}

/** The unsubscribe link's page posts here (a link preview never unsubscribes anyone). */
export async function unsubscribeAction(form: FormData): Promise<Result> {
  const token = String(form.get('token') ?? '').slice(0, 100);
  try {
    const r = await unsubscribe(await db(), token);
    return r ? { ok: true } : fail('UNSUBSCRIBE_UNKNOWN');
  } catch (e) {
    return actionFailure('unsubscribing failed', e);
  }
}
