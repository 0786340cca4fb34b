/**
 * Free text from people: control characters (NUL among them, which PostgreSQL's text cannot hold)
 * are dropped; tabs and line breaks stay. Shared by the forms' schemas.
 */
import './zod-setup';
import { z } from 'zod';

const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function withoutControls(s: string): string {
  return s.replace(CONTROLS, '');
}

/** Trimmed free text without control characters, at most `max` characters (TEXT_TOO_LONG), empty by default. */
export function freeText(max: number, min?: { length: number; code: string }) {
  const checked = min
    ? z.string().min(min.length, min.code).max(max, 'TEXT_TOO_LONG')
    : z.string().max(max, 'TEXT_TOO_LONG');
  return z
    .string()
    .default('')
    .transform((s) => withoutControls(s).trim())
    .pipe(checked);
}
