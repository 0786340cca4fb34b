import { describe, expect, it } from 'vitest';
import { setUpTestDb, testServer } from './test-db';
import { createClient, type Db } from './prisma';
import { readiness } from './readiness';
import { createDatabase, dropDatabase } from '../database/test-databases';

let prisma: Db;
setUpTestDb((t) => ({ prisma } = t));

// The probe's own limit is for load balancers; here it is far above any machine's speed.
const slow = { timeoutMs: 60_000 };

describe('readiness', () => {
  it('is ready on a migrated database', async () => {
    expect(await readiness(prisma, slow)).toEqual({ ready: true });
  });
  it('is not ready while a migration of this build is missing from the database', async () => {
    expect(
      await readiness(prisma, { ...slow, migrations: ['20990101000000_not_applied_yet'] }),
    ).toEqual({ ready: false, code: 'MIGRATIONS_PENDING' });
  });
  it('is not ready on a database that was never migrated', async () => {
    const { adminUrl } = testServer();
    const url = await createDatabase(adminUrl, 'portal_empty');
    const empty = createClient(url);
    try {
      expect(await readiness(empty, slow)).toEqual({ ready: false, code: 'MIGRATIONS_PENDING' });
    } finally {
      await empty.$disconnect();
      await dropDatabase(adminUrl, url);
    }
  });
  it('is not ready when the database does not answer', async () => {
    const { adminUrl } = testServer();
    const u = new URL(adminUrl);
    u.port = '1'; // nothing listens there
    const unreachable = createClient(u.toString());
    try {
      expect(await readiness(unreachable, slow)).toEqual({
        ready: false,
        code: 'DATABASE_UNREACHABLE',
      });
    } finally {
      await unreachable.$disconnect();
    }
  });
});
