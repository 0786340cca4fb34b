/**
 * The second step's forms (staff sign-in), shared by react-hook-form in the browser and the server
 * actions (app/_actions/two-factor.ts). Messages are stable codes (errors.<CODE>).
 */
import { z } from 'zod';
import { parseSecondFactor } from '../domain/two-factor';

const code = z
  .string()
  .trim()
  .min(1, 'TWO_FACTOR_CODE_REQUIRED')
  .max(64, 'TWO_FACTOR_CODE_INVALID');

/** Enrolment: the six digits the app shows now. */
export const enrolCodeSchema = z.object({
  code: code.refine((v) => parseSecondFactor(v)?.kind === 'totp', 'TWO_FACTOR_ENROL_CODE_INVALID'),
});

/** Signing in: six digits from the app, or a recovery code. */
export const secondFactorSchema = z.object({
  code: code.refine((v) => parseSecondFactor(v) !== null, 'TWO_FACTOR_CODE_INVALID'),
});

/** "I have saved the recovery codes." */
export const recoverySavedSchema = z.object({
  saved: z.literal('on', 'RECOVERY_CODES_SAVED_REQUIRED'),
});

export const resetTwoFactorSchema = z.object({
  userId: z.coerce.number().int().positive('INVALID_INPUT'),
});
