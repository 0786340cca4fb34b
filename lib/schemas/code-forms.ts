/**
 * The two small forms of a one-time code, shared by react-hook-form and the server actions:
 * where to send the code (one of the numbers the network saw in the device, or a typed number),
 * and the code itself. Messages are stable codes the UI translates (errors.<CODE>).
 */
import './zod-setup';
import { z } from 'zod';
import { normaliseKzMobile } from '../domain/phone';
import { normaliseCode } from '../domain/one-time-codes';

/** `to` is a seen number's id (n123) or "typed" (then `phone` is the number). */
export const codeRequestSchema = z
  .object({
    to: z.string().max(24).default(''),
    phone: z.string().default(''),
  })
  .superRefine((v, ctx) => {
    if (!v.to) return ctx.addIssue({ code: 'custom', message: 'NUMBER_REQUIRED', path: ['to'] });
    if (v.to !== 'typed' && !/^n\d{1,12}$/.test(v.to))
      return ctx.addIssue({ code: 'custom', message: 'NUMBER_REQUIRED', path: ['to'] });
    if (v.to === 'typed') {
      if (v.phone.length > 40)
        return ctx.addIssue({ code: 'custom', message: 'PHONE_FORMAT', path: ['phone'] });
      const r = normaliseKzMobile(v.phone);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code, path: ['phone'] });
    }
  });
export type CodeRequestInput = z.input<typeof codeRequestSchema>;

/** What the server needs besides: which code (the challenge) it is. */
export const codeEntrySchema = z.object({
  code: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (v.length > 20) return ctx.addIssue({ code: 'custom', message: 'CODE_INVALID' });
      if (!v.trim()) return ctx.addIssue({ code: 'custom', message: 'CODE_REQUIRED' });
      if (!normaliseCode(v)) ctx.addIssue({ code: 'custom', message: 'CODE_INVALID' });
    }),
  challengeId: z.string().max(64).default(''),
});
export type CodeEntryInput = z.input<typeof codeEntrySchema>;

/** "My applications" and watching a device: the owner's own number. */
export const ownerPhoneSchema = z.object({
  phone: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      if (v.length > 40) return ctx.addIssue({ code: 'custom', message: 'PHONE_FORMAT' });
      const r = normaliseKzMobile(v);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
    }),
});
export type OwnerPhoneInput = z.input<typeof ownerPhoneSchema>;
