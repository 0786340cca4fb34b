/**
 * Imports one CSV data feed, all or nothing: every row is validated; if any is bad, nothing is
 * written and every bad row is reported with its line number. Rows are upserted by their natural
 * key, so importing the same file twice changes nothing. The file is streamed (twice: validated,
 * then written in batches inside one transaction): memory stays flat for a million rows.
 * Used by `npm run data:import` and the staff feed page.
 */
import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';
import { CsvEncodingError, readCsv } from '../feeds/csv';
import {
  parseRow,
  readHeader,
  rowKey,
  type BlacklistRow,
  type FeedKind,
  type FeedRow,
  type LegalRow,
  type RegistrationRow,
  type RowErrorCode,
  type TacRow,
} from '../feeds/feed-kinds';

export type RowError = { line: number; column: string; code: RowErrorCode };

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

export const MAX_REPORTED_ERRORS = 1000;
const BATCH = 500;

type Tx = Prisma.TransactionClient;


/**
 * The upsert of each kind: `INSERT … VALUES (…),(…) ON CONFLICT (natural key) DO UPDATE … WHERE
 * something differs`, so "changed" counts the rows that added or changed something.
 */
type Upsert = { head: string; width: number; tail: string; values: (row: FeedRow<FeedKind>, now: Date, out: unknown[]) => void };

const UPSERTS: Record<FeedKind, Upsert> = {
  tac: {
    head: 'INSERT INTO tac_records (tac, brand, model, "updatedAt") VALUES ',
    width: 4,
    tail: `
        ON CONFLICT (tac) DO UPDATE SET brand = excluded.brand, model = excluded.model, "updatedAt" = excluded."updatedAt"
        WHERE tac_records.brand <> excluded.brand OR tac_records.model <> excluded.model`,
    values: (row, now, out) => {
      const r = row as TacRow;
      out.push(r.tac, r.brand, r.model, now);
    },
  },
  'gsma-blacklist': {
    head: 'INSERT INTO gsma_blacklist (identity, reason, "listedAt", "removedAt") VALUES ',
    width: 4,
    tail: `
        ON CONFLICT (identity, "listedAt") DO UPDATE SET reason = excluded.reason, "removedAt" = excluded."removedAt"
        WHERE gsma_blacklist.reason <> excluded.reason OR gsma_blacklist."removedAt" IS DISTINCT FROM excluded."removedAt"`,
    values: (row, _now, out) => {
      const r = row as BlacklistRow;
      out.push(r.identity, r.reason, r.listedAt, r.removedAt);
    },
  },
  'legal-imports': {
    head: 'INSERT INTO legality_records (identity, source, organisation, document, "recordedAt") VALUES ',
    width: 5,
    tail: `
        ON CONFLICT (identity, source, organisation, document) DO UPDATE SET "recordedAt" = excluded."recordedAt"
        WHERE legality_records."recordedAt" <> excluded."recordedAt"`,
    values: (row, _now, out) => {
      const r = row as LegalRow;
      out.push(r.identity, r.source, r.organisation, r.document, r.recordedAt);
    },
  },
  registrations: {
    head: 'INSERT INTO network_registrations (identity, imsi, msisdn, operator, "seenAt") VALUES ',
    width: 5,
    tail: `
        ON CONFLICT (identity, "seenAt", imsi, operator) DO UPDATE SET msisdn = excluded.msisdn
        WHERE network_registrations.msisdn <> excluded.msisdn`,
    values: (row, _now, out) => {
      const r = row as RegistrationRow;
      out.push(r.identity, r.imsi, r.msisdn, r.operator, r.seenAt);
    },
  },
};

/**
 * The SQL text around the parameters of an upsert of `count` rows:
 * head + "(?, ?, ?),(?, ?, ?)" + tail. Built once per kind and size (nearly every batch is full).
 */
