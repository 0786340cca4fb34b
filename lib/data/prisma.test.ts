import { describe, expect, it } from 'vitest';
import { isBusy, retryOnBusy, sqlitePath } from './prisma';

describe('retryOnBusy', () => {
  it('starts a transaction over when SQLite says busy, and gives up on anything else', async () => {
    let calls = 0;
    const busy = Object.assign(new Error(''), { cause: { kind: 'SocketTimeout' } });
    expect(await retryOnBusy(async () => (++calls < 3 ? Promise.reject(busy) : 'done'))).toBe('done');
    expect(calls).toBe(3);
    await expect(retryOnBusy(async () => Promise.reject(new Error('constraint')))).rejects.toThrow('constraint');
  });
  it('recognises busy errors however they are wrapped', () => {
    expect(isBusy(new Error('SQLITE_BUSY: database is locked'))).toBe(true);
    expect(isBusy({ meta: { driverAdapterError: { cause: { kind: 'SocketTimeout' } } } })).toBe(true);
    expect(isBusy(new Error('UNIQUE constraint failed'))).toBe(false);
  });
});

describe('sqlitePath', () => {
  it('reads file: URLs, relative to the working directory or absolute', () => {
    expect(sqlitePath('file:/var/lib/portal.db')).toBe('/var/lib/portal.db');
    expect(sqlitePath('file:./data/portal.db')).toBe(`${process.cwd()}/data/portal.db`);
  });
});
