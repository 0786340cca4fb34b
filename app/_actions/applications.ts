'use server';
/**
 * The owner's side of a proof of legal import: file an application, follow it, add documents.
 * Thin: parse with the shared zod schema, call the data layer, return codes and small views
 * with dates already formatted on the server. No personal data is logged.
 */
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import {
  addDocuments,
  applicationEligibility,
  applicationIdentities,
  findApplicationForOwner,
  lookUpApplication,
  ownerIin,
  submitApplication,
  type OwnerApplicationView,
} from '@/lib/data/applications';
import {
  addDocumentsSchema,
  applicationFields,
  applicationFormInput,
  applicationFormSchema,
  statusLookupInput,
  statusLookupSchema,
} from '@/lib/schemas/application-form';
import { codeEntrySchema, codeRequestSchema } from '@/lib/schemas/code-forms';
import { codeUsedFor, seenNumbers, type SeenNumber } from '@/lib/data/one-time-codes';
import { config } from '@/lib/config';
import { sendCode, type CodeActionResult } from '../_lib/send-code';
import { clockTime } from '../_lib/clock-time';
import { statusView, type StatusView } from '../_lib/status-view';
export type { StatusView };
import { currentOwner, startOwnerSession } from '@/lib/data/current-owner';
import { requestIp } from '@/lib/data/request-ip';
import { giveBack, take } from '@/lib/data/rate-limits';
import type { z } from 'zod';
import { actionFailure } from '../_lib/action-failure';
import { invalid } from '../_lib/server-action';

type FieldErrors = Record<string, string[]>;
export type ActionFailure = { ok: false; code: string; fieldErrors: FieldErrors; reference?: string };

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) (out[i.path.join('.') || 'form'] ??= []).push(i.message);
  return out;
}

function localeOf(value: FormDataEntryValue | null): 'kk' | 'ru' {
  const s = String(value ?? '');
  return hasLocale(routing.locales, s) ? s : routing.defaultLocale;
}

function files(form: FormData): File[] {
  return form.getAll('documents').filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
}

export type SubmitActionResult = { ok: true } | (ActionFailure & { triesLeft?: number; retryAtText?: string });

function formText(form: FormData, k: string): string | undefined {
  const v = form.get(k);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Files the application once the owner typed the code sent to their phone. The reference goes to
 * the owner's session (the confirmation page survives a reload; it is never in the URL).
 */
export async function submitApplicationAction(form: FormData): Promise<SubmitActionResult> {
  const locale = localeOf(form.get('locale'));
  const text = (k: string) => formText(form, k);
  const parsed = await applicationFormSchema.safeParseAsync(applicationFormInput(form));
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  const code = codeEntrySchema.safeParse({ code: text('code'), challengeId: text('challengeId') });
  if (!code.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(code.error) };
  try {
    const now = new Date();
    // Per address as well as per verified number (lib/data/rate-limits.ts): counted before filing,
    // given back when nothing was filed.
    const ip = await requestIp();
    const perAddress = await take('applicationsPerAddress', ip);
    if (!perAddress.ok) return { ok: false, code: 'TOO_MANY_APPLICATIONS', fieldErrors: { code: ['TOO_MANY_APPLICATIONS'] }, retryAtText: await clockTime(locale, perAddress.retryAt) };
    const r = await submitApplication(await db(), parsed.data, parsed.data.documents, { locale, now, code: code.data });
    if (!r.ok || r.repeated) await giveBack('applicationsPerAddress', ip);
    if (!r.ok) {
      if (r.code === 'TOO_MANY_APPLICATIONS') return { ok: false, code: r.code, fieldErrors: { code: [r.code] }, retryAtText: await clockTime(locale, r.retryAt) };
      return { ok: false, code: r.code, fieldErrors: r.field ? { [r.field]: [r.code] } : {}, reference: r.reference, triesLeft: r.triesLeft };
    }
    // A repeat (double click, retry) opens the session only with the very code that filed it.
    if (r.repeated && !(await codeUsedFor(await db(), code.data.challengeId, r.msisdn))) return { ok: false, code: 'CODE_USED', fieldErrors: { code: ['CODE_USED'] } };
    await startOwnerSession(r.msisdn, now, r.reference);
    return { ok: true };
  } catch (e) {
    return actionFailure('application submit failed', e);
  }
}

export type NumbersActionResult = { ok: true; numbers: SeenNumber[] } | ActionFailure;

/**
 * The application's first check before any code is sent: may these devices get an application,
 * and which numbers did the network see in them (masked)? Refused devices are explained here,
 * before a code costs anything.
 */
export async function applyNumbersAction(form: FormData): Promise<NumbersActionResult> {
  const parsed = applicationFields.pick({ imei1: true, imei2: true }).safeParse({ imei1: formText(form, 'imei1'), imei2: formText(form, 'imei2') });
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const prisma = await db();
    const now = new Date();
    const imeis = applicationIdentities(parsed.data);
    const numbers = await seenNumbers(prisma, imeis.map((p) => p.identity), now);
    // Someone who may prove possession may take over an application filed without that proof
    // (whether they do is decided with the code: lib/data/applications.ts submitApplication).
    const identities = imeis.map((p) => p.identity);
    const eligible = await applicationEligibility(prisma, imeis, { msisdn: null, possession: numbers.length > 0, seenWith: identities }, now);
    if (!eligible.ok) return { ok: false, code: eligible.code, fieldErrors: { [eligible.field]: [eligible.code] } };
    // Without an SMS transport no code can be sent: said now, not after the owner chose a number.
    if (!config().notify.sms) return { ok: false, code: 'SMS_UNAVAILABLE', fieldErrors: {} };
    return { ok: true, numbers };
  } catch (e) {
    return actionFailure('application numbers failed', e);
  }
}

