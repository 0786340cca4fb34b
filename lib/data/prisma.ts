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
