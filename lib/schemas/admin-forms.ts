/**
 * The staff forms' schemas, shared by react-hook-form in the browser and the admin server
 * actions. Messages are stable codes (errors.<CODE>).
 */
import './zod-setup';
import { z } from 'zod';
import { freeText } from './text';
import { MIN_PASSWORD_LENGTH, NOTE_MIN_LENGTH } from '../domain/staff-rules';
import { FEED_KINDS } from '../feeds/feed-kinds';
import { FEED_UPLOAD_MAX_BYTES } from '../feeds/limits';
import { REJECTION_REASONS } from '../domain/rejection-reasons';

const email = z
  .string()
  .trim()
  .min(1, 'EMAIL_REQUIRED')
  .max(200, 'TEXT_TOO_LONG')
  .email('EMAIL_INVALID');
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, 'PASSWORD_TOO_SHORT')
  .max(256, 'PASSWORD_TOO_LONG');

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'EMAIL_REQUIRED').max(200, 'TEXT_TOO_LONG'),
  password: z.string().min(1, 'PASSWORD_REQUIRED').max(256, 'PASSWORD_TOO_LONG'),
});

export const staffCreateSchema = z.object({
  email,
  role: z.enum(['support', 'admin'], 'ROLE_INVALID'),
  password,
});

export const resetPasswordSchema = z.object({
  userId: z.coerce.number().int().positive('INVALID_INPUT'),
  password,
});

/**
 * The day the owner is asked to respond by (YYYY-MM-DD, Astana), today or later, within a year.
 * Compared by calendar day in Astana time, in the browser and on the server alike.
 */
const respondByDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'RESPOND_BY_INVALID')
  .refine((d) => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date());
    const max = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(
      new Date(Date.now() + 366 * 86_400_000),
    );
    return !Number.isNaN(Date.parse(d)) && d >= today && d <= max;
  }, 'RESPOND_BY_INVALID');

const reference = z.string().min(1, 'REFERENCE_REQUIRED').max(20, 'REFERENCE_INVALID');
const version = z.coerce.number().int().min(0, 'INVALID_INPUT');

export const decisionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('approve'), reference, version, note: freeText(2000) }),
    z.object({
      kind: z.literal('reject'),
      reference,
      version,
      reason: z.enum(REJECTION_REASONS, 'REJECTION_REASON_REQUIRED'),
      note: freeText(2000),
    }),
    z.object({
      kind: z.literal('request-info'),
      reference,
      version,
      note: freeText(2000, { length: NOTE_MIN_LENGTH, code: 'NOTE_REQUIRED' }),
      respondBy: respondByDay,
    }),
  ],
  'INVALID_INPUT',
);

export const feedUploadSchema = z.object({
  kind: z.enum(FEED_KINDS, 'FEED_KIND_REQUIRED'),
  file: z
    .custom<File>((v) => typeof File !== 'undefined' && v instanceof File, 'FEED_FILE_REQUIRED')
    .refine((f) => f.size > 0, 'DOCUMENT_EMPTY')
    .refine((f) => f.size <= FEED_UPLOAD_MAX_BYTES, 'FEED_FILE_TOO_LARGE'),
});

export const searchSchema = z.object({
  term: z.string().trim().min(1, 'SEARCH_REQUIRED').max(40, 'TEXT_TOO_LONG'),
});
