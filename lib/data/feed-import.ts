/**
 * Imports one CSV data feed, all or nothing: every row is validated; if any is bad, nothing is
 * written and every bad row is reported with its line number. Rows are upserted by their natural
 * key, so importing the same file twice changes nothing. The file is streamed and written in
 * batches inside one transaction: memory stays flat for a million rows.
 * Used by `npm run data:import` (and, later, the staff feed page).
 */
import 'server-only';
import { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';
import { readCsv } from '../feeds/csv';
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
};

export const MAX_REPORTED_ERRORS = 1000;
const BATCH = 500;

type Tx = Prisma.TransactionClient;

class Refused extends Error {}

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

export async function importFeed(
  prisma: Db,
  kind: FeedKind,
  source: AsyncIterable<string | Uint8Array>,
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
  };
  const every = options.progressEvery ?? 100_000;

  try {
    await prisma.$transaction(
      async (tx: Tx) => {
        let index: Record<string, number> | null = null;
        let batch = new Map<string, FeedRow<FeedKind>>();
        const flush = async () => {
          if (batch.size === 0) return;
          const sql = upsertSql(kind, batch.values(), batch.size, now);
          batch = new Map();
          report.changed += await tx.$executeRaw(sql);
        };

        for await (const record of readCsv(source)) {
          if (index === null) {
            const header = readHeader(kind, record.fields);
            if (!header.ok) {
              report.missingColumns = header.missing;
              throw new Refused();
            }
            index = header.index;
            continue;
          }
          report.rows++;
          if (options.onProgress && report.rows % every === 0) options.onProgress(report.rows);
          const parsed = parseRow(kind, record.fields, index, now);
          if (!parsed.ok) {
            report.badRows++;
            for (const e of parsed.errors) {
              if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line: record.line, ...e });
            }
            batch.clear();
            continue;
          }
          if (report.badRows > 0) continue; // keep validating, stop writing: it will be rolled back
          batch.set(rowKey(kind, parsed.row), parsed.row);
          if (batch.size >= BATCH) await flush();
        }
        if (index === null) {
          report.empty = true;
          throw new Refused();
        }
        if (report.badRows > 0) throw new Refused();
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
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    report.changed = 0;
  }
  return report;
}