/** Sends the code for an application: to a number the network saw in the device, or a typed one. */
export async function requestApplyCodeAction(form: FormData): Promise<CodeActionResult> {
  const locale = localeOf(form.get('locale'));
  const imeiFields = applicationFields.pick({ imei1: true, imei2: true }).safeParse({ imei1: formText(form, 'imei1'), imei2: formText(form, 'imei2') });
  if (!imeiFields.success) return invalid(imeiFields.error);
  const parsed = codeRequestSchema.safeParse({ to: formText(form, 'to'), phone: formText(form, 'phone') });
  if (!parsed.success) return invalid(parsed.error);
  return sendCode(locale, {
    purpose: 'APPLY',
    identities: applicationIdentities(imeiFields.data).map((p) => p.identity),
    to: parsed.data.to === 'typed' ? { phone: parsed.data.phone } : { seen: parsed.data.to },
  });
}

export type StatusActionResult = { ok: true; view: StatusView } | (ActionFailure & { retryAtText?: string });

/**
 * Reference and IIN in, status out; a wrong one of them gets the same NOT_FOUND as a wrong both.
 * Throttled per reference and per address (lib/data/applications.ts lookUpApplication).
 */
export async function lookupApplicationAction(form: FormData): Promise<StatusActionResult> {
  const locale = localeOf(form.get('locale'));
  const parsed = statusLookupSchema.safeParse(statusLookupInput(form));
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const r = await lookUpApplication(await db(), parsed.data.reference, parsed.data.iin, { ip: await requestIp() });
    if (r.ok) return { ok: true, view: await statusView(r.view, locale) };
    if (r.code === 'THROTTLED') return { ok: false, code: 'STATUS_THROTTLED', fieldErrors: {}, retryAtText: await clockTime(locale, r.retryAt) };
    return { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
  } catch (e) {
    return actionFailure('application lookup failed', e);
  }
}

/**
 * More documents when they were asked for: by reference and IIN (the status page, throttled like
 * the lookup), or by reference alone to the holder of the number it was filed with ("my applications").
 */
export async function addDocumentsAction(form: FormData): Promise<StatusActionResult> {
  const locale = localeOf(form.get('locale'));
  const parsed = await addDocumentsSchema.safeParseAsync({
    reference: String(form.get('reference') ?? ''),
    iin: String(form.get('iin') ?? ''),
    documents: files(form),
  });
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const prisma = await db();
    let iin = parsed.data.iin;
    if (!iin) {
      const owner = await currentOwner();
      const mine = owner ? await ownerIin(prisma, parsed.data.reference, owner.msisdn) : null;
      if (!mine) return { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
      iin = mine;
    } else {
      const r = await lookUpApplication(prisma, parsed.data.reference, iin, { ip: await requestIp() });
      if (!r.ok) return r.code === 'THROTTLED' ? { ok: false, code: 'STATUS_THROTTLED', fieldErrors: {}, retryAtText: await clockTime(locale, r.retryAt) } : { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
    }
    const r = await addDocuments(prisma, parsed.data.reference, iin, parsed.data.documents);
    if (!r.ok) return { ok: false, code: r.code, fieldErrors: r.field ? { [r.field]: [r.code] } : {} };
    const view = await findApplicationForOwner(prisma, parsed.data.reference, iin);
    if (!view) return { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
    return { ok: true, view: await statusView(view, locale) };
  } catch (e) {
    return actionFailure('adding documents failed', e);
  }
}
