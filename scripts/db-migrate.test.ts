import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploy, errorMessage, MIGRATIONS_DIR, slugify, sqlitePath, status } from './db-migrate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'db-migrate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('db-migrate', () => {
  it('migrates a new SQLite file from scratch, then has nothing left to apply', async () => {
    const file = path.join(tmp, 'nested', 'portal.db'); // the folder does not exist yet
    const databaseUrl = `file:${file}`;
    const log = () => {};
    const migrations = fs
      .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(migrations.length).toBeGreaterThan(0);

    expect(await deploy({ databaseUrl, log })).toEqual(migrations);

    const db = new Database(file, { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name);
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
        ]),
      );
      const applied = db
        .prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name')
        .all()
        .map((row) => (row as { migration_name: string }).migration_name);
      expect(applied).toEqual(migrations);
    } finally {
      db.close();
    }

    expect(await deploy({ databaseUrl, log })).toEqual([]);
    expect(await status({ databaseUrl, log })).toBe(true);
  }, 20_000);

  it('resolves file: URLs against the project root', () => {
    expect(sqlitePath('file:./data/portal.db', '/srv/app')).toBe('/srv/app/data/portal.db');
    expect(sqlitePath('file:/var/lib/portal.db?mode=rwc', '/srv/app')).toBe('/var/lib/portal.db');
  });

  it('names migrations like Prisma and keeps engine errors short', () => {
    expect(slugify('Add TAC note')).toBe('add_tac_note');
    expect(slugify('addFeedImports')).toBe('add_feed_imports');
    const engineError = new Error(
      'near "SELEC": syntax error\n   0: sql_schema_connector::apply_migration::apply_script\n' +
        '           with migration_name="20990101000000_broken"\n             at apply_migration.rs:113',
    );
    expect(errorMessage(engineError)).toBe('Migration 20990101000000_broken failed: near "SELEC": syntax error');
  });
});
