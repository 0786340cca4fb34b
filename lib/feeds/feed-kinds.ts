/**
 * The four CSV data feeds: their exact header columns and how each row is read and validated.
 * Pure: rows in, typed records or error codes out. Error codes are stable (the admin feed page
 * translates them; the CLI prints them with an English explanation).
 */
import { parseFeedImei } from '../domain/imei';
import { parseKzInstant } from '../domain/time';
import {
  BLACKLIST_REASONS,
  LEGALITY_SOURCES,
  type BlacklistReason,
  type LegalitySource,
} from '../domain/verdict';
import { MAX_FIELD_BYTES, MAX_RECORD_BYTES, MAX_TEXT_LENGTH } from './limits';

export const FEED_KINDS = ['tac', 'gsma-blacklist', 'legal-imports', 'registrations'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_COLUMNS: Record<FeedKind, readonly string[]> = {
  tac: ['tac', 'brand', 'model'],
  'gsma-blacklist': ['imei', 'reason', 'listed_at', 'removed_at'],
  'legal-imports': ['imei', 'source', 'organisation', 'document', 'recorded_at'],
  registrations: ['imei', 'imsi', 'msisdn', 'operator', 'seen_at'],
};

export type RowErrorCode =
  | 'IMEI_REQUIRED'
  | 'IMEI_NOT_DIGITS'
  | 'IMEI_WRONG_LENGTH'
  | 'IMEI_BAD_CHECK_DIGIT'
  | 'TAC_INVALID'
  | 'VALUE_REQUIRED'
  | 'VALUE_TOO_LONG'
  | 'REASON_INVALID'
  | 'SOURCE_INVALID'
  | 'DATE_INVALID'
  | 'DATE_IN_FUTURE'
  | 'REMOVED_BEFORE_LISTED'
  | 'IMSI_INVALID'
  | 'MSISDN_INVALID'
  | 'UNCLOSED_QUOTE'
  | 'FIELD_TOO_LONG'
  | 'RECORD_TOO_LONG'
  | 'DUPLICATE_TAC'
  | 'DUPLICATE_BLACKLIST_ENTRY'
  | 'DUPLICATE_LEGAL_RECORD';

export const ROW_ERROR_TEXT: Record<RowErrorCode, string> = {
  IMEI_REQUIRED: 'the IMEI is empty',
  IMEI_NOT_DIGITS: 'the IMEI must contain digits only',
  IMEI_WRONG_LENGTH: 'the IMEI must have 14, 15 or 16 digits',
  IMEI_BAD_CHECK_DIGIT: 'the 15th digit is not the check digit of the first 14',
  TAC_INVALID: 'a TAC is exactly 8 digits',
  VALUE_REQUIRED: 'this value is required',
  VALUE_TOO_LONG: 'this value is too long (200 characters at most)',
  REASON_INVALID: `the reason must be one of ${BLACKLIST_REASONS.join(', ')}`,
  SOURCE_INVALID: `the source must be one of ${LEGALITY_SOURCES.join(', ')}`,
  DATE_INVALID:
    'not an ISO 8601 date or date-time (for example 2025-06-01 or 2025-06-01T10:00:00+05:00)',
  DATE_IN_FUTURE: 'the time is in the future',
  REMOVED_BEFORE_LISTED: 'removed_at is before listed_at',
  IMSI_INVALID: 'an IMSI is 6 to 15 digits',
  MSISDN_INVALID: 'a phone number (MSISDN) is 10 to 15 digits, optionally after +',
  UNCLOSED_QUOTE:
    'a quoted value starting on this line is never closed: the rest of the file would be swallowed',
  FIELD_TOO_LONG: `a value is longer than ${MAX_FIELD_BYTES} bytes: the row was not read`,
  RECORD_TOO_LONG: `the row is longer than ${MAX_RECORD_BYTES} bytes: it was not read`,
  DUPLICATE_TAC: 'this TAC is already on line {first}: each TAC appears once in a file',
  DUPLICATE_BLACKLIST_ENTRY:
    'this IMEI with this listed_at is already on line {first}: each entry appears once in a file',
  DUPLICATE_LEGAL_RECORD:
    'this IMEI with this source, organisation and document is already on line {first}: each record appears once in a file',
};

/** A row error's English text, with the line of the first row when it repeats one. */
export function rowErrorText(code: RowErrorCode, firstLine?: number): string {
  return ROW_ERROR_TEXT[code].replace('{first}', String(firstLine ?? '?'));
}

/**
 * What makes a row repeat an earlier one of the same file, which is refused (the file is
 * ambiguous: which of the two is right?), per kind: the natural key of what the row writes.
 * - tac: the TAC;
 * - gsma-blacklist: the device (its 14-digit identity, whatever form the IMEI is written in) and
 *   listed_at (the same device listed at another time is another entry, e.g. listed again after
 *   a removal);
 * - legal-imports: the device, source, organisation and document (the same device in another
 *   document is another record);
 * - registrations: none. Rows are sightings: the same device, SIM, number and operator seen
 *   several times is normal, and the sightings are folded into one registration (earliest first
 *   seen, latest last seen), never overwritten.
 */
export const DUPLICATE_CODE: Record<FeedKind, RowErrorCode | null> = {
  tac: 'DUPLICATE_TAC',
  'gsma-blacklist': 'DUPLICATE_BLACKLIST_ENTRY',
  'legal-imports': 'DUPLICATE_LEGAL_RECORD',
  registrations: null,
};

export type HeaderErrorCode = 'HEADER_MISSING_COLUMNS';

export type TacRow = { tac: string; brand: string; model: string };
export type BlacklistRow = {
  identity: string;
  reason: BlacklistReason;
  listedAt: Date;
  removedAt: Date | null;
};
export type LegalRow = {
  identity: string;
  source: LegalitySource;
  organisation: string;
  document: string;
  recordedAt: Date;
};
export type RegistrationRow = {
  identity: string;
  imsi: string;
  msisdn: string;
  operator: string;
  seenAt: Date;
};

export type FeedRow<K extends FeedKind> = K extends 'tac'
  ? TacRow
  : K extends 'gsma-blacklist'
    ? BlacklistRow
    : K extends 'legal-imports'
      ? LegalRow
      : RegistrationRow;

export type FieldError = { column: string; code: RowErrorCode };
export type RowResult<T> = { ok: true; row: T } | { ok: false; errors: FieldError[] };

/** Maps header names to positions; reports the required columns that are missing. */
export function readHeader(
  kind: FeedKind,
  header: string[],
):
  | { ok: true; index: Record<string, number> }
  | { ok: false; code: HeaderErrorCode; missing: string[] } {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const col of FEED_COLUMNS[kind]) {
    const at = names.indexOf(col);
    if (at < 0) missing.push(col);
    else index[col] = at;
  }
  return missing.length
    ? { ok: false, code: 'HEADER_MISSING_COLUMNS', missing }
    : { ok: true, index };
}

