/**
 * The bench's yardstick for the importer (scripts/bench.ts): the same CSV files loaded the bare
 * way, with no validation at all: COPY into a temporary table of text columns, then one
 * INSERT … SELECT with the casts the target columns need, into the indexed tables of a freshly
 * migrated database. One transaction per file, like the CLI. Times use the importer's rule: a
 * date or date-time without an offset is Almaty wall-clock time (Asia/Almaty, UTC+5 since
 * 2024-03-01, UTC+6 before), which is what `SET TIME ZONE 'Asia/Almaty'` makes `::timestamptz` do;
 * the identity is the IMEI's first 14 digits and the MSISDN loses its leading '+', as the CLI
 * stores them, so that both databases end up with the same rows (checked by `fingerprints`).
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { FeedKindName } from './bench-feeds';

const BARE: Record<FeedKindName, { columns: string[]; insert: string }> = {
  tac: {
    columns: ['tac', 'brand', 'model'],
    insert: `INSERT INTO tac_records (tac, brand, model, "updatedAt") SELECT tac, brand, model, now() FROM bench_staging`,
  },
  'gsma-blacklist': {
    columns: ['imei', 'reason', 'listed_at', 'removed_at'],
    insert: `INSERT INTO gsma_blacklist (identity, reason, "listedAt", "removedAt")
             SELECT left(imei, 14), reason, listed_at::timestamptz, removed_at::timestamptz FROM bench_staging`,
  },
  'legal-imports': {
    columns: ['imei', 'source', 'organisation', 'document', 'recorded_at'],
    insert: `INSERT INTO legality_records (identity, source, organisation, document, "recordedAt")
             SELECT left(imei, 14), source, organisation, document, recorded_at::timestamptz FROM bench_staging`,
  },
  registrations: {
    columns: ['imei', 'imsi', 'msisdn', 'operator', 'seen_at'],
    insert: `INSERT INTO network_registrations (identity, imsi, msisdn, operator, "firstSeenAt", "lastSeenAt")
             SELECT left(imei, 14), imsi, ltrim(msisdn, '+'), operator, min(seen_at::timestamptz), max(seen_at::timestamptz)
               FROM bench_staging GROUP BY 1, 2, 3, 4`,
  },
};

export type BareLoad = { rows: number; seconds: number; copySeconds: number };

/** Loads one feed file into `databaseUrl`; the rows inserted and the time it took (connection set up beforehand). */
export async function bareLoad(
  databaseUrl: string,
  kind: FeedKindName,
  file: string,
): Promise<BareLoad> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`SET TIME ZONE 'Asia/Almaty'`);
    const { columns, insert } = BARE[kind];
    const started = process.hrtime.bigint();
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_staging (${columns.map((c) => `${c} text`).join(', ')}) ON COMMIT DROP`,
    );
    await pipeline(
      fs.createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
    const copied = process.hrtime.bigint();
    const r = await client.query(insert);
    await client.query('COMMIT');
    const done = process.hrtime.bigint();
    return {
      rows: r.rowCount ?? 0,
      seconds: Number(done - started) / 1e9,
      copySeconds: Number(copied - started) / 1e9,
    };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

const FINGERPRINTS: Record<FeedKindName, string> = {
  tac: `SELECT count(*)::bigint AS n, coalesce(sum(hashtext(concat_ws('|', tac, brand, model))), 0)::text AS h FROM tac_records`,
  'gsma-blacklist': `SELECT count(*)::bigint AS n, coalesce(sum(hashtext(concat_ws('|', identity, reason, "listedAt", "removedAt"))), 0)::text AS h FROM gsma_blacklist`,
  'legal-imports': `SELECT count(*)::bigint AS n, coalesce(sum(hashtext(concat_ws('|', identity, source, organisation, document, "recordedAt"))), 0)::text AS h FROM legality_records`,
  registrations: `SELECT count(*)::bigint AS n, coalesce(sum(hashtext(concat_ws('|', identity, imsi, msisdn, operator, "firstSeenAt"))), 0)::text AS h FROM network_registrations`,
};

/**
 * A fingerprint of each feed's table (row count and a sum of row hashes): equal in the CLI's
 * database and the bare one when both loads wrote the same rows.
 */
export async function fingerprints(databaseUrl: string): Promise<Record<FeedKindName, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`SET TIME ZONE 'UTC'`);
    const out = {} as Record<FeedKindName, string>;
    for (const [kind, sql] of Object.entries(FINGERPRINTS) as [FeedKindName, string][]) {
      const r = await client.query<{ n: string; h: string }>(sql);
      out[kind] = `${r.rows[0].n} rows #${r.rows[0].h}`;
    }
    return out;
  } finally {
    await client.end().catch(() => {});
  }
}
