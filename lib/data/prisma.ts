/**
 * The one Prisma client of a process, on PostgreSQL through `@prisma/adapter-pg` (a `pg` pool).
 * Only lib/data/* imports this module.
 */
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { PrismaClient } from '../generated/prisma/client';
import { config } from '../config';
import { markIfUnavailable } from './database-unavailable';

export type Db = PrismaClient;

/** A client with a pool of `PGPOOL_MAX` connections (several instances share one server's connections). */
export function createClient(databaseUrl = config().databaseUrl): Db {
  const adapter = new PrismaPg({
    ...parseIntoClientConfig(databaseUrl),
    max: config().poolMax,
    connectionTimeoutMillis: 10_000,
  });
  // Interactive transactions: Prisma's defaults (2 s to get a connection, 5 s to finish) are limits
  // on the machine's speed, and a transaction cut off by them fails half-way for the user. These
  // catch a hang, not a busy machine.
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 15_000, timeout: 60_000 },
  });
  // A query that fails because the database cannot be reached carries a digest that the pages'
  // error boundary recognises (lib/data/database-unavailable.ts); every other error is untouched.
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (e) {
          throw markIfUnavailable(e);
        }
      },
    },
  }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { __portalDb?: Db };

/** The shared client. */
export async function db(): Promise<Db> {
  globalForDb.__portalDb ??= createClient();
  return globalForDb.__portalDb;
}

/** For CLIs and tests: close the shared client so the process can exit. */
export async function closeDb(): Promise<void> {
  const current = globalForDb.__portalDb;
  globalForDb.__portalDb = undefined;
  if (current) await current.$disconnect();
}

/** PostgreSQL's SQLSTATE of an error from Prisma or from pg, wherever it is nested. */
export function sqlState(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let x: unknown = e;
  while (x && typeof x === 'object' && !seen.has(x)) {
    seen.add(x);
    const o = x as {
      code?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    for (const c of [o.originalCode, o.code])
      if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) && !c.startsWith('P')) return c;
    x = o.meta?.driverAdapterError ?? o.cause;
  }
  return undefined;
}

/** A serialization failure or a deadlock: the transaction did nothing and may simply run again. */
export function isRetryable(e: unknown): boolean {
  const s = sqlState(e);
  if (s === '40001' || s === '40P01') return true;
  // Prisma reports a serialization failure or deadlock as P2034 ("write conflict or deadlock").
  return (e as { code?: unknown } | null)?.code === 'P2034';
}

/**
 * Runs a transaction, again when PostgreSQL answers a serialization failure or a deadlock (which
 * roll the transaction back whole). Other errors, unique violations among them, go to the caller,
 * which answers them with a clear code.
 */
export async function retryTransaction<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * 2 ** i + Math.random() * 20));
    }
  }
}
