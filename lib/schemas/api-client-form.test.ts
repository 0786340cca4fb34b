import { describe, expect, it } from 'vitest';
import { apiClientSchema } from './api-client-form';

function codes(input: Record<string, unknown>): Record<string, string[]> {
  const r = apiClientSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

describe('the API client schema', () => {
  it('takes an operator client and a supplier client, as the form sends them (empty strings for empty fields)', () => {
    expect(
      apiClientSchema.parse({
        name: ' Beeline EIR ',
        scopes: ['eir', 'lists'],
        operator: 'Beeline',
        supplierSource: '',
        organisation: '',
      }),
    ).toEqual({
      name: 'Beeline EIR',
      scopes: ['eir', 'lists'],
      operator: 'Beeline',
      supplierSource: undefined,
      organisation: '',
    });
    expect(
      apiClientSchema.parse({
        name: 'Alpha import',
        scopes: 'legality',
        supplierSource: 'importer',
        organisation: 'Alpha LLP',
      }),
    ).toMatchObject({
      scopes: ['legality'],
      supplierSource: 'importer',
      organisation: 'Alpha LLP',
    });
  });

  it('names every problem with a stable code on its field', () => {
    expect(codes({ name: '', scopes: [] })).toEqual({
      name: ['CLIENT_NAME_REQUIRED'],
      scopes: ['SCOPE_REQUIRED'],
    });
    expect(codes({ name: 'x', scopes: false })).toEqual({ scopes: ['SCOPE_REQUIRED'] });
    expect(codes({ name: 'x', scopes: ['root'] })).toEqual({ 'scopes.0': ['SCOPE_INVALID'] });
    expect(codes({ name: 'x'.repeat(101), scopes: ['lists'] })).toEqual({
      name: ['TEXT_TOO_LONG'],
    });
  });

  it('a legality client must be a supplier, with both the kind and the organisation', () => {
    expect(codes({ name: 'x', scopes: ['legality'] })).toEqual({
      supplierSource: ['SUPPLIER_REQUIRED'],
    });
    expect(codes({ name: 'x', scopes: ['legality'], supplierSource: 'importer' })).toEqual({
      organisation: ['ORGANISATION_REQUIRED'],
    });
    expect(codes({ name: 'x', scopes: ['lists'], organisation: 'Alpha' })).toEqual({
      supplierSource: ['SUPPLIER_KIND_REQUIRED'],
    });
    expect(
      codes({ name: 'x', scopes: ['legality'], supplierSource: 'smuggler', organisation: 'Alpha' }),
    ).toEqual({ supplierSource: ['SUPPLIER_INVALID'] });
  });

  it('an eir or registrations client must name its operator', () => {
    expect(codes({ name: 'x', scopes: ['eir'] })).toEqual({ operator: ['OPERATOR_REQUIRED'] });
    expect(codes({ name: 'x', scopes: ['registrations'], operator: '   ' })).toEqual({
      operator: ['OPERATOR_REQUIRED'],
    });
    expect(codes({ name: 'x', scopes: ['lists'] })).toEqual({});
  });
});
