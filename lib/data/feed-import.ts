/**
 * Imports one CSV data feed, all or nothing: every row is validated; if any is bad, nothing is
 * written and every bad row is reported with its line number. Rows are upserted by their natural
 * key, so importing the same file twice changes nothing. Used by `npm run data:import` and the
 * staff feed page.
 *
 * At PostgreSQL speed, in one pass over the file: each row is read (lib/feeds/csv.ts) and
 * validated (lib/feeds/feed-kinds.ts) and, while no row is bad, streamed by `COPY … FROM STDIN`
 * into a TEMP staging table, inside one transaction on a `pg` connection of its own (Prisma's
 * $transaction cannot carry a COPY). At the first bad row the COPY ends and the transaction is
 * rolled back; the reading goes on to report every bad row. When the whole file is good, one
 * `INSERT … SELECT … ON CONFLICT (natural key) DO UPDATE … WHERE something differs` merges the
 * staging table into the real one (so "changed" counts the rows that added or changed
 * something), the feed_imports history row is written, and the transaction commits.
 *
 * Until that merge the real tables are not touched (the staging table is the session's own), and
 * the merge takes no lock that readers wait for: checks and submissions go on while a feed is
 * imported (MVCC; lib/data/feed-import-concurrency.test.ts). Memory stays flat: rows are handed to
 * the COPY stream as they are read, at the pace the server takes them.
 */
import 'server-only';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { parseIntoClientConfig } from 'pg-connection-string';
import type { Db } from './prisma';
import { config } from '../config';
import { CsvEncodingError, readCsv } from '../feeds/csv';
import {
  DUPLICATE_CODE,
  parseRow,
  readHeader,
  type BlacklistRow,
  type FeedKind,
  type FeedRow,
  type LegalRow,
  type RegistrationRow,
  type RowErrorCode,
  type TacRow,
} from '../feeds/feed-kinds';
import { actorName, authorise, type Actor } from '../domain/actor';

/** A bad cell: its line, its column (the header's name; '—' when the whole row is meant), and with a repeated row, the line it repeats. */
export type RowError = { line: number; column: string; code: RowErrorCode; firstLine?: number };

export type ImportReport = {
  ok: boolean;
  kind: FeedKind;
  fileName: string;
  /** Data rows read (the header excluded). */
  rows: number;
  /** Rows that added or changed something; 0 on a refused file. */
  changed: number;
  /** Set when the header lacks required columns (nothing else is checked then). */
  missingColumns: string[] | null;
  /** The first MAX_REPORTED_ERRORS bad cells, in file order. */
  errors: RowError[];
  /** Bad rows in all. */
  badRows: number;
  /** Set when the file holds no header at all. */
  empty: boolean;
  /** Set when the file is not UTF-8. */
  invalidEncoding: boolean;
};

export type ImportOptions = {
  fileName: string;
  /** Who imports the file: an administrator or the import tool (authorised; named in the feed_imports history). */
  actor: Actor;
  /** The import's clock: times after it are refused, and TAC rows carry it as updatedAt. */
  now?: Date;
  /** Called every `progressEvery` rows read (100,000 when not given). */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
  /**
   * Called, and awaited, when every row was read and found good: before the merge into the real
   * table ('merge', the staging table holds the rows) and before the commit ('commit', the merge is
   * done but nobody else sees it yet). For progress messages, and for tests of what others see
   * meanwhile.
   */
  onStage?: (stage: 'merge' | 'commit', report: ImportReport) => void | Promise<void>;
  /**
   * The database to write, when not the configured one (DATABASE_URL): the URL the `prisma`
   * client was made from. The import checks that both reach the same database.
   */
  databaseUrl?: string;
};

export const MAX_REPORTED_ERRORS = 1000;

/**
 * Each kind's staging table (the target's columns, all text or timestamptz(3) like the target, and
 * `line` to name the rows that repeat a key), how a row is written as a COPY text line, and
 * the merge.
 */