/** Allowed clock skew for times reported by suppliers. */
const FUTURE_SKEW_MS = 10 * 60_000;

class RowReader {
  errors: FieldError[] = [];
  constructor(
    private fields: string[],
    private index: Record<string, number>,
    private now: Date,
  ) {}

  raw(column: string): string {
    return (this.fields[this.index[column]] ?? '').trim();
  }
  fail(column: string, code: RowErrorCode): undefined {
    this.errors.push({ column, code });
    return undefined;
  }
  imei(column = 'imei'): string | undefined {
    const r = parseFeedImei(this.raw(column));
    return r.ok ? r.identity : this.fail(column, r.code);
  }
  text(column: string): string | undefined {
    const v = this.raw(column);
    if (!v) return this.fail(column, 'VALUE_REQUIRED');
    if (v.length > MAX_TEXT_LENGTH) return this.fail(column, 'VALUE_TOO_LONG');
    return v;
  }
  oneOf<T extends string>(
    column: string,
    allowed: readonly T[],
    code: RowErrorCode,
  ): T | undefined {
    const v = this.raw(column).toLowerCase();
    return (allowed as readonly string[]).includes(v) ? (v as T) : this.fail(column, code);
  }
  instant(column: string, optional = false): Date | null | undefined {
    const v = this.raw(column);
    if (!v) return optional ? null : this.fail(column, 'VALUE_REQUIRED');
    const d = parseKzInstant(v);
    if (!d) return this.fail(column, 'DATE_INVALID');
    if (d.getTime() > this.now.getTime() + FUTURE_SKEW_MS)
      return this.fail(column, 'DATE_IN_FUTURE');
    return d;
  }
  digits(
    column: string,
    min: number,
    max: number,
    code: RowErrorCode,
    plus = false,
  ): string | undefined {
    let v = this.raw(column).replace(/[\s\-()]/g, '');
    if (plus && v.startsWith('+')) v = v.slice(1);
    return new RegExp(`^\\d{${min},${max}}$`).test(v) ? v : this.fail(column, code);
  }
  result<T>(row: T): RowResult<T> {
    return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, row };
  }
}

