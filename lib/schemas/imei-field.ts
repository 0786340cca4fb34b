/**
 * Shared zod pieces for forms: the client (react-hook-form) and the server action import the
 * same schema. Issues carry stable codes as their message; the UI translates them (errors.<CODE>).
 */
import './zod-setup';
import { z } from 'zod';
import { parseImei } from '../domain/imei';

/** A 15-digit IMEI as a person types it (separators allowed). A wrong check digit is not an
 *  input error: it is a verdict (INVALID_CHECK_DIGIT), shown with an explanation. */
export const imeiField = z.string({ error: 'IMEI_REQUIRED' }).superRefine((value, ctx) => {
  const parsed = parseImei(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.code });
});