type Loader = {
  stage: string;
  /** The staging columns a row must not repeat within the file (DUPLICATE_CODE), and the column reported. */
  key: { columns: string; report: string } | null;
  columns: string;
  line: (row: FeedRow<FeedKind>, line: number) => string;
  /** The merge: $1 is the import's `now`. Its row count is the rows that added or changed something. */
  merge: string;
};

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped. */
const SPECIAL = /[\\\t\n\r]/;
function text(v: string): string {
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
const time = (d: Date) => d.toISOString();

/** The merge of a staging table (no key repeats in it: checked before), upserted where something differs. */
function merge(
  target: string,
  key: string[],
  columns: string[],
  set: string,
  differs: string,
): string {
  const keyList = key.map((c) => `"${c}"`).join(', ');
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  return `INSERT INTO ${target} AS t (${columnList})
    SELECT ${columnList} FROM feed_stage
    ON CONFLICT (${keyList}) DO UPDATE SET ${set}
    WHERE ${differs}`;
}

const LOADERS: Record<FeedKind, Loader> = {
  tac: {
    stage: 'tac text, brand text, model text',
    key: { columns: 'tac', report: 'tac' },
    columns: 'line, tac, brand, model',
    line: (row, line) => {
      const r = row as TacRow;
      return `${line}\t${r.tac}\t${text(r.brand)}\t${text(r.model)}\n`;
    },
    merge: `INSERT INTO tac_records AS t (tac, brand, model, "updatedAt")
      SELECT tac, brand, model, $1::timestamptz FROM feed_stage
      ON CONFLICT (tac) DO UPDATE SET brand = excluded.brand, model = excluded.model, "updatedAt" = excluded."updatedAt"
      WHERE t.brand <> excluded.brand OR t.model <> excluded.model`,
  },
  'gsma-blacklist': {
    stage: 'identity text, reason text, "listedAt" timestamptz(3), "removedAt" timestamptz(3)',
    key: { columns: 'identity, "listedAt"', report: 'imei' },
    columns: 'line, identity, reason, "listedAt", "removedAt"',
    line: (row, line) => {
      const r = row as BlacklistRow;
      return `${line}\t${r.identity}\t${r.reason}\t${time(r.listedAt)}\t${r.removedAt ? time(r.removedAt) : '\\N'}\n`;
    },
    merge: merge(
      'gsma_blacklist',
      ['identity', 'listedAt'],
      ['identity', 'reason', 'listedAt', 'removedAt'],
      'reason = excluded.reason, "removedAt" = excluded."removedAt"',
      't.reason <> excluded.reason OR t."removedAt" IS DISTINCT FROM excluded."removedAt"',
    ),
  },
  'legal-imports': {
    stage:
      'identity text, source text, organisation text, document text, "recordedAt" timestamptz(3)',
    key: { columns: 'identity, source, organisation, document', report: 'imei' },
    columns: 'line, identity, source, organisation, document, "recordedAt"',
    line: (row, line) => {
      const r = row as LegalRow;
      return `${line}\t${r.identity}\t${r.source}\t${text(r.organisation)}\t${text(r.document)}\t${time(r.recordedAt)}\n`;
    },
    merge: merge(
      'legality_records',
      ['identity', 'source', 'organisation', 'document'],
      ['identity', 'source', 'organisation', 'document', 'recordedAt'],
      '"recordedAt" = excluded."recordedAt"',
      't."recordedAt" <> excluded."recordedAt"',
    ),
  },
  registrations: {
    stage: 'identity text, imsi text, msisdn text, operator text, "seenAt" timestamptz(3)',
    key: null, // sightings: folded, never a repeat (DUPLICATE_CODE)
    columns: 'line, identity, imsi, msisdn, operator, "seenAt"',
    line: (row, line) => {
      const r = row as RegistrationRow;
      return `${line}\t${r.identity}\t${r.imsi}\t${r.msisdn}\t${text(r.operator)}\t${time(r.seenAt)}\n`;
    },
    // One row per (device, IMSI, MSISDN, operator): the file's earliest and latest sighting widen the stored span.
    merge: `INSERT INTO network_registrations AS t (identity, imsi, msisdn, operator, "firstSeenAt", "lastSeenAt")
      SELECT identity, imsi, msisdn, operator, min("seenAt"), max("seenAt") FROM feed_stage GROUP BY identity, imsi, msisdn, operator
      ON CONFLICT (identity, imsi, msisdn, operator) DO UPDATE
        SET "firstSeenAt" = least(t."firstSeenAt", excluded."firstSeenAt"), "lastSeenAt" = greatest(t."lastSeenAt", excluded."lastSeenAt")
      WHERE excluded."firstSeenAt" < t."firstSeenAt" OR excluded."lastSeenAt" > t."lastSeenAt"`,
  },
};

/** Sort memory for the merge's DISTINCT ON (a million rows sort in memory instead of on disk). */
const MERGE_WORK_MEM = '128MB';
/** COPY lines are handed to the stream in pieces of about this many characters. */
const COPY_PIECE = 64 * 1024;

/** Which server and database a connection reaches, to check that two connections reach the same one. */
const WHERE_AM_I = `SELECT current_database() AS db, inet_server_port() AS port, pg_postmaster_start_time()::text AS started`;

/**
 * The COPY of valid rows into the staging table, on the import's own connection and transaction.
 * `write` waits when the server is behind (memory stays flat); `finish` waits for the server's
 * acknowledgement; `abandon` ends the transaction without a trace.
 */
class StagingLoad {
  private stream: ReturnType<typeof copyFrom> | null = null;
  private failed: Error | null = null;
  private piece = '';

  constructor(
    private client: pg.Client,
    private loader: Loader,
  ) {}

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
    await this.client.query(
      `CREATE TEMP TABLE feed_stage (line integer NOT NULL, ${this.loader.stage}) ON COMMIT DROP`,
    );
    const stream = this.client.query(
      copyFrom(`COPY feed_stage (${this.loader.columns}) FROM STDIN`),
    );
    stream.on('error', (e: Error) => {
      this.failed ??= e;
    });
    this.stream = stream;
  }

  async write(line: string): Promise<void> {
    this.piece += line;
    if (this.piece.length < COPY_PIECE) return;
    await this.flush();
  }

  private async flush(): Promise<void> {
    const stream = this.stream!;
    if (this.failed) throw this.failed;
    const piece = this.piece;
    this.piece = '';
    if (piece && !stream.write(piece)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('error', done);
          if (this.failed) reject(this.failed);
          else resolve();
        };
        stream.on('drain', done);
        stream.on('error', done);
      });
    }
  }

  /** Ends the COPY; the number of rows the server took. */
  async finish(): Promise<number> {
    await this.flush();
    const stream = this.stream!;
    this.stream = null;
    await new Promise<void>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      stream.on('error', reject);
      stream.end(() => resolve());
    });
    return stream.rowCount;
  }

  /** Ends the COPY (if still open) and rolls the transaction back; staging rows and all vanish. */
  async abandon(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.piece = '';
    if (stream && !this.failed) {
      // destroy() sends CopyFail: the server ends the COPY with an error, then the rollback runs.
      await new Promise<void>((resolve) => {
        stream.on('close', () => resolve());
        stream.destroy();
      });
    }
    await this.client.query('ROLLBACK');
  }
}

