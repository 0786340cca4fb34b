/**
 * Where the embedded PostgreSQL of this checkout lives, its port, its password and its URLs (see
 * embedded-server.ts). `lib/config.ts` uses it for the default DATABASE_URL.
 *
 * - The folder: `EMBEDDED_PG_DIR`, else `/var/lib/imei-portal/pg-<hash>` as root (the cluster
 *   belongs to the `postgres` system user then, and a checkout inside a 0700 folder is out of that
 *   user's reach), else `~/.cache/imei-portal/pg-<hash>`; the hash is of the checkout's path, so
 *   two checkouts never share a cluster. The folder is the server user's, mode 0700.
 * - The port: `EMBEDDED_PG_PORT`, else one of 55000–55999 from the same hash (the server checks
 *   that what answers there is this checkout's cluster).
 * - The password: random, made once per cluster, kept in the folder (mode 0600).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const EMBEDDED_USER = 'portal';
/** The database the portal uses on the embedded server. */
export const EMBEDDED_DATABASE = 'portal';

export type EmbeddedSettings = {
  dir: string;
  dataDir: string;
  logFile: string;
  passwordFile: string;
  port: number;
};

/** Where the embedded cluster of this checkout lives and which port it listens on. */
export function embeddedSettings(
  env: NodeJS.ProcessEnv = process.env,
  root = projectRoot(),
): EmbeddedSettings {
  const hash = crypto.createHash('sha256').update(root).digest();
  const base =
    process.getuid?.() === 0
      ? '/var/lib/imei-portal'
      : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'imei-portal');
  const dir = env.EMBEDDED_PG_DIR
    ? path.resolve(env.EMBEDDED_PG_DIR)
    : path.join(base, `pg-${hash.toString('hex').slice(0, 12)}`);
  const port = env.EMBEDDED_PG_PORT
    ? Number(env.EMBEDDED_PG_PORT)
    : 55000 + (hash.readUInt16BE(0) % 1000);
  if (!Number.isInteger(port) || port < 1024 || port > 65535)
    throw new Error(`EMBEDDED_PG_PORT must be a port number from 1024 to 65535`);
  return {
    dir,
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'server.log'),
    passwordFile: path.join(dir, 'password'),
    port,
  };
}

/** The checkout's root: the nearest folder above the working directory with a package.json. */
function projectRoot(): string {
  let dir = /*turbopackIgnore: true*/ process.cwd();
  while (!fs.existsSync(path.join(/*turbopackIgnore: true*/ dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** The cluster's password, made (random, mode 0600) the first time it is asked for. */
export function embeddedPassword(settings = embeddedSettings()): string {
  try {
    return fs.readFileSync(settings.passwordFile, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // The parents must stay traversable for the server's user (the postgres user, as root).
  fs.mkdirSync(path.dirname(settings.dir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(settings.passwordFile, `${crypto.randomBytes(24).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another command made it first
  }
  return fs.readFileSync(settings.passwordFile, 'utf8').trim();
}

/** The URL of a database on the embedded server. */
export function embeddedUrl(database = EMBEDDED_DATABASE, settings = embeddedSettings()): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(embeddedPassword(settings))}@127.0.0.1:${settings.port}/${database}`;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
