'use server';
/**
 * The owner's side of a proof of legal import: file an application, follow it, add documents.
 * Thin: parse with the shared zod schema, call the data layer, return codes and small views
 * with dates already formatted on the server. No personal data is logged.
 */
import { redirect } from 'next/navigation';
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
} from '@/lib/data/applications';
import {
  addDocumentsSchema,
  DETAIL_FIELDS,
  DEVICE_FIELDS,
  applicationFields,
  applicationFormInput,
  applicationFormSchema,
  statusLookupInput,
  statusLookupSchema,
} from '@/lib/schemas/application-form';
import { codeEntrySchema, codeRequestSchema } from '@/lib/schemas/code-forms';
import { codeUsedFor, seenNumbers, type SeenNumber } from '@/lib/data/one-time-codes';
import { config } from '@/lib/config';
import { codeSentTo } from '@/lib/domain/phone';
import { sendCode, type CodeActionResult } from '../_lib/send-code';
import { clockTime } from '../_lib/clock-time';
import { statusView, type StatusView } from '../_lib/status-view';
export type { StatusView };
import { currentOwner, startOwnerSession } from '@/lib/data/current-owner';
import { requestIp } from '@/lib/data/request-ip';
import { giveBack, take } from '@/lib/data/rate-limits';
import {
  actionFailure,
  fail,
  invalid,
  type Failure,
  type FieldErrors,
} from '../_lib/server-action';

export type ActionFailure = Failure & { reference?: string };

function localeOf(value: FormDataEntryValue | null): 'kk' | 'ru' {
  const s = String(value ?? '');
  return hasLocale(routing.locales, s) ? s : routing.defaultLocale;
}

function files(form: FormData): File[] {
  return form
    .getAll('documents')
    .filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
}