export function parseRow<K extends FeedKind>(
  kind: K,
  fields: string[],
  index: Record<string, number>,
  now: Date,
): RowResult<FeedRow<K>> {
  const r = new RowReader(fields, index, now);
  switch (kind) {
    case 'tac': {
      const tac = /^\d{8}$/.test(r.raw('tac')) ? r.raw('tac') : r.fail('tac', 'TAC_INVALID');
      const brand = r.text('brand');
      const model = r.text('model');
      return r.result({ tac, brand, model } as TacRow) as RowResult<FeedRow<K>>;
    }
    case 'gsma-blacklist': {
      const identity = r.imei();
      const reason = r.oneOf('reason', BLACKLIST_REASONS, 'REASON_INVALID');
      const listedAt = r.instant('listed_at');
      const removedAt = r.instant('removed_at', true);
      if (listedAt && removedAt && removedAt.getTime() < listedAt.getTime())
        r.fail('removed_at', 'REMOVED_BEFORE_LISTED');
      return r.result({ identity, reason, listedAt, removedAt } as BlacklistRow) as RowResult<
        FeedRow<K>
      >;
    }
    case 'legal-imports': {
      const identity = r.imei();
      const source = r.oneOf('source', LEGALITY_SOURCES, 'SOURCE_INVALID');
      const organisation = r.text('organisation');
      const document = r.text('document');
      const recordedAt = r.instant('recorded_at');
      return r.result({
        identity,
        source,
        organisation,
        document,
        recordedAt,
      } as LegalRow) as RowResult<FeedRow<K>>;
    }
    case 'registrations': {
      const identity = r.imei();
      const imsi = r.digits('imsi', 6, 15, 'IMSI_INVALID');
      const msisdn = r.digits('msisdn', 10, 15, 'MSISDN_INVALID', true);
      const operator = r.text('operator');
      const seenAt = r.instant('seen_at');
      return r.result({ identity, imsi, msisdn, operator, seenAt } as RegistrationRow) as RowResult<
        FeedRow<K>
      >;
    }
    default:
      throw new Error(`unknown feed kind ${String(kind)}`);
  }
}

/** The natural key of a row: importing a row with the same key updates it, never duplicates it (in one file, see DUPLICATE_CODE). */
export function rowKey(kind: FeedKind, row: FeedRow<FeedKind>): string {
  switch (kind) {
    case 'tac':
      return (row as TacRow).tac;
    case 'gsma-blacklist': {
      const b = row as BlacklistRow;
      return `${b.identity}|${b.listedAt.getTime()}`;
    }
    case 'legal-imports': {
      const l = row as LegalRow;
      return `${l.identity}|${l.source}|${l.organisation}|${l.document}`;
    }
    case 'registrations': {
      const g = row as RegistrationRow;
      return `${g.identity}|${g.imsi}|${g.msisdn}|${g.operator}`;
    }
  }
}

/** One record given by name (a JSON item of the batch APIs) read with the same rules as a CSV row of the feed. */
export function parseNamedRow<K extends FeedKind>(
  kind: K,
  record: Record<string, string>,
  now: Date,
): RowResult<FeedRow<K>> {
  const columns = FEED_COLUMNS[kind];
  const index = Object.fromEntries(columns.map((c, i) => [c, i]));
  return parseRow(
    kind,
    columns.map((c) => record[c] ?? ''),
    index,
    now,
  );
}