const skeletons = new Map<string, string[]>();
function skeleton(kind: FeedKind, count: number): string[] {
  const key = `${kind}:${count}`;
  let strings = skeletons.get(key);
  if (!strings) {
    const { head, width, tail } = UPSERTS[kind];
    strings = [head + '('];
    for (let r = 0; r < count; r++) {
      for (let c = 1; c < width; c++) strings.push(', ');
      strings.push(r === count - 1 ? ')' + tail : '),(');
    }
    if (skeletons.size > 16) skeletons.clear();
    skeletons.set(key, strings);
  }
  return strings;
}

/** One upsert statement for the rows, as a single flat Prisma.Sql (no per-row Sql objects to join). */
function upsertSql(kind: FeedKind, rows: Iterable<FeedRow<FeedKind>>, count: number, now: Date): Prisma.Sql {
  const values: unknown[] = [];
  const push = UPSERTS[kind].values;
  for (const row of rows) push(row, now, values);
  return new Prisma.Sql(skeleton(kind, count), values as Prisma.Sql['values']);
}

/**
 * Reads the file once to validate every row, writing nothing; only a file without a single bad
 * row is read a second time and written, in one transaction. So a refused file never opens a
 * write transaction, and the write lock is held only while good rows are written.
 * `open` gives the file's content from the start each time it is called.
 */
export async function importFeed(
  prisma: Db,
  kind: FeedKind,
  open: () => AsyncIterable<string | Uint8Array>,
  options: { fileName: string; importedBy?: string; now?: Date; onProgress?: (rows: number) => void; progressEvery?: number },
): Promise<ImportReport> {
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

  /** Each data row of the file, parsed; header problems are recorded in the report. */
  async function* rows(): AsyncGenerator<{ line: number; parsed: ReturnType<typeof parseRow> }> {
    let index: Record<string, number> | null = null;
    for await (const record of readCsv(open())) {
      if (index === null) {
        const header = readHeader(kind, record.fields);
        if (!header.ok) {
          report.missingColumns = header.missing;
          return;
        }
        index = header.index;
        continue;
      }
      if (record.unterminated) {
        yield { line: record.line, parsed: { ok: false, errors: [{ column: '—', code: 'UNCLOSED_QUOTE' }] } };
        continue;
      }
      yield { line: record.line, parsed: parseRow(kind, record.fields, index, now) };
    }
    if (index === null) report.empty = true;
  }

  // 1. Validate everything, write nothing.
  try {
    for await (const { line, parsed } of rows()) {
      report.rows++;
      if (options.onProgress && report.rows % every === 0) options.onProgress(report.rows);
      if (parsed.ok) continue;
      report.badRows++;
      for (const e of parsed.errors) if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, ...e });
    }
  } catch (e) {
    if (!(e instanceof CsvEncodingError)) throw e;
    report.invalidEncoding = true;
  }
  if (report.empty || report.missingColumns || report.badRows > 0 || report.invalidEncoding) return report;

  // 2. Write, in batches, in one transaction.
  const validated = report.rows;
  report.rows = 0;
  await prisma.$transaction(
    async (tx: Tx) => {
      let batch = new Map<string, FeedRow<FeedKind>>();
      const flush = async () => {
        if (batch.size === 0) return;
        const sql = upsertSql(kind, batch.values(), batch.size, now);
        batch = new Map();
        report.changed += await tx.$executeRaw(sql);
      };
      for await (const { parsed } of rows()) {
        report.rows++;
        if (!parsed.ok) throw new Error('the file changed while it was being imported');
        batch.set(rowKey(kind, parsed.row), parsed.row);
        if (batch.size >= BATCH) await flush();
      }
      if (report.rows !== validated) throw new Error('the file changed while it was being imported');
      await flush();
      await tx.feedImport.create({
        data: {
          kind,
          fileName: options.fileName.slice(0, 255),
          rows: report.rows,
          changed: report.changed,
          startedAt,
          finishedAt: new Date(),
          importedBy: options.importedBy ?? 'cli',
        },
      });
    },
    { timeout: 6 * 60 * 60_000, maxWait: 60_000 },
  );
  report.ok = true;
  return report;
}