export type SubmitActionResult =
  { ok: true } | (ActionFailure & { triesLeft?: number; retryAtText?: string });

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
  if (!parsed.success) return invalid(parsed.error);
  const code = codeEntrySchema.safeParse({ code: text('code'), challengeId: text('challengeId') });
  if (!code.success) return invalid(code.error);
  try {
    const now = new Date();
    // Per address as well as per verified number (lib/data/rate-limits.ts): counted before filing,
    // given back when nothing was filed.
    const ip = await requestIp();
    const perAddress = await take('applicationsPerAddress', ip);
    if (!perAddress.ok)
      return {
        ok: false,
        code: 'TOO_MANY_APPLICATIONS',
        fieldErrors: { code: ['TOO_MANY_APPLICATIONS'] },
        retryAtText: await clockTime(locale, perAddress.retryAt),
      };
    const r = await submitApplication(await db(), parsed.data, parsed.data.documents, {
      locale,
      now,
      code: code.data,
    });
    if (!r.ok || r.repeated) await giveBack('applicationsPerAddress', ip);
    if (!r.ok) {
      if (r.code === 'TOO_MANY_APPLICATIONS')
        return {
          ok: false,
          code: r.code,
          fieldErrors: { code: [r.code] },
          retryAtText: await clockTime(locale, r.retryAt),
        };
      return {
        ok: false,
        code: r.code,
        fieldErrors: r.field ? { [r.field]: [r.code] } : {},
        reference: r.reference,
        triesLeft: r.triesLeft,
      };
    }
    // A repeat (double click, retry) opens the session only with the very code that filed it.
    if (r.repeated && !(await codeUsedFor(await db(), code.data.challengeId, r.msisdn)))
      return fail('CODE_USED', { code: ['CODE_USED'] });
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
  const parsed = applicationFields
    .pick({ imei1: true, imei2: true })
    .safeParse({ imei1: formText(form, 'imei1'), imei2: formText(form, 'imei2') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const prisma = await db();
    const now = new Date();
    const imeis = applicationIdentities(parsed.data);
    const numbers = await seenNumbers(
      prisma,
      imeis.map((p) => p.identity),
      now,
    );
    // Someone who may prove possession may take over an application filed without that proof
    // (whether they do is decided with the code: lib/data/applications.ts submitApplication).
    const identities = imeis.map((p) => p.identity);
    const eligible = await applicationEligibility(
      prisma,
      imeis,
      { msisdn: null, possession: numbers.length > 0, seenWith: identities },
      now,
    );
    if (!eligible.ok)
      return { ok: false, code: eligible.code, fieldErrors: { [eligible.field]: [eligible.code] } };
    // Without an SMS transport no code can be sent: said now, not after the owner chose a number.
    if (!config().notify.sms) return fail('SMS_UNAVAILABLE');
    return { ok: true, numbers };
  } catch (e) {
    return actionFailure('application numbers failed', e);
  }
}

/** Sends the code for an application: to a number the network saw in the device, or a typed one. */
export async function requestApplyCodeAction(form: FormData): Promise<CodeActionResult> {
  const locale = localeOf(form.get('locale'));
  const imeiFields = applicationFields
    .pick({ imei1: true, imei2: true })
    .safeParse({ imei1: formText(form, 'imei1'), imei2: formText(form, 'imei2') });
  if (!imeiFields.success) return invalid(imeiFields.error);
  const parsed = codeRequestSchema.safeParse({
    to: formText(form, 'to'),
    phone: formText(form, 'phone'),
  });
  if (!parsed.success) return invalid(parsed.error);
  return sendCode(locale, {
    purpose: 'APPLY',
    identities: applicationIdentities(imeiFields.data).map((p) => p.identity),
    to: parsed.data.to === 'typed' ? { phone: parsed.data.phone } : { seen: parsed.data.to },
  });
}

export type StatusActionResult =
  { ok: true; view: StatusView } | (ActionFailure & { retryAtText?: string });

/**
 * Reference and IIN in, status out; a wrong one of them gets the same NOT_FOUND as a wrong both.
 * Throttled per reference and per address (lib/data/applications.ts lookUpApplication).
 */
export async function lookupApplicationAction(form: FormData): Promise<StatusActionResult> {
  const locale = localeOf(form.get('locale'));
  const parsed = statusLookupSchema.safeParse(statusLookupInput(form));
  if (!parsed.success) return invalid(parsed.error);
  try {
    const r = await lookUpApplication(await db(), parsed.data.reference, parsed.data.iin, {
      ip: await requestIp(),
    });
    if (r.ok) return { ok: true, view: await statusView(r.view, locale) };
    if (r.code === 'THROTTLED')
      return {
        ok: false,
        code: 'STATUS_THROTTLED',
        fieldErrors: {},
        retryAtText: await clockTime(locale, r.retryAt),
      };
    return fail('NOT_FOUND');
  } catch (e) {
    return actionFailure('application lookup failed', e);
  }
}

/** The status form's state: the lookup's answer and what was typed (a form posted without script shows it again). */
export type StatusFormState = StatusActionResult & {
  values: { reference: string; iin: string };
  /** Why documents added by a form posted without script were refused (the status is shown again with it) */
  documents?: Failure;
};

/**
 * The status page's forms posted as plain forms (useActionState): work before the page's script
 * has loaded, or without it, with the same answers and errors. The lookup by default; with
 * `intent=documents`, the documents asked for (addDocumentsAction: the same schema, the same
 * reference and IIN, checked and throttled as a lookup, in the form's body, never the URL).
 */
export async function statusFormAction(
  _previous: StatusFormState | null,
  form: FormData,
): Promise<StatusFormState> {
  const values = { reference: formText(form, 'reference') ?? '', iin: formText(form, 'iin') ?? '' };
  if (formText(form, 'intent') !== 'documents')
    return { ...(await lookupApplicationAction(form)), values };
  const added = await addDocumentsAction(form);
  // Added: the new status and documents. Not the owner's, or too many tries: as a lookup says it.
  if (added.ok || added.code === 'NOT_FOUND' || added.code === 'STATUS_THROTTLED')
    return { ...added, values };
  // Refused documents: the status again, with why (nothing was added).
  const shown = await lookupApplicationAction(form);
  return shown.ok
    ? { ...shown, values, documents: fail(added.code, added.fieldErrors) }
    : { ...shown, values };
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
  if (!parsed.success) return invalid(parsed.error);
  try {
    const prisma = await db();
    let iin = parsed.data.iin;
    if (!iin) {
      const owner = await currentOwner();
      const mine = owner ? await ownerIin(prisma, parsed.data.reference, owner.msisdn) : null;
      if (!mine) return fail('NOT_FOUND');
      iin = mine;
    } else {
      const r = await lookUpApplication(prisma, parsed.data.reference, iin, {
        ip: await requestIp(),
      });
      if (!r.ok)
        return r.code === 'THROTTLED'
          ? {
              ok: false,
              code: 'STATUS_THROTTLED',
              fieldErrors: {},
              retryAtText: await clockTime(locale, r.retryAt),
            }
          : fail('NOT_FOUND');
    }
    const r = await addDocuments(prisma, parsed.data.reference, iin, parsed.data.documents);
    if (!r.ok)
      return { ok: false, code: r.code, fieldErrors: r.field ? { [r.field]: [r.code] } : {} };
    const view = await findApplicationForOwner(prisma, parsed.data.reference, iin);
    if (!view) return fail('NOT_FOUND');
    return { ok: true, view: await statusView(view, locale) };
  } catch (e) {
    return actionFailure('adding documents failed', e);
  }
}

/** The application's text answers, as a form posted without script carries them from step to step. */
const CARRIED = [
  ...DEVICE_FIELDS,
  ...DETAIL_FIELDS.filter((f) => f !== 'documents' && f !== 'consent'),
  'idempotencyKey',
  'challengeId',
  'masked',
  'possession',
];

/**
 * Where an application filed without script stands: the step, the answers to show again (never the
 * files: a browser cannot keep them, and the page says so), and what went wrong.
 */
export type NoScriptApplyState = {
  step: 'device' | 'phone' | 'details';
  values: Record<string, string>;
  fieldErrors: FieldErrors;
  /** A problem not tied to a field (errors.<code>, codes.<...>) */
  code?: string;
  refusal?: { code: string; field: string; reference?: string };
  numbers?: SeenNumber[];
  retryAtText?: string;
  triesLeft?: number;
  filesAgain?: boolean;
};

/**
 * The application as plain forms posted to the server, for a browser without script (or before
 * it has loaded): the device (refused early, as with script), the phone and its code, then the
 * answers, the documents and the code in one form. The same schema, checks and errors as with script.
 */
export async function applyWithoutScriptAction(
  _previous: NoScriptApplyState | null,
  form: FormData,
): Promise<NoScriptApplyState> {
  const locale = localeOf(form.get('locale'));
  const intent = formText(form, 'intent') ?? 'device';
  const values: Record<string, string> = Object.fromEntries(
    CARRIED.map((k) => [k, formText(form, k) ?? '']),
  );
  values.idempotencyKey ||= crypto.randomUUID();

  const refusalOf = (r: ActionFailure) =>
    ['ALREADY_WHITE', 'NOT_CURABLE', 'WINDOW_EXPIRED', 'APPLICATION_EXISTS'].includes(r.code)
      ? { code: r.code, field: Object.keys(r.fieldErrors)[0] ?? 'imei1', reference: r.reference }
      : undefined;

  if (intent === 'device') {
    const r = await applyNumbersAction(form);
    if (r.ok) return { step: 'phone', values, fieldErrors: {}, numbers: r.numbers };
    const refusal = refusalOf(r);
    return refusal
      ? { step: 'device', values, fieldErrors: {}, refusal }
      : { step: 'device', values, fieldErrors: r.fieldErrors, code: r.code };
  }
  if (intent === 'code') {
    const r = await requestApplyCodeAction(form);
    if (r.ok)
      return {
        step: 'details',
        values: {
          ...values,
          challengeId: r.challengeId,
          // the number typed is shown whole (a typo can be seen), one the network saw stays masked
          masked: codeSentTo(
            { to: String(form.get('to') ?? ''), phone: String(form.get('phone') ?? '') },
            r.masked,
          ),
          possession: String(r.possession),
        },
        fieldErrors: {},
      };
    const again = await applyNumbersAction(form);
    return {
      step: 'phone',
      values,
      fieldErrors: r.fieldErrors,
      code: r.code,
      retryAtText: r.retryAtText,
      numbers: again.ok ? again.numbers : [],
    };
  }
  const r = await submitApplicationAction(form);
  if (r.ok) redirect(`/${locale}/apply/done`);
  const refusal = refusalOf(r);
  if (refusal) return { step: 'device', values, fieldErrors: {}, refusal };
  return {
    step: 'details',
    values,
    fieldErrors: r.fieldErrors,
    code: r.code,
    retryAtText: r.retryAtText,
    triesLeft: r.triesLeft,
    filesAgain: true,
  };
}
