/**
 * For tests: databases of their own on a real PostgreSQL, cloned from a migrated template.
 *
 * The server is TEST_DATABASE_URL (an account allowed to create databases), or the embedded
 * PostgreSQL when it is unset (vitest.global-setup.ts starts it). DATABASE_URL is never used here:
 * tests do not create or drop databases through the portal's own URL.
 */
import crypto from 'node:crypto';
import { adminQuery, quoteIdent, withDatabase } from './embedded-server';

export { adminQuery };

/** A new database, empty or cloned from a template; its URL. */
export async function createDatabase(
  adminUrl: string,
  prefix: string,
  template?: string,
): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const from = template ? ` TEMPLATE ${quoteIdent(template)}` : '';
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template, and two
  // clones of one template at the same moment can collide: wait a little and try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)}${from}`);
      return withDatabase(adminUrl, name);
    } catch (e) {
      const busy = (e as { code?: string }).code === '55006'; // object_in_use: the template has a session
      if (!busy || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}
