/**
 * The proof-of-legal-import application: one schema for react-hook-form in the browser and the
 * server action. Every issue's message is a stable code the UI translates (errors.<CODE>).
 * Documents are checked by content (magic bytes) here too, so the browser and the server agree.
 */
import './zod-setup';
import { z } from 'zod';
import { freeText } from './text';
import { parseImei, stripSeparators } from '../domain/imei';
import { validateIin } from '../domain/iin';
import { isCountryCode } from '../domain/countries';
import { MAX_DOCUMENTS, MAX_DOCUMENT_BYTES, detectDocumentType } from '../domain/documents';
import { KZ_TIME_ZONE } from '../domain/time';
import { parseReference } from '../domain/reference';

export const ARRIVAL_METHODS = ['PERSONAL', 'POST', 'SELLER_KZ', 'GIFT', 'OTHER'] as const;
export type ArrivalMethod = (typeof ARRIVAL_METHODS)[number];

/**
 * Letters of any alphabet people here write names in (Kazakh Cyrillic and Latin, Russian,
 * Ukrainian, European: `Äsel Nūrlanqyzy`, `Jürgen Müller`, `Їжакевич Євген`), with combining marks,
 * separated by a space, apostrophe, hyphen or dot. No digits, no symbols.
 */
const NAME = /^[\p{L}\p{M}]+(?:[ '’.\-][\p{L}\p{M}]*)*$/u;

function issue(ctx: z.RefinementCtx, message: string, path?: (string | number)[]) {
  ctx.addIssue({ code: 'custom', message, path });
}

/**
 * A 15-digit IMEI with a right check digit (proof cannot cure a wrong one). An optional one left
 * blank (or only separators) is '' afterwards, so the data layer never sees "   " as an IMEI.
 */
function imei(required: boolean) {
  return z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      if (!required && stripSeparators(value) === '') return;
      const parsed = parseImei(value);
      if (!parsed.ok) return issue(ctx, parsed.code);
      if (!parsed.value.checkDigitValid) issue(ctx, 'IMEI_CHECK_DIGIT');
    })
    .transform((value) => (stripSeparators(value) === '' ? '' : value));
}

/** Today's date in Astana as YYYY-MM-DD. */
export function kzToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: KZ_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const optionalText = (max: number) => freeText(max);

/** Files as the browser and the server both hold them. */
const fileList = z.array(
  z.custom<File>((v) => typeof File !== 'undefined' && v instanceof File, 'DOCUMENTS_REQUIRED'),
);

/** 1 to 5 documents, each checked by content (see checkFiles). */
function documentsField() {
  return fileList.default([]).superRefine(async (files, ctx) => {
    if (files.length === 0) return issue(ctx, 'DOCUMENTS_REQUIRED');
    if (files.length > MAX_DOCUMENTS) return issue(ctx, 'DOCUMENTS_TOO_MANY');
    await checkFiles(files, ctx);
  });
}

/** The form's fields in the order its steps ask for them: the device first, then the rest. */
export const DEVICE_FIELDS = ['imei1', 'imei2'] as const;
export const DETAIL_FIELDS = [
  'fullName',
  'iin',
  'email',
  'arrivalMethod',
  'trackingNumber',
  'arrivalExplanation',
  'entryDate',
  'purchaseCountry',
  'customsDeclaration',
  'documents',
  'consent',
] as const;
export const FIELD_ORDER = [...DEVICE_FIELDS, ...DETAIL_FIELDS] as const;

export const applicationFields = z.object({
  imei1: imei(true),
  imei2: imei(false),
  fullName: z
    .string()
    .max(1000, 'TEXT_TOO_LONG')
    .default('')
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .superRefine((v, ctx) => {
      if (!v) return issue(ctx, 'NAME_REQUIRED');
      if (v.length > 150) return issue(ctx, 'TEXT_TOO_LONG');
      if (!NAME.test(v) || v.replace(/[^\p{L}]/gu, '').length < 2) issue(ctx, 'NAME_INVALID');
    }),
  iin: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (v.length > 40) return issue(ctx, 'IIN_FORMAT');
      const r = validateIin(v, new Date());
      if (!r.ok) issue(ctx, r.code);
    })
    .transform((v) => v.replace(/\s+/g, '')),
  email: z
    .string()
    .trim()
    .default('')
    .superRefine((v, ctx) => {
      // Bounded before anything else looks at it (RFC 5321: 254 characters at most).
      if (v.length > 254) return issue(ctx, 'TEXT_TOO_LONG');
      if (v && !z.email().safeParse(v).success) issue(ctx, 'EMAIL_INVALID');
    }),
  arrivalMethod: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (!(ARRIVAL_METHODS as readonly string[]).includes(v)) issue(ctx, 'ARRIVAL_REQUIRED');
    }),
  trackingNumber: optionalText(40),
  arrivalExplanation: optionalText(1000),
  entryDate: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (!v) return issue(ctx, 'ENTRY_DATE_REQUIRED');
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      if (!m || !d || d.getUTCDate() !== +m[3] || d.getUTCMonth() !== +m[2] - 1 || +m[1] < 2000)
        return issue(ctx, 'ENTRY_DATE_INVALID');
      if (v > kzToday()) issue(ctx, 'ENTRY_DATE_FUTURE');
    }),
  purchaseCountry: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (!isCountryCode(v)) issue(ctx, 'COUNTRY_REQUIRED');
    }),
  customsDeclaration: optionalText(60).superRefine((v, ctx) => {
    if (v && !/^[A-Za-z0-9А-Яа-я/\-. ]{5,60}$/u.test(v)) issue(ctx, 'CUSTOMS_INVALID');
  }),
  documents: documentsField(),
  consent: z
    .union([z.boolean(), z.string()])
    .default(false)
    .refine((v) => v === true || v === 'on' || v === 'true', 'CONSENT_REQUIRED'),
  idempotencyKey: z.uuid('FORM_EXPIRED'),
});

