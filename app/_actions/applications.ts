'use server';
/**
 * The owner's side of a proof of legal import: file an application, follow it, add documents.
 * Thin: parse with the shared zod schema, call the data layer, return codes and small views
 * with dates already formatted on the server. No personal data is logged.
 */
import { getFormatter } from 'next-intl/server';
import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import { addDocuments, findApplicationForOwner, reviewDeadline, submitApplication, type OwnerApplicationView } from '@/lib/data/applications';
import { addDocumentsSchema, applicationFormSchema, statusLookupSchema } from '@/lib/schemas/application-form';
import { KZ_TIME_ZONE } from '@/lib/domain/time';
import type { z } from 'zod';

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

async function formatter(locale: string) {
  const format = await getFormatter({ locale });
  return {
    date: (d: Date) => format.dateTime(d, { year: 'numeric', month: 'long', day: 'numeric', timeZone: KZ_TIME_ZONE }),
    dateTime: (d: Date) =>
      format.dateTime(d, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: KZ_TIME_ZONE }),
  };
}

function files(form: FormData): File[] {
  return form.getAll('documents').filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
}

export type SubmitActionResult = { ok: true; reference: string; reviewByText: string } | ActionFailure;

export async function submitApplicationAction(form: FormData): Promise<SubmitActionResult> {
  const locale = localeOf(form.get('locale'));
  const text = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)) : undefined);
  const parsed = await applicationFormSchema.safeParseAsync({
    imei1: text('imei1'),
    imei2: text('imei2'),
    fullName: text('fullName'),
    iin: text('iin'),
    phone: text('phone'),
    email: text('email'),
    arrivalMethod: text('arrivalMethod'),
    trackingNumber: text('trackingNumber'),
    arrivalExplanation: text('arrivalExplanation'),
    entryDate: text('entryDate'),
    purchaseCountry: text('purchaseCountry'),
    customsDeclaration: text('customsDeclaration'),
    documents: files(form),
    consent: text('consent') === 'true',
    idempotencyKey: text('idempotencyKey'),
  });
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const r = await submitApplication(await db(), parsed.data, parsed.data.documents, { locale });
    if (!r.ok) return { ok: false, code: r.code, fieldErrors: { [r.field]: [r.code] }, reference: r.reference };
    const f = await formatter(locale);
    return { ok: true, reference: r.reference, reviewByText: f.date(reviewDeadline(new Date())) };
  } catch {
    console.error('application submit failed');
    return { ok: false, code: 'UNEXPECTED', fieldErrors: {} };
  }
}

export type StatusView = Omit<OwnerApplicationView, 'filedAt' | 'decidedAt' | 'events' | 'documents' | 'reviewBy' | 'respondBy'> & {
  filedAtText: string;
  respondByText: string | null;
  reviewByText: string | null;
  events: { atText: string; type: string; reason: string | null; note: string | null }[];
  documents: { name: string; sizeKb: number; uploadedAtText: string }[];
};

export type StatusActionResult = { ok: true; view: StatusView } | ActionFailure;

async function statusView(view: OwnerApplicationView, locale: string): Promise<StatusView> {
  const f = await formatter(locale);
  return {
    reference: view.reference,
    status: view.status,
    imeis: view.imeis,
    decisionReason: view.decisionReason,
    decisionNote: view.decisionNote,
    filedAtText: f.dateTime(view.filedAt),
    reviewByText: view.reviewBy ? f.date(view.reviewBy) : null,
    respondByText: view.respondBy ? f.date(view.respondBy) : null,
    events: view.events.map((e) => ({ atText: f.dateTime(e.at), type: e.type, reason: e.reason, note: e.note })),
    documents: view.documents.map((d) => ({ name: d.name, sizeKb: Math.max(1, Math.round(d.size / 1024)), uploadedAtText: f.dateTime(d.uploadedAt) })),
  };
}

/** Reference and IIN in, status out; a wrong one of them gets the same NOT_FOUND as a wrong both. */
export async function lookupApplicationAction(form: FormData): Promise<StatusActionResult> {
  const locale = localeOf(form.get('locale'));
  const parsed = statusLookupSchema.safeParse({ reference: form.get('reference') ?? '', iin: form.get('iin') ?? '' });
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const view = await findApplicationForOwner(await db(), parsed.data.reference, parsed.data.iin);
    if (!view) return { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
    return { ok: true, view: await statusView(view, locale) };
  } catch {
    console.error('application lookup failed');
    return { ok: false, code: 'UNEXPECTED', fieldErrors: {} };
  }
}

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
    const r = await addDocuments(prisma, parsed.data.reference, parsed.data.iin, parsed.data.documents);
    if (!r.ok) return { ok: false, code: r.code, fieldErrors: r.field ? { [r.field]: [r.code] } : {} };
    const view = await findApplicationForOwner(prisma, parsed.data.reference, parsed.data.iin);
    if (!view) return { ok: false, code: 'NOT_FOUND', fieldErrors: {} };
    return { ok: true, view: await statusView(view, locale) };
  } catch {
    console.error('adding documents failed');
    return { ok: false, code: 'UNEXPECTED', fieldErrors: {} };
  }
}
