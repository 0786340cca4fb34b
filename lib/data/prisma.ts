/**
 * The one Prisma client of a process. Only lib/data/* imports this module.
 * SQLite (the embedded default) runs in WAL mode with a busy timeout, so the portal keeps
 * answering checks while an import writes.
 */
import 'server-only';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';
import { config } from '../config';

export type Db = PrismaClient;

/** `file:<path>`, relative to the working directory or absolute, to a filesystem path. */
export function sqlitePath(databaseUrl: string): string {
  const p = databaseUrl.replace(/^file:/, '');
  return path.isAbsolute(p) ? p : path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}

export function createClient(databaseUrl = config().databaseUrl): { client: Db; ready: Promise<void> } {
  const adapter = new PrismaBetterSqlite3({ url: sqlitePath(databaseUrl), timeout: 10_000 });
  const client = new PrismaClient({ adapter });
  const ready = (async () => {
    await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  })();
  return { client, ready };
}

const globalForDb = globalThis as unknown as { __portalDb?: { client: Db; ready: Promise<void> } };

/** The shared client, ready to use. */
export async function db(): Promise<Db> {
  globalForDb.__portalDb ??= createClient();
  await globalForDb.__portalDb.ready;
  return globalForDb.__portalDb.client;
}

/** For CLIs and tests: close the shared client so the process can exit. */
export async function closeDb(): Promise<void> {
  const current = globalForDb.__portalDb;
  globalForDb.__portalDb = undefined;
  if (current) await current.client.$disconnect();
}

/** Whether an error is SQLite's "busy": another process holds the write lock, or a read snapshot went stale. */
export function isBusy(e: unknown): boolean {
  const seen = new Set<unknown>();
  let x: unknown = e;
  while (x && typeof x === 'object' && !seen.has(x)) {
    seen.add(x);
    const o = x as { message?: unknown; kind?: unknown; code?: unknown; cause?: unknown; meta?: unknown };
    const text = `${String(o.message ?? '')} ${String(o.kind ?? '')} ${String(o.code ?? '')} ${JSON.stringify(o.meta ?? {})}`;
    if (/SQLITE_BUSY|SocketTimeout|database is locked/i.test(text)) return true;
    x = o.cause;
  }
  return false;
}

/**
 * Runs a write transaction, again if SQLite answered "busy". Under WAL a transaction that read
 * before it wrote cannot wait for a writer in another process (a command next to the web server):
 * it fails at once, and starting over is the cure.
 */
export async function retryOnBusy<T>(fn: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, 25 * 2 ** i + Math.random() * 25));
    }
  }
}
