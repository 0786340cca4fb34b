/**
 * What operators and suppliers write through the API: registrations in batches (an operator's
 * own EIR answered first) and legality records as suppliers sell. Each item is read with the same
 * rules as a row of the CSV feed of its kind; a batch is written all or nothing, in one
 * transaction that marks the devices for the lists and writes the audit row.
 */
import 'server-only';
import type { z } from 'zod';
import { legalityItem, registrationItem } from '../schemas/machine-api';
import {
  parseNamedRow,
  ROW_ERROR_TEXT,
  type LegalRow,
  type RegistrationRow,
  type RowErrorCode,
} from '../feeds/feed-kinds';
import type { ApiClientIdentity } from '../domain/api-clients';
import { listPool, MARK_DIRTY_SQL } from './device-lists';

export const MAX_BATCH_ITEMS = 10_000;

export type ItemError = {
  index: number;
  field: string;
  code: RowErrorCode | 'NOT_AN_OBJECT' | 'FIELD_NOT_TEXT' | 'OTHER_SUPPLIER' | 'DUPLICATE_ITEM';
  detail: string;
};
export type BatchResult =
  { ok: true; received: number; changed: number } | { ok: false; errors: ItemError[] };

const ITEM_NOT_OBJECT = 'each item is a JSON object';

/**
 * Reads each item: its shape by the zod schema the OpenAPI document is generated from (an object
 * whose fields are strings), then its values by the CSV feed's rules. Every problem of every item is reported.
 */
function readItems<R>(
  items: unknown[],
  schema: z.ZodObject,
  fields: Record<string, string>,
  parse: (
    record: Record<string, string>,
  ) => { ok: true; row: R } | { ok: false; errors: { column: string; code: RowErrorCode }[] },
): { rows: R[]; indexes: number[]; errors: ItemError[] } {
  const rows: R[] = [];
  const indexes: number[] = [];
  const errors: ItemError[] = [];
  const columnToField = Object.fromEntries(Object.entries(fields).map(([f, c]) => [c, f]));
  const shape = schema.partial();
  items.forEach((item, index) => {
    const checked = shape.safeParse(item);
    if (!checked.success) {
      const fieldIssues = checked.error.issues.filter((i) => i.path.length > 0);
      if (fieldIssues.length === 0)
        errors.push({ index, field: '', code: 'NOT_AN_OBJECT', detail: ITEM_NOT_OBJECT });
      for (const i of fieldIssues)
        errors.push({
          index,
          field: String(i.path[0]),
          code: 'FIELD_NOT_TEXT',
          detail: 'this field is a JSON string',
        });
      return;
    }
    const record: Record<string, string> = {};
    for (const [field, column] of Object.entries(fields)) {
      const v = (checked.data as Record<string, unknown>)[field];
      if (typeof v === 'string') record[column] = v;
    }
    const parsed = parse(record);
    if (parsed.ok) {
      rows.push(parsed.row);
      indexes.push(index);
    } else
      for (const e of parsed.errors)
        errors.push({
          index,
          field: columnToField[e.column] ?? e.column,
          code: e.code,
          detail: ROW_ERROR_TEXT[e.code],
        });
  });
  return { rows, indexes, errors };
}

