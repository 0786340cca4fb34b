/**
 * For tests: a database of the test file's own, cloned from the migrated template that
 * vitest.global-setup.ts prepared, and its Prisma client. Files run in parallel, each on its own
 * database; no database is mocked.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, dropDatabase } from '../database/test-databases';
import { createClient, type Db } from './prisma';

export function testServer(): { adminUrl: string; template: string } {
  return { adminUrl: inject('testAdminUrl'), template: inject('testTemplate') };
}

/** A migrated, empty database of its own; `dispose` drops it. */
export async function createTestDb(): Promise<{
  prisma: Db;
  databaseUrl: string;
  dispose: () => Promise<void>;
}> {
  const { adminUrl, template } = testServer();
  const databaseUrl = await createDatabase(adminUrl, 'portal_t', template);
  const prisma = createClient(databaseUrl);
  return {
    prisma,
    databaseUrl,
    dispose: async () => {
      await prisma.$disconnect();
      await dropDatabase(adminUrl, databaseUrl);
    },
  };
}

/** What a test file works on: its database and the Prisma client on it. */
export type TestDb = { prisma: Db; databaseUrl: string };

/**
 * A test file's own database for all its tests: created before them and handed to `take` (which
 * may seed it), dropped after them, once `closing` has closed what the file opened on it (pools).
 */
export function setUpTestDb(
  take: (db: TestDb) => unknown,
  { closing }: { closing?: () => Promise<void> } = {},
): void {
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await createTestDb();
    dispose = db.dispose;
    await take({ prisma: db.prisma, databaseUrl: db.databaseUrl });
  });
  afterAll(async () => {
    await closing?.();
    await dispose?.();
  });
}
