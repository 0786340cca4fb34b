/**
 * The database going away and coming back, for real: a TCP proxy (e2e/support/db-proxy.ts)
 * between the shared client's pool and the test's PostgreSQL is cut and restored. While cut every
 * query fails with an error recognised as "database unavailable" (and marked for the pages'
 * error boundary); once restored the same client answers again, without being recreated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { startDbProxy, type DbProxy } from '../../e2e/support/db-proxy';
import { createTestDb } from './test-db';
import { createClient, type Db } from './prisma';
import { readiness } from './readiness';
import { loadDeviceFacts } from './device-facts';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './database-unavailable';

let proxy: DbProxy;
let prisma: Db;
let pool: pg.Pool;
let dispose: () => Promise<void>;

beforeAll(async () => {
  const t = await createTestDb();
  dispose = t.dispose;
  const target = new URL(t.databaseUrl);
  proxy = await startDbProxy({
    port: 0,
    target: { host: target.hostname, port: Number(target.port) },
  });
  const through = new URL(t.databaseUrl);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  prisma = createClient(through.toString());
  pool = new pg.Pool({
    ...parseIntoClientConfig(through.toString()),
    max: 2,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => {});
});
afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
  await proxy?.close();
  await dispose?.();
});

/** Polls until `fn` resolves (a bounded wait for recovery, not a timed assertion). */
async function eventually<T>(fn: () => Promise<T>, tries = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

const slow = { timeoutMs: 60_000 };
const identity = '35209900176148';

describe('the database unreachable, then back', () => {
  it('fails recognisably while cut and recovers by itself when restored', async () => {
    // warm: connections are open in both pools
    expect(await readiness(prisma, slow)).toEqual({ ready: true });
    await loadDeviceFacts(prisma, identity);
    await pool.query('SELECT 1');
    expect(proxy.open()).toBeGreaterThan(0);

    proxy.cut();
    // the connections that were open die; new ones are refused
    const e1 = await failure(loadDeviceFacts(prisma, identity));
    expect(isDatabaseUnavailable(e1)).toBe(true);
    expect((e1 as { digest?: string }).digest).toBe(DATABASE_UNAVAILABLE);
    const e2 = await failure(prisma.$transaction(async (tx) => tx.application.count()));
    expect(isDatabaseUnavailable(e2)).toBe(true);
    const e3 = await failure(pool.query('SELECT 1'));
    expect(isDatabaseUnavailable(e3)).toBe(true);
    expect(await readiness(prisma, slow)).toEqual({ ready: false, code: 'DATABASE_UNREACHABLE' });

    proxy.restore();
    // the same clients, not recreated: their pools open new connections
    await eventually(() => loadDeviceFacts(prisma, identity));
    await eventually(() => prisma.$transaction(async (tx) => tx.application.count()));
    await eventually(() => pool.query('SELECT 1'));
    expect(await readiness(prisma, slow)).toEqual({ ready: true });
  });

  it('does not take other failures for an outage', async () => {
    const e = await failure(prisma.$queryRawUnsafe('SELECT * FROM no_such_table'));
    expect(isDatabaseUnavailable(e)).toBe(false);
    expect((e as { digest?: string }).digest).toBeUndefined();
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