async function inTransaction<T>(
  databaseUrl: string | undefined,
  run: (
    q: (
      text: string,
      params: unknown[],
    ) => Promise<{ rowCount: number | null; rows: Record<string, unknown>[] }>,
  ) => Promise<T>,
): Promise<T> {
  const client = await listPool(databaseUrl, 'write').connect();
  try {
    await client.query('BEGIN');
    const result = await run((text, params) => client.query(text, params));
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const AUDIT_SQL = `INSERT INTO audit_log (at, "actorId", "actorEmail", action, target, details, ip) VALUES ($1, NULL, $2, $3, $4, $5, NULL)`;

/**
 * `POST /api/v1/registrations`: items `{imei, imsi, msisdn?, seenAt}` seen on the client's
 * operator's network. Idempotent: one row per (device, IMSI, MSISDN, operator); the earliest
 * seenAt is kept as first seen (it starts the grey window), the latest as last seen.
 */
export async function recordRegistrations(
  client: ApiClientIdentity,
  items: unknown[],
  options: { now?: Date; databaseUrl?: string } = {},
): Promise<BatchResult> {
  const now = options.now ?? new Date();
  const operator = client.operator ?? '';
  const { rows, errors } = readItems<RegistrationRow>(
    items,
    registrationItem,
    { imei: 'imei', imsi: 'imsi', msisdn: 'msisdn', seenAt: 'seen_at' },
    (record) => parseNamedRow('registrations', { ...record, operator }, now),
  );
  if (errors.length) return { ok: false, errors };
  // Folded per natural key before writing (one statement cannot update a row twice).
  const folded = new Map<
    string,
    { identity: string; imsi: string; msisdn: string; first: Date; last: Date }
  >();
  for (const r of rows) {
    const key = `${r.identity}|${r.imsi}|${r.msisdn}`;
    const f = folded.get(key);
    if (!f)
      folded.set(key, {
        identity: r.identity,
        imsi: r.imsi,
        msisdn: r.msisdn ?? '',
        first: r.seenAt,
        last: r.seenAt,
      });
    else {
      if (r.seenAt < f.first) f.first = r.seenAt;
      if (r.seenAt > f.last) f.last = r.seenAt;
    }
  }
  return inTransaction(options.databaseUrl, async (q) => {
    const written = await q(
      `INSERT INTO network_registrations AS t (identity, imsi, msisdn, operator, "firstSeenAt", "lastSeenAt")
       SELECT identity, imsi, coalesce(msisdn, ''), $2, first, last
         FROM jsonb_to_recordset($1::jsonb) AS x(identity text, imsi text, msisdn text, first timestamptz, last timestamptz)
       ON CONFLICT (identity, imsi, msisdn, operator) DO UPDATE
         SET "firstSeenAt" = least(t."firstSeenAt", excluded."firstSeenAt"), "lastSeenAt" = greatest(t."lastSeenAt", excluded."lastSeenAt")
       WHERE excluded."firstSeenAt" < t."firstSeenAt" OR excluded."lastSeenAt" > t."lastSeenAt"
       RETURNING identity`,
      [JSON.stringify([...folded.values()]), operator],
    );
    const changed = written.rows.map((r) => String(r.identity));
    if (changed.length) await q(MARK_DIRTY_SQL, [changed.join(',')]);
    if (changed.length)
      await q(AUDIT_SQL, [
        now,
        `api:${client.name}`,
        'REGISTRATIONS_REPORTED',
        operator,
        `${rows.length} items, ${changed.length} rows changed`,
      ]);
    return { ok: true, received: rows.length, changed: changed.length };
  });
}

/**
 * `POST /api/v1/legality-records`: items `{imei, document, recordedAt}` in the name of the
 * client's supplier (its kind and organisation are the client's, never the body's). A device
 * with a record is white at once: the check verifies from the facts.
 */
export async function recordLegality(
  client: ApiClientIdentity,
  items: unknown[],
  options: { now?: Date; databaseUrl?: string } = {},
): Promise<BatchResult> {
  const now = options.now ?? new Date();
  if (!client.supplier) return { ok: false, errors: [] };
  const { source, organisation } = client.supplier;
  // A supplier writes in its own name only: an item naming another supplier is refused, not rewritten.
  const foreign: ItemError[] = [];
  items.forEach((item, index) => {
    const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    for (const [field, own] of [
      ['source', source],
      ['organisation', organisation],
    ] as const) {
      if (o[field] !== undefined && o[field] !== own)
        foreign.push({
          index,
          field,
          code: 'OTHER_SUPPLIER',
          detail: `this client writes records of ${source} "${organisation}" only`,
        });
    }
  });
  const {
    rows,
    indexes,
    errors: itemErrors,
  } = readItems<LegalRow>(
    items,
    legalityItem,
    { imei: 'imei', document: 'document', recordedAt: 'recorded_at' },
    (record) => parseNamedRow('legal-imports', { ...record, source, organisation }, now),
  );
  // The same device and document twice in one batch is refused (as a repeated row of the legal-imports
  // feed): which recordedAt is right is not ours to guess.
  const folded = new Map<
    string,
    { identity: string; document: string; recordedAt: Date; index: number }
  >();
  const repeats: ItemError[] = [];
  rows.forEach((r, k) => {
    const key = `${r.identity}|${r.document}`;
    const first = folded.get(key);
    if (first)
      repeats.push({
        index: indexes[k],
        field: 'imei',
        code: 'DUPLICATE_ITEM',
        detail: `the same device and document as item ${first.index}`,
      });
    else
      folded.set(key, {
        identity: r.identity,
        document: r.document,
        recordedAt: r.recordedAt,
        index: indexes[k],
      });
  });
  const errors = [...foreign, ...itemErrors, ...repeats].sort((a, b) => a.index - b.index);
  if (errors.length) return { ok: false, errors };
  return inTransaction(options.databaseUrl, async (q) => {
    const written = await q(
      `INSERT INTO legality_records AS t (identity, source, organisation, document, "recordedAt")
       SELECT identity, $2, $3, document, "recordedAt" FROM jsonb_to_recordset($1::jsonb) AS x(identity text, document text, "recordedAt" timestamptz)
       ON CONFLICT (identity, source, organisation, document) DO UPDATE SET "recordedAt" = excluded."recordedAt"
       WHERE t."recordedAt" <> excluded."recordedAt"
       RETURNING identity`,
      [
        JSON.stringify(
          [...folded.values()].map(({ identity, document, recordedAt }) => ({
            identity,
            document,
            recordedAt,
          })),
        ),
        source,
        organisation,
      ],
    );
    const changed = written.rows.map((r) => String(r.identity));
    if (changed.length) await q(MARK_DIRTY_SQL, [changed.join(',')]);
    if (changed.length)
      await q(AUDIT_SQL, [
        now,
        `api:${client.name}`,
        'LEGALITY_RECORDED',
        `${source} ${organisation}`,
        `${rows.length} items, ${changed.length} records changed`,
      ]);
    return { ok: true, received: rows.length, changed: changed.length };
  });
}
