// Prisma Migrate without the Prisma CLI's native schema engine (which cannot be downloaded
// offline, see /work/shared/toolchain.md): drives Prisma's WebAssembly schema engine through a
// driver adapter. It writes the standard prisma/migrations/<timestamp>_<name>/migration.sql
// folders, migration_lock.toml and the standard _prisma_migrations table, so the Prisma CLI can
// take over whenever its engine is available.
//
//   tsx scripts/db-migrate.ts deploy              apply pending migrations to DATABASE_URL
//   tsx scripts/db-migrate.ts status              compare the migrations folder with the database
//   tsx scripts/db-migrate.ts dev --name <name>   create a migration from prisma/schema.prisma and apply it
//
// DATABASE_URL is a postgresql:// URL; unset, it is the embedded PostgreSQL's `portal` database
// (run through `npm run db:migrate`, which starts the embedded server when it is not running:
// scripts/with-db.ts). Paths mirror prisma.config.ts.
//
// These are Prisma's internal APIs: @prisma/migrate, @prisma/schema-engine-wasm and every other
// Prisma package are pinned to one exact version (7.10.0, engines 0edf323e…). Re-check on upgrade.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as wasmRuntime from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);

export const SCHEMA_PATH = 'prisma/schema.prisma';
export const MIGRATIONS_DIR = 'prisma/migrations';

/** An expected failure: its message is for the user. */
export class MigrateError extends Error {}

// ---------------------------------------------------------------------------------------------
// Prisma internals. @prisma/migrate's `types` field points at a file it does not ship, so it is
// loaded with require and typed here with the little that is used.

interface MigrateInstance {
  applyMigrations(): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: { optInToShadowDatabase: boolean }): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history:
      | { diagnostic: 'databaseIsBehind'; unappliedMigrationNames: string[] }
      | { diagnostic: 'migrationsDirectoryIsBehind'; unpersistedMigrationNames: string[] }
      | {
          diagnostic: 'historiesDiverge';
          lastCommonMigrationName: string | null;
          unpersistedMigrationNames: string[];
          unappliedMigrationNames: string[];
        }
      | null;
  }>;
  devDiagnostic(): Promise<{
    action: { tag: 'reset'; reason: string } | { tag: 'createMigration' };
  }>;
  evaluateDataLoss(): Promise<{
    migrationSteps: number;
    unexecutableSteps: { message: string; stepIndex: number }[];
    warnings: { message: string; stepIndex: number }[];
  }>;
  createMigration(input: {
    migrationName: string;
    draft: boolean;
    schema: unknown;
  }): Promise<{ generatedMigrationName: string | undefined }>;
  listMigrationDirectories(): Promise<{ migrations: string[] }>;
  getPrismaSchema(): unknown;
  stop(): Promise<void>;
}

const prismaMigrate = require('@prisma/migrate') as {
  SchemaEngineWasm: new (options: { engine: unknown; errorRegistry: unknown }) => unknown;
  Migrate: new (options: {
    engine: unknown;
    schemaContext: { schemaFiles: [string, string][] };
    migrationsDirPath: string;
  }) => MigrateInstance;
};

// @prisma/internals looks for schema_engine_bg.wasm inside the CLI bundle, so the engine is
// instantiated here from the @prisma/schema-engine-wasm package itself (what
// wasmSchemaEngineLoader does, with the right path).
let wasmEngineClass: typeof wasmRuntime.SchemaEngine | undefined;
function loadWasmEngineClass(): typeof wasmRuntime.SchemaEngine {
  if (!wasmEngineClass) {
    const runtimePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = fs.readFileSync(path.join(path.dirname(runtimePath), 'schema_engine_bg.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      './schema_engine_bg.js': wasmRuntime as unknown as WebAssembly.ModuleImports,
    });
    wasmRuntime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    wasmEngineClass = wasmRuntime.SchemaEngine;
  }
  return wasmEngineClass;
}