/** The header's name of a column (by position), for a report. */
function columnName(names: string[], position: number | undefined): string {
  if (position === undefined) return '—';
  const name = names[position];
  return name ? name.slice(0, 64) : `#${position + 1}`;
}

/** A connection of the import's own to the database `prisma` reaches (checked, not assumed). */
async function connect(prisma: Db, databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({
    ...parseIntoClientConfig(databaseUrl),
    application_name: 'feed-import',
    connectionTimeoutMillis: 10_000,
  });
  // A connection lost while idle is reported by the next query; without a listener it would crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    type Where = { db: string; port: number | null; started: string };
    const [mine] = (await client.query<Where>(WHERE_AM_I)).rows;
    const [theirs] = await prisma.$queryRawUnsafe<Where[]>(WHERE_AM_I);
    if (mine.db !== theirs.db || mine.port !== theirs.port || mine.started !== theirs.started) {
      throw new Error(
        `the import's connection reaches database "${mine.db}", the Prisma client "${theirs.db}": pass options.databaseUrl`,
      );
    }
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
  return client;
}

/**
 * Reads the file once, validating each row and, while every row so far is good, loading it into
 * the staging table; only a file without a single bad row is merged into the real table, all in
 * one transaction that also writes the feed_imports history row.
 * `open` gives the file's content (called once; the signature is kept for the callers).
 */
