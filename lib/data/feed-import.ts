/**
 * Imports one CSV data feed, all or nothing: every row is validated; if any is bad, nothing is
 * written and every bad row is reported with its line number. Rows are upserted by their natural
 * key, so importing the same file twice changes nothing. The file is streamed and written in
 * batches inside one transaction: memory stays flat for a million rows.
 * Used by `npm run data:import` (and, later, the staff feed page).
 */
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

function upsertSql(kind: FeedKind, rows: FeedRow<FeedKind>[], now: Date): Prisma.Sql {
  switch (kind) {
    case 'tac': {
      const values = (rows as TacRow[]).map((r) => Prisma.sql`(${r.tac}, ${r.brand}, ${r.model}, ${now})`);
      return Prisma.sql`INSERT INTO tac_records (tac, brand, model, "updatedAt") VALUES ${Prisma.join(values)}
        ON CONFLICT (tac) DO UPDATE SET brand = excluded.brand, model = excluded.model, "updatedAt" = excluded."updatedAt"
        WHERE tac_records.brand <> excluded.brand OR tac_records.model <> excluded.model`;
    }
    case 'gsma-blacklist': {
      const values = (rows as BlacklistRow[]).map(
        (r) => Prisma.sql`(${r.identity}, ${r.reason}, ${r.listedAt}, ${r.removedAt})`,
      );
      return Prisma.sql`INSERT INTO gsma_blacklist (identity, reason, "listedAt", "removedAt") VALUES ${Prisma.join(values)}
        ON CONFLICT (identity, "listedAt") DO UPDATE SET reason = excluded.reason, "removedAt" = excluded."removedAt"
        WHERE gsma_blacklist.reason <> excluded.reason OR gsma_blacklist."removedAt" IS DISTINCT FROM excluded."removedAt"`;
    }
    case 'legal-imports': {
      const values = (rows as LegalRow[]).map(
        (r) => Prisma.sql`(${r.identity}, ${r.source}, ${r.organisation}, ${r.document}, ${r.recordedAt})`,
      );
      return Prisma.sql`INSERT INTO legality_records (identity, source, organisation, document, "recordedAt") VALUES ${Prisma.join(values)}
        ON CONFLICT (identity, source, organisation, document) DO UPDATE SET "recordedAt" = excluded."recordedAt"
        WHERE legality_records."recordedAt" <> excluded."recordedAt"`;
    }
    case 'registrations': {
      const values = (rows as RegistrationRow[]).map(
        (r) => Prisma.sql`(${r.identity}, ${r.imsi}, ${r.msisdn}, ${r.operator}, ${r.seenAt})`,
      );
      return Prisma.sql`INSERT INTO network_registrations (identity, imsi, msisdn, operator, "seenAt") VALUES ${Prisma.join(values)}
        ON CONFLICT (identity, "seenAt", imsi, operator) DO UPDATE SET msisdn = excluded.msisdn
        WHERE network_registrations.msisdn <> excluded.msisdn`;
    }
  }
}

export async function importFeed(
  prisma: Db,
  kind: FeedKind,
  source: AsyncIterable<string | Buffer>,
  options: { fileName: string; now?: Date; onProgress?: (rows: number) => void; progressEvery?: number },
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
          const rows = [...batch.values()];
          batch = new Map();
          report.changed += await tx.$executeRaw(upsertSql(kind, rows, now));
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
