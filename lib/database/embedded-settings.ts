/**
 * Where the embedded PostgreSQL of this checkout lives, its port and its URLs (see
 * embedded-server.ts). No I/O beyond finding the checkout's root: `lib/config.ts` uses it for the
 * default DATABASE_URL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const EMBEDDED_USER = 'portal';
/** The embedded server listens on 127.0.0.1 only; the password keeps other local users out of it by accident, not by design. */
export const EMBEDDED_PASSWORD = 'portal-embedded';
/** The database the portal uses on the embedded server. */
export const EMBEDDED_DATABASE = 'portal';

export type EmbeddedSettings = { dir: string; dataDir: string; logFile: string; port: number };

/** Where the embedded cluster of this checkout lives and which port it listens on. */
export function embeddedSettings(env: NodeJS.ProcessEnv = process.env, root = projectRoot()): EmbeddedSettings {
  const hash = crypto.createHash('sha256').update(root).digest();
  const dir = env.EMBEDDED_PG_DIR ? path.resolve(env.EMBEDDED_PG_DIR) : path.join(os.tmpdir(), `imei-portal-pg-${hash.toString('hex').slice(0, 12)}`);
  const port = env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : 55000 + (hash.readUInt16BE(0) % 1000);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`EMBEDDED_PG_PORT must be a port number from 1024 to 65535`);
  return { dir, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'server.log'), port };
}

/** The checkout's root: the nearest folder above the working directory with a package.json. */
function projectRoot(): string {
  let dir = /*turbopackIgnore: true*/ process.cwd();
  while (!fs.existsSync(path.join(/*turbopackIgnore: true*/ dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** The URL of a database on the embedded server. */
export function embeddedUrl(database = EMBEDDED_DATABASE, settings = embeddedSettings()): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${settings.port}/${database}`;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
