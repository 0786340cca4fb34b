import { afterEach, describe, expect, it, vi } from 'vitest';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actionFailure, fail, fieldErrorsOf, guarded, invalid } from './server-action';

afterEach(() => vi.restoreAllMocks());

const schema = z.object({
  imei: z.string().min(1, 'IMEI_REQUIRED').regex(/^\d+$/, 'IMEI_NOT_DIGITS'),
  phone: z.string().min(1, 'PHONE_REQUIRED'),
  note: z.string().max(3, 'a message that is not a code'),
});

describe('server action answers', () => {
  it("maps zod's issues to each field's codes, once each, and anything else to INVALID_INPUT", () => {
    const r = schema.safeParse({ imei: '', phone: '', note: 'long' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrorsOf(r.error)).toEqual({
      imei: ['IMEI_REQUIRED', 'IMEI_NOT_DIGITS'],
      phone: ['PHONE_REQUIRED'],
      note: ['INVALID_INPUT'],
    });
    expect(invalid(r.error)).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      fieldErrors: fieldErrorsOf(r.error),
    });
  });

  it('a refusal has the one shape', () => {
    expect(fail('NOT_FOUND')).toEqual({ ok: false, code: 'NOT_FOUND', fieldErrors: {} });
    expect(fail('PHONE_FORMAT', { phone: ['PHONE_FORMAT'] })).toEqual({
      ok: false,
      code: 'PHONE_FORMAT',
      fieldErrors: { phone: ['PHONE_FORMAT'] },
    });
  });

  it('an unexpected error is one log line with a request id and the error class, never its message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await guarded('filing failed', async () => {
      throw new TypeError('IIN 900101300123 and +77011234567 inside');
    });
    expect(r).toEqual({ ok: false, code: 'UNEXPECTED', fieldErrors: {} });
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0][0]);
    expect(line).toMatch(/^filing failed \[request [0-9a-f]{8}\]: TypeError$/);
    expect(line).not.toContain('900101300123');
  });

  it('an unreachable database is told apart', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(actionFailure('x', e).code).toBe('DATABASE_UNAVAILABLE');
  });

  it("lets Next's redirect through and answers the body's value", async () => {
    await expect(guarded('x', async () => redirect('/kk/admin'))).rejects.toThrow();
    expect(await guarded('x', async () => ({ ok: true as const }))).toEqual({ ok: true });
  });
});
