/**
 * Creating an API client: one schema for the admin form (react-hook-form in the browser), its
 * server action and the `api-client:create` CLI. Messages are stable codes (errors.<CODE>).
 *
 * A client with `legality` must be a supplier (kind and organisation, both or neither); one with
 * `eir` or `registrations` must name its mobile operator.
 */
import './zod-setup';
import { z } from 'zod';
import { API_SCOPES } from '../domain/api-clients';
import { LEGALITY_SOURCES } from '../domain/verdict';
import { freeText } from './text';

/** An empty select or text box means "not given". */
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
/** Checkboxes: none checked may come as false or nothing, one as a string (FormData), several as an array. */
const toArray = (v: unknown) =>
  v === undefined || v === null || v === false || v === '' ? [] : Array.isArray(v) ? v : [v];

export const apiClientSchema = z
  .object({
    name: freeText(100, { length: 1, code: 'CLIENT_NAME_REQUIRED' }),
    scopes: z.preprocess(
      toArray,
      z.array(z.enum(API_SCOPES, { error: 'SCOPE_INVALID' })).min(1, { error: 'SCOPE_REQUIRED' }),
    ),
    operator: freeText(100).optional(),
    supplierSource: z.preprocess(
      emptyToUndefined,
      z.enum(LEGALITY_SOURCES, { error: 'SUPPLIER_INVALID' }).optional(),
    ),
    organisation: freeText(200).optional(),
  })
  .superRefine((v, ctx) => {
    const supplier = !!v.supplierSource;
    const organisation = !!v.organisation;
    if (v.scopes.includes('legality') && !supplier && !organisation) {
      ctx.addIssue({ code: 'custom', path: ['supplierSource'], message: 'SUPPLIER_REQUIRED' });
    } else if (supplier && !organisation) {
      ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'ORGANISATION_REQUIRED' });
    } else if (organisation && !supplier) {
      ctx.addIssue({ code: 'custom', path: ['supplierSource'], message: 'SUPPLIER_KIND_REQUIRED' });
    }
    if ((v.scopes.includes('registrations') || v.scopes.includes('eir')) && !v.operator) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'OPERATOR_REQUIRED' });
    }
  });

/** What the form holds before parsing (strings and checkbox values). */
export type ApiClientFormInput = z.input<typeof apiClientSchema>;
export type ApiClientInput = z.infer<typeof apiClientSchema>;
