/** For tests: a fresh, migrated SQLite database in a temporary folder, and its Prisma client. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploy } from '../../scripts/db-migrate';
import { createClient, type Db } from './prisma';

export async function createTestDb(): Promise<{ prisma: Db; databaseUrl: string; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  const databaseUrl = `file:${path.join(dir, 'test.db')}`;
  await deploy({ databaseUrl, log: () => {} });
  const { client, ready } = createClient(databaseUrl);
  await ready;
  return {
    prisma: client,
    databaseUrl,
    dispose: async () => {
      await client.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