/** An HEIF/HEIC image (an iPhone's photos by default): `ftyp` at byte 4 and an HEIF brand. */
export function isHeic(head: Uint8Array): boolean {
  const text = String.fromCharCode(...head.slice(4, 12));
  return /^ftyp(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(text);
}

/**
 * Each file: not empty, at most 10 MB, a PDF, JPEG or PNG by its content. An iPhone's HEIC photo
 * gets its own code, so the owner is told how to save it as JPEG.
 */
export async function checkFiles(files: File[], ctx: z.RefinementCtx, path: string[] = []) {
  for (const [i, f] of files.entries()) {
    if (f.size === 0) issue(ctx, 'DOCUMENT_EMPTY', [...path, i]);
    else if (f.size > MAX_DOCUMENT_BYTES) issue(ctx, 'DOCUMENT_TOO_LARGE', [...path, i]);
    else {
      const head = new Uint8Array(await f.slice(0, 12).arrayBuffer());
      if (!detectDocumentType(head))
        issue(ctx, isHeic(head) ? 'DOCUMENT_HEIC' : 'DOCUMENT_TYPE', [...path, i]);
    }
  }
}

export const applicationFormSchema = applicationFields.superRefine((v, ctx) => {
  if (
    v.imei2 &&
    v.imei1 &&
    stripSeparators(v.imei2).slice(0, 14) === stripSeparators(v.imei1).slice(0, 14)
  ) {
    issue(ctx, 'IMEI2_SAME', ['imei2']);
  }
  if (v.arrivalMethod === 'POST' && !/^[A-Za-z0-9\-]{4,40}$/.test(v.trackingNumber)) {
    issue(ctx, v.trackingNumber ? 'TRACKING_INVALID' : 'TRACKING_REQUIRED', ['trackingNumber']);
  }
  if (v.arrivalMethod === 'OTHER' && v.arrivalExplanation.length < 5)
    issue(ctx, 'EXPLANATION_REQUIRED', ['arrivalExplanation']);
});

export type ApplicationFormInput = z.input<typeof applicationFormSchema>;
export type ApplicationFormValues = z.output<typeof applicationFormSchema>;

/** The owner's additional documents when more information is requested. */
export const addDocumentsSchema = z.object({
  reference: z.string().min(1, 'REFERENCE_REQUIRED').max(20, 'REFERENCE_INVALID'),
  /** Empty when the owner's session (a code to the application's number) stands in for it */
  iin: z.string().regex(/^(\d{12})?$/, 'IIN_FORMAT'),
  documents: documentsField(),
});

/** Following an application: the reference and the IIN, in a form (never in the URL). */
export const statusLookupSchema = z.object({
  reference: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (!v.trim()) return issue(ctx, 'REFERENCE_REQUIRED');
      if (!parseReference(v)) issue(ctx, 'REFERENCE_INVALID');
    }),
  iin: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      const r = validateIin(v, new Date());
      if (!r.ok) issue(ctx, r.code === 'IIN_REQUIRED' ? 'IIN_REQUIRED' : 'IIN_FORMAT');
    }),
});

/** A text field of a posted form; a file sent where text belongs counts as missing. */
export function formText(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** The files of a posted form's field; text sent where files belong is ignored. */
export function formFiles(form: FormData, name: string): File[] {
  return form
    .getAll(name)
    .filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
}

/** The application as the server action reads it from the posted form (before the schema). */
export function applicationFormInput(form: FormData): {
  [K in keyof ApplicationFormInput]-?: unknown;
} {
  const text = (k: string) => formText(form, k);
  return {
    imei1: text('imei1'),
    imei2: text('imei2'),
    fullName: text('fullName'),
    iin: text('iin'),
    email: text('email'),
    arrivalMethod: text('arrivalMethod'),
    trackingNumber: text('trackingNumber'),
    arrivalExplanation: text('arrivalExplanation'),
    entryDate: text('entryDate'),
    purchaseCountry: text('purchaseCountry'),
    customsDeclaration: text('customsDeclaration'),
    documents: formFiles(form, 'documents'),
    consent: text('consent') === 'true',
    idempotencyKey: text('idempotencyKey'),
  };
}

/** The status lookup as the server action reads it from the posted form (before the schema). */
export function statusLookupInput(form: FormData): z.input<typeof statusLookupSchema> {
  return { reference: formText(form, 'reference') ?? '', iin: formText(form, 'iin') ?? '' };
}
