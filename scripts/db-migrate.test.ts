import { describe, expect, inject, it } from 'vitest';
import fs from 'node:fs';
import pg from 'pg';
import { createDatabase, dropDatabase } from '../lib/database/test-databases';
import { deploy, errorMessage, MIGRATIONS_DIR, slugify, status } from './db-migrate';

describe('db-migrate', () => {
  it('migrates a new PostgreSQL database from scratch, then has nothing left to apply', async () => {
    const adminUrl = inject('testAdminUrl');
    const databaseUrl = await createDatabase(adminUrl, 'portal_migrate');
    try {
      const log = () => {};
      const migrations = fs
        .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(migrations.length).toBeGreaterThan(0);
      expect(await status({ databaseUrl, log })).toBe(false);

      expect(await deploy({ databaseUrl, log })).toEqual(migrations);

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const tables = (
          await client.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
          )
        ).rows.map((r) => r.table_name);
        expect(tables).toEqual(
          expect.arrayContaining([
            '_prisma_migrations',
            'tac_records',
            'gsma_blacklist',
            'legality_records',
            'network_registrations',
            'applications',
            'application_devices',
            'feed_imports',
            'staff_users',
            'audit_log',
          ]),
        );
        const applied = (
          await client.query(
            'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
          )
        ).rows.map((r) => r.migration_name);
        expect(applied).toEqual(migrations);
        // Instants are timestamptz.
        const filedAt = await client.query(
          "SELECT data_type FROM information_schema.columns WHERE table_name = 'applications' AND column_name = 'filedAt'",
        );
        expect(filedAt.rows[0].data_type).toBe('timestamp with time zone');
      } finally {
        await client.end();
      }

      expect(await deploy({ databaseUrl, log })).toEqual([]);
      expect(await status({ databaseUrl, log })).toBe(true);
    } finally {
      await dropDatabase(adminUrl, databaseUrl);
    }
  });

  it('names migrations like Prisma and keeps engine errors short', () => {
    expect(slugify('Add TAC note')).toBe('add_tac_note');
    expect(slugify('addFeedImports')).toBe('add_feed_imports');
    const engineError = new Error(
      'syntax error at or near "SELEC"\n   0: sql_schema_connector::apply_migration::apply_script\n' +
        '           with migration_name="20990101000000_broken"\n             at apply_migration.rs:113',
    );
    expect(errorMessage(engineError)).toBe(
      'Migration 20990101000000_broken failed: syntax error at or near "SELEC"',
    );
  });
});
