/**
 * Direct access to the e2e database (E2E_DATABASE_URL, set by playwright.config.ts), for what a
 * test must arrange or verify below the UI.
 */
import pg from 'pg';

export function e2eDatabaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set (playwright.config.ts sets it)');
  return url;
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