export async function importFeed(
  prisma: Db,
  kind: FeedKind,
  open: () => AsyncIterable<string | Uint8Array>,
  options: ImportOptions,
): Promise<ImportReport> {
  authorise(options.actor, 'admin');
  const now = options.now ?? new Date();
  const startedAt = new Date();
  const report: ImportReport = {
    ok: false,
    kind,
    fileName: options.fileName,
    rows: 0,
    changed: 0,
    missingColumns: null,
    errors: [],
    badRows: 0,
    empty: false,
    invalidEncoding: false,
  };
  const every = options.progressEvery ?? 100_000;
  const loader = LOADERS[kind];

  const client = await connect(prisma, options.databaseUrl ?? config().databaseUrl);
  const load = new StagingLoad(client, loader);
  let loading = false; // a transaction is open and every row so far was good
  try {
    await load.begin();
    loading = true;
    let index: Record<string, number> | null = null;
    let names: string[] = [];
    const bad = (line: number, errors: { column: string; code: RowErrorCode }[]) => {
      report.badRows++;
      for (const e of errors)
        if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, ...e });
    };
    try {
      for await (const record of readCsv(open())) {
        if (index === null) {
          if (record.tooLong || record.unterminated) {
            // No header to read the rows by: the file is refused on its first row.
            bad(record.line, [
              {
                column: '—',
                code: record.unterminated
                  ? 'UNCLOSED_QUOTE'
                  : record.tooLong === 'field'
                    ? 'FIELD_TOO_LONG'
                    : 'RECORD_TOO_LONG',
              },
            ]);
            break;
          }
          const header = readHeader(kind, record.fields);
          if (!header.ok) {
            report.missingColumns = header.missing;
            break;
          }
          index = header.index;
          names = record.fields.map((h) => h.trim().toLowerCase());
          continue;
        }
        report.rows++;
        if (options.onProgress && report.rows % every === 0) options.onProgress(report.rows);
        const parsed = record.unterminated
          ? { ok: false as const, errors: [{ column: '—', code: 'UNCLOSED_QUOTE' as const }] }
          : record.tooLong === 'field'
            ? {
                ok: false as const,
                errors: [
                  { column: columnName(names, record.column), code: 'FIELD_TOO_LONG' as const },
                ],
              }
            : record.tooLong
              ? { ok: false as const, errors: [{ column: '—', code: 'RECORD_TOO_LONG' as const }] }
              : parseRow(kind, record.fields, index, now);
        if (parsed.ok) {
          if (loading) await load.write(loader.line(parsed.row, record.line));
          continue;
        }
        bad(record.line, parsed.errors);
        if (loading) {
          // Refused: nothing will be written. Free the connection's transaction now; keep reading to report every bad row.
          loading = false;
          await load.abandon();
        }
      }
    } catch (e) {
      if (!(e instanceof CsvEncodingError)) throw e;
      report.invalidEncoding = true;
    }
    if (index === null && !report.missingColumns && !report.invalidEncoding && report.badRows === 0)
      report.empty = true;
    if (report.empty || report.missingColumns || report.badRows > 0 || report.invalidEncoding) {
      report.changed = 0;
      return report;
    }

    // Every row is good: merge, record the import, commit.
    const staged = await load.finish();
    if (staged !== report.rows)
      throw new Error(`the staging table took ${staged} rows of ${report.rows}`);
    await client.query(`SET LOCAL work_mem = '${MERGE_WORK_MEM}'`);
    if (
      loader.key &&
      (
        await client.query(
          `SELECT 1 FROM feed_stage GROUP BY ${loader.key.columns} HAVING count(*) > 1 LIMIT 1`,
        )
      ).rowCount
    ) {
      // Rows that repeat an earlier row's key: refused, each named with the line it repeats.
      const repeats = await client.query<{ line: number; first: number; total: string }>(
        `SELECT s.line, d.first, count(*) OVER () AS total
           FROM feed_stage s JOIN (SELECT ${loader.key.columns}, min(line) AS first FROM feed_stage GROUP BY ${loader.key.columns} HAVING count(*) > 1) d USING (${loader.key.columns})
          WHERE s.line > d.first ORDER BY s.line LIMIT ${MAX_REPORTED_ERRORS}`,
      );
      report.badRows = Number(repeats.rows[0].total);
      report.errors = repeats.rows.map((r) => ({
        line: r.line,
        column: loader.key!.report,
        code: DUPLICATE_CODE[kind]!,
        firstLine: r.first,
      }));
      return report; // the finally rolls back
    }
    await options.onStage?.('merge', report);
    const tacLoadedBefore =
      kind === 'tac' &&
      (await client.query('SELECT EXISTS (SELECT 1 FROM tac_records) AS x')).rows[0].x === true;
    report.changed = (await client.query(loader.merge, kind === 'tac' ? [now] : [])).rowCount ?? 0;
    if (report.changed > 0) {
      // The devices whose facts this file changed need their lists looked at (lib/data/device-lists.ts),
      // in this transaction. A first TAC list can make any known device's TAC unknown.
      const dirty =
        kind !== 'tac'
          ? `SELECT DISTINCT identity FROM feed_stage`
          : tacLoadedBefore
            ? `SELECT identity FROM device_lists WHERE left(identity, 8) IN (SELECT tac FROM feed_stage)`
            : `SELECT identity FROM device_lists`;
      await client.query(`INSERT INTO list_dirty (identity) ${dirty}`);
    }
    await client.query(
      `INSERT INTO feed_imports (kind, "fileName", rows, changed, "startedAt", "finishedAt", "importedBy") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        kind,
        options.fileName.slice(0, 255),
        report.rows,
        report.changed,
        startedAt,
        new Date(),
        actorName(options.actor),
      ],
    );
    await options.onStage?.('commit', report);
    await client.query('COMMIT');
    loading = false;
    report.ok = true;
    return report;
  } finally {
    try {
      if (loading) await load.abandon();
    } finally {
      await client.end().catch(() => {});
    }
  }
}