// ---------------------------------------------------------------------------------------------
// Database connection

// The engine's catalog queries return PostgreSQL's internal "char" type (OID 18), which
// adapter-pg cannot map to a column type: report it as text (OID 25), which it is on the wire.
let charAsText = false;
function reportCharAsText(): void {
  if (charAsText) return;
  charAsText = true;
  const Result = require('pg/lib/result.js') as {
    prototype: { addFields(fields: { dataTypeID: number }[]): void };
  };
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
}

function adapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new MigrateError(`Unsupported DATABASE_URL: expected a postgresql:// URL.`);
  reportCharAsText();
  // From parseIntoClientConfig, never from { connectionString }: pg lets the string override the
  // database name, so the shadow database could point at the real one.
  const config = parseIntoClientConfig(url);
  const main = new PrismaPg(config);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    // adapter-pg's own shadow database is dropped before its pool is closed, which PostgreSQL
    // refuses: close the pool first, then DROP DATABASE … WITH (FORCE).
    connectToShadowDb: async () => {
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replace(/-/g, '')}`;
      await adminQuery(config, `CREATE DATABASE "${name}"`);
      const adapter = await new PrismaPg({ ...config, database: name }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(config, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

async function adminQuery(config: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function mapAdapters(
  factory: SqlMigrationAwareDriverAdapterFactory,
  map: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => map(await factory.connect()),
    connectToShadowDb: async () => map(await factory.connectToShadowDb()),
  };
}

async function withMigrate<T>(
  opts: Options,
  run: (migrate: MigrateInstance) => Promise<T>,
): Promise<T> {
  const cwd = opts.cwd ?? process.cwd();
  const schemaPath = path.join(cwd, SCHEMA_PATH);
  const schemaFiles: [string, string][] = [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]];
  // Freeing the engine does not close its connections: close them all at the end.
  const opened: SqlDriverAdapter[] = [];
  // The engine disposes of some adapters itself: dispose of each once.
  const once = (adapter: SqlDriverAdapter) => {
    const dispose = adapter.dispose.bind(adapter);
    let done: Promise<void> | undefined;
    adapter.dispose = () => (done ??= dispose());
    opened.push(adapter);
    return adapter;
  };
  const factory = mapAdapters(adapterFactory(opts.databaseUrl), once);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = process.env.DB_MIGRATE_DEBUG ? (line: string) => console.error(line) : () => {};
  try {
    const engine = await loadWasmEngineClass().new({ datamodels: schemaFiles }, log, adapter);
    const migrate = new prismaMigrate.Migrate({
      engine: new prismaMigrate.SchemaEngineWasm({ engine, errorRegistry: adapter.errorRegistry }),
      schemaContext: { schemaFiles },
      migrationsDirPath: path.join(cwd, MIGRATIONS_DIR),
    });
    try {
      return await run(migrate);
    } finally {
      await migrate.stop();
    }
  } finally {
    await Promise.all(opened.map((connection) => connection.dispose()));
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface Options {
  databaseUrl: string;
  cwd?: string;
  log?: (line: string) => void;
}

const list = (names: string[]) => names.map((name) => `  ${name}`).join('\n');

// Through a driver adapter, the engine reports a database without a _prisma_migrations table as
// error P1014 in diagnoseMigrationHistory / devDiagnostic (the native engine treats it as "no
// migration applied yet"). applyMigrations creates the table itself.
function isMissingMigrationsTable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === 'P1014' && String(e.message).includes('_prisma_migrations');
}

/** Applies every pending migration; returns the names of those applied. */
export async function deploy(opts: Options): Promise<string[]> {
  const log = opts.log ?? console.log;
  return withMigrate(opts, async (migrate) => {
    const { migrations } = await migrate.listMigrationDirectories();
    log(`${migrations.length} migration(s) found in ${MIGRATIONS_DIR}`);
    const { appliedMigrationNames: applied } = await migrate.applyMigrations();
    log(applied.length ? `Applied:\n${list(applied)}` : 'No pending migrations to apply.');
    return applied;
  }).then(async (applied) => {
    await migrateJobQueue(opts.databaseUrl);
    log('Job queue (graphile_worker schema) up to date.');
    return applied;
  });
}

/**
 * graphile-worker's own schema (graphile_worker.*), which it versions itself. It must exist before
 * any transaction of the app calls graphile_worker.add_job (lib/notify/outbox.ts), so it is part of
 * every deploy: npm run db:migrate, the e2e server and the tests' template database.
 */
export async function migrateJobQueue(databaseUrl: string): Promise<void> {
  const { runMigrations } = await import('graphile-worker');
  const pool = new pg.Pool({ ...parseIntoClientConfig(databaseUrl), max: 1 });
  try {
    await runMigrations({ pgPool: pool, logger: quietLogger() });
  } finally {
    await pool.end();
  }
}

function quietLogger() {
  // graphile-worker's Logger, built lazily so this script loads without it.
  const { Logger } = require('graphile-worker') as typeof import('graphile-worker');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error' || level === 'warning') console.error(`graphile-worker: ${message}`);
  });
}

/** Prints how the database stands against the migrations folder; returns true when up to date. */
export async function status(opts: Options): Promise<boolean> {
  const log = opts.log ?? console.log;
  return withMigrate(opts, async (migrate) => {
    const { migrations } = await migrate.listMigrationDirectories();
    log(`${migrations.length} migration(s) found in ${MIGRATIONS_DIR}`);
    let diagnosis;
    try {
      diagnosis = await migrate.diagnoseMigrationHistory({ optInToShadowDatabase: false });
    } catch (error) {
      if (!isMissingMigrationsTable(error)) throw error;
      log(`The database has no _prisma_migrations table yet.`);
      if (migrations.length) log(`Not yet applied:\n${list(migrations)}`);
      return migrations.length === 0;
    }
    const { history, failedMigrationNames: failed, editedMigrationNames: edited } = diagnosis;
    let upToDate = true;
    if (failed.length) {
      upToDate = false;
      log(`Failed migration(s), to resolve by hand:\n${list(failed)}`);
    }
    if (edited.length) {
      upToDate = false;
      log(`Migration(s) edited since they were applied:\n${list(edited)}`);
    }
    if (history) {
      upToDate = false;
      const pending =
        history.diagnostic === 'migrationsDirectoryIsBehind' ? [] : history.unappliedMigrationNames;
      const unknown =
        history.diagnostic === 'databaseIsBehind' ? [] : history.unpersistedMigrationNames;
      if (pending.length) log(`Not yet applied:\n${list(pending)}`);
      if (unknown.length)
        log(`Applied to the database but missing from ${MIGRATIONS_DIR}:\n${list(unknown)}`);
    }
    if (upToDate) log('Database schema is up to date.');
    return upToDate;
  });
}

/** Like Prisma's migration names: lower-case words joined by "_", at most 200 characters. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

/**
 * Applies pending migrations, then writes a migration for the difference between the migrations
 * and prisma/schema.prisma and applies it. Returns the new migration's folder name, if any.
 */
export async function dev(
  opts: Options & { name?: string; acceptDataLoss?: boolean },
): Promise<string | undefined> {
  const log = opts.log ?? console.log;
  return withMigrate(opts, async (migrate) => {
    // devDiagnostic must succeed before evaluateDataLoss and createMigration: in the Wasm engine it
    // is the only one of the three given the adapter's shadow database, and the other two reuse
    // the schema it computed from the migrations folder (they fail with "SQLite shadow DB must be
    // provided through an external factory" otherwise).
    const applied: string[] = [];
    let diagnostic;
    try {
      diagnostic = await migrate.devDiagnostic();
    } catch (error) {
      if (!isMissingMigrationsTable(error)) throw error;
      // applyMigrations creates the table (or refuses with P3005 if the database is not empty).
      applied.push(...(await migrate.applyMigrations()).appliedMigrationNames);
      diagnostic = await migrate.devDiagnostic();
    }
    if (diagnostic.action.tag === 'reset') {
      throw new MigrateError(
        `${diagnostic.action.reason}\nThe development database must be reset: delete it and run dev again.`,
      );
    }
    applied.push(...(await migrate.applyMigrations()).appliedMigrationNames);
    if (applied.length) log(`Applied:\n${list(applied)}`);

    const loss = await migrate.evaluateDataLoss();
    if (loss.unexecutableSteps.length) {
      const steps = loss.unexecutableSteps
        .map((s) => `  • Step ${s.stepIndex} ${s.message}`)
        .join('\n');
      throw new MigrateError(`Changes that cannot be executed:\n${steps}`);
    }
    if (loss.migrationSteps === 0) {
      log('Already in sync: no schema change found.');
      return undefined;
    }
    if (loss.warnings.length && !opts.acceptDataLoss) {
      const warnings = loss.warnings.map((w) => `  • ${w.message}`).join('\n');
      throw new MigrateError(
        `Warnings:\n${warnings}\nRun again with --accept-data-loss to go ahead.`,
      );
    }
    const migrationName = slugify(opts.name ?? '');
    if (!migrationName)
      throw new MigrateError('The schema changed: name the migration with --name <name>.');

    const { generatedMigrationName } = await migrate.createMigration({
      migrationName,
      draft: false,
      schema: migrate.getPrismaSchema(),
    });
    if (!generatedMigrationName) {
      log('Already in sync: no schema change found.');
      return undefined;
    }
    log(`Created ${MIGRATIONS_DIR}/${generatedMigrationName}/migration.sql`);
    const { appliedMigrationNames } = await migrate.applyMigrations();
    log(`Applied:\n${list(appliedMigrationNames)}`);
    return generatedMigrationName;
  });
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE =
  'Usage: tsx scripts/db-migrate.ts deploy | status | dev --name <name> [--accept-data-loss]';

/** The engine's message without its Rust span trace, naming the migration it was applying. */
export function errorMessage(error: unknown): string {
  const [message, trace = ''] = (error instanceof Error ? error.message : String(error)).split(
    /\n\s*0: /,
  );
  const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  return (migration ? `Migration ${migration} failed: ${message.trim()}` : message).trim();
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new MigrateError(
      'DATABASE_URL is not set: run `npm run db:migrate`, which uses the embedded PostgreSQL when it is unset.',
    );
  const shown = databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
  switch (command) {
    case 'deploy':
    case 'status':
      if (rest.length) throw new MigrateError(USAGE);
      console.log(`Database: ${shown}`);
      if (command === 'deploy') await deploy({ databaseUrl });
      else if (!(await status({ databaseUrl }))) return 1;
      return 0;
    case 'dev': {
      let name: string | undefined;
      let acceptDataLoss = false;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--name' && rest[i + 1] !== undefined) name = rest[++i];
        else if (rest[i].startsWith('--name=')) name = rest[i].slice('--name='.length);
        else if (rest[i] === '--accept-data-loss') acceptDataLoss = true;
        else throw new MigrateError(USAGE);
      }
      console.log(`Database: ${shown}`);
      await dev({ databaseUrl, name, acceptDataLoss });
      return 0;
    }
    default:
      throw new MigrateError(USAGE);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // The engine's errors (e.g. "P3009 …" or a failing SQL statement) are for the user; a stack
      // trace only helps when debugging this script.
      console.error(`Error: ${errorMessage(error)}`);
      if (process.env.DB_MIGRATE_DEBUG && error instanceof Error) console.error(error.stack);
      process.exit(1);
    },
  );
}
