'use client';
import { useEffect, type RefObject } from 'react';
import type { FieldErrors, UseFormReturn } from 'react-hook-form';
import { DEVICE_FIELDS, type ApplicationFormInput } from '@/lib/schemas/application-form';

/** What the application's steps share: the one react-hook-form instance over the shared schema. */
export type ApplyForm = UseFormReturn<ApplicationFormInput>;

/** The steps, in order; each has its own history entry (`?step=`), so the browser's Back works. */
export const STEPS = ['device', 'details', 'review', 'verify'] as const;
export type Step = (typeof STEPS)[number];

export { DEVICE_FIELDS, DETAIL_FIELDS, FIELD_ORDER } from '@/lib/schemas/application-form';

/** The step that asks for a field (a path such as `documents.1` belongs to its field). */
export function stepOf(path: string): Step {
  return (DEVICE_FIELDS as readonly string[]).includes(path.split('.')[0]) ? 'device' : 'details';
}

/** Why the first step can refuse a device, each explained with what to do instead (apply.refusal). */
export const REFUSALS = [
  'ALREADY_WHITE',
  'NOT_CURABLE',
  'WINDOW_EXPIRED',
  'APPLICATION_EXISTS',
] as const;
export type RefusalCode = (typeof REFUSALS)[number];
export type Refusal = { code: RefusalCode; field: string; reference?: string };
export const isRefusal = (code: string): code is RefusalCode =>
  (REFUSALS as readonly string[]).includes(code);

/** A random UUID even where crypto.randomUUID is missing (plain-HTTP origins). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type DocumentErrors = { message?: string; [i: number]: { message?: string } | undefined };

/** The error code of a field, if any (react-hook-form holds the schema's codes as messages). */
export function errorCode(
  errors: FieldErrors<ApplicationFormInput>,
  field: string,
): string | undefined {
  return (errors as Record<string, { message?: string } | undefined>)[field]?.message || undefined;
}

/** The code of each chosen file's error, by position. */
export function fileErrorCodes(
  errors: FieldErrors<ApplicationFormInput>,
  files: File[],
): (string | undefined)[] {
  const docs = errors.documents as DocumentErrors | undefined;
  return files.map((_, i) => docs?.[i]?.message);
}

/**
 * Where focus goes when a step appears: its heading (a new step, or Back), a field (after "Change"),
 * the error summary or a refusal. Never left on <body>.
 */
export function useArrivalFocus(
  target: string | null,
  heading: RefObject<HTMLHeadingElement | null>,
) {
  useEffect(() => {
    if (!target) return;
    const el = target === 'heading' ? heading.current : document.getElementById(target);
    (el ?? heading.current)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately run only when this says, not on every change
  }, []); // only when the step appears
}
