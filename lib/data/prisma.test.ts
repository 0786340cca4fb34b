import { describe, expect, it } from 'vitest';
import { isRetryable, retryTransaction, sqlState } from './prisma';

describe('retryTransaction', () => {
  it('runs a transaction again after a serialization failure or a deadlock, and gives up on anything else', async () => {
    let calls = 0;
    const conflict = { code: 'P2034', message: 'write conflict or deadlock' };
    expect(
      await retryTransaction(async () => (++calls < 3 ? Promise.reject(conflict) : 'done')),
    ).toBe('done');
    expect(calls).toBe(3);
    await expect(
      retryTransaction(async () => Promise.reject(new Error('constraint'))),
    ).rejects.toThrow('constraint');
  });
  it('reads the SQLSTATE wherever Prisma or pg put it', () => {
    expect(
      sqlState({
        code: 'P2010',
        meta: {
          driverAdapterError: {
            cause: { originalCode: '40001', kind: 'TransactionWriteConflict' },
          },
        },
      }),
    ).toBe('40001');
    expect(sqlState({ code: '40P01', severity: 'ERROR' })).toBe('40P01');
    expect(isRetryable({ code: '40P01' })).toBe(true);
    expect(isRetryable({ code: '23505' })).toBe(false);
    expect(isRetryable(new Error('unique'))).toBe(false);
  });
});
