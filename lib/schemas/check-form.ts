import './zod-setup';
import { z } from 'zod';
import { imeiField } from './imei-field';

/** The public check form: one IMEI. */
export const checkFormSchema = z.object({ imei: imeiField });
export type CheckFormValues = z.infer<typeof checkFormSchema>;
