/**
 * Streaming CSV reading on `csv-parse` (RFC 4180: quoted fields, doubled quotes, newlines inside
 * quotes; records end at CRLF, LF or CR, mixed in one file). Records are yielded one by one as
 * the bytes come, so memory stays flat whatever the file's size. Each record carries the line
 * number it starts on, for error reports.
 *
 * The bytes are checked to be UTF-8 before they reach the parser (csv-parse would quietly turn
 * them into U+FFFD): a character whose bytes straddle two chunks is held back until it is whole.
 *
 * What the old hand-written reader did is kept: a BOM at the start is dropped, blank lines (and a
 * line holding only `""`) are skipped, rows may have any number of fields, a quote inside an
 * unquoted field is an ordinary character, and a quote left open at the end of the file gives a
 * last record marked `unterminated` (on the line that record starts) instead of an exception.
 *
 * Size limits (lib/feeds/limits.ts): before the parser sees a byte, a small scanner follows the
 * quoting (as csv-parse reads it) to find where each field and record ends, and hands the parser
 * whole records only. A field longer than MAX_FIELD_BYTES or a record longer than
 * MAX_RECORD_BYTES is skipped as it is read (never buffered, whatever its size: csv-parse's own
 * `max_record_size` does not count delimiters, so a row of 60 million commas would have become an
 * array of 60 million fields) and comes out as a record marked `tooLong`, on its line; the reading
 * goes on after it. A quote never closed in a big file swallows the rest of the file: it is
 * skipped to the end the same way and comes out marked `unterminated`.
 */
import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { Parser, type CsvError } from 'csv-parse';
import { MAX_FIELD_BYTES, MAX_RECORD_BYTES } from './limits';

export type CsvRecord = {
  /** The line the record starts on (1 is the first line of the file). */
  line: number;
  fields: string[];
  /** Set on the last record when the reading stopped inside a quoted value: a quote never closed (no fields then). */
  unterminated?: true;
  /** Set when the record was over a limit (no fields then): a field over MAX_FIELD_BYTES, or the record over MAX_RECORD_BYTES. */
  tooLong?: 'field' | 'record';
  /** With tooLong 'field': the position (0 first) of the field that was too long. */
  column?: number;
};

/** Thrown when the bytes are not valid UTF-8 (a file saved in another encoding). */
export class CsvEncodingError extends Error {}

export { MAX_FIELD_BYTES, MAX_RECORD_BYTES } from './limits';

export type CsvLimits = { maxFieldBytes: number; maxRecordBytes: number };
const LIMITS: CsvLimits = { maxFieldBytes: MAX_FIELD_BYTES, maxRecordBytes: MAX_RECORD_BYTES };

/** How many leading bytes of `buf` end on a character boundary (a cut multi-byte character is left out). */
function wholeCharacters(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n; // only continuation bytes at the end: isUtf8 decides
}

/**
 * The chunks as Buffers, each checked to be UTF-8 and ending on a character boundary (text chunks
 * too: a surrogate pair split between two of them is joined). Stops early when `stop()` says so.
 */
async function* utf8(
  chunks: AsyncIterable<string | Uint8Array>,
  stop: () => boolean,
): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  let high = ''; // a high surrogate that ended the last text chunk
  for await (const raw of chunks) {
    if (stop()) return;
    let buf: Buffer;
    if (typeof raw === 'string') {
      let str = high + raw;
      high = '';
      const last = str.charCodeAt(str.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        high = str.slice(-1);
        str = str.slice(0, -1);
      }
      buf = Buffer.from(str, 'utf8');
    } else {
      buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    }
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = null;
    }
    const whole = wholeCharacters(buf);
    if (whole < buf.length) {
      carry = Buffer.from(buf.subarray(whole)); // a copy: the source may reuse its buffer
      buf = buf.subarray(0, whole);
    }
    if (!isUtf8(buf)) throw new CsvEncodingError('not UTF-8');
    // NUL is no character of a text file (and PostgreSQL's text cannot hold it).
    if (buf.includes(0)) throw new CsvEncodingError('holds NUL bytes: not a text file');
    if (buf.length > 0) yield buf;
  }
  if (high) yield Buffer.from(high, 'utf8');
  if (carry) throw new CsvEncodingError('not UTF-8 (the last character is cut off)');
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * A record the scanner skipped, as the parser is handed it in its place: one unquoted field,
 * NUL (which no accepted file holds: utf8() refuses it), what was wrong (F field too long,
 * R record too long, U a quote never closed), the line breaks the record held (so line numbers
 * stay right) and the position of the field.
 */
const MARKER = /^\u0000([FRU])(\d+):(\d+)$/;
const marker = (what: 'F' | 'R' | 'U', breaks: number, column: number) =>
  Buffer.from(`\u0000${what}${breaks}:${column}\n`);

/**
 * Finds where each field and record ends, following the quoting as csv-parse reads it with
 * relax_quotes (a quote opens a quoted value only as a field's first byte; in it, a doubled quote
 * is a quote and a quote before anything else ends the quoting), and hands on whole records only.
 * A record whose field or whole passes a limit is dropped byte by byte as it comes and handed on
 * as a marker. Memory: at most one record under the limit is held.
 */
class RecordScanner {
  private quoted = false; // inside a quoted value
  private quoteSeen = false; // a quote inside a quoted value: a doubled quote, or the end of the quoting
  private fieldStart = true;
  private crEnded = false; // the last byte was a CR that ended a record: a LF now belongs to it
  private lastCr = false; // the last byte was a CR inside a quoted value (CRLF counts as one line break)
  private first = true;
  private fieldBytes = 0;
  private recordBytes = 0;
  private column = 0;
  private breaks = 0; // line breaks inside the current record's quoted values
  private skipping: { what: 'F' | 'R'; column: number } | null = null;
  private held: Buffer[] = []; // the current record's bytes from earlier chunks

  constructor(private limits: CsvLimits) {}

  /** What of `buf` (with what was held) can go to the parser: whole records and markers. */
  push(buf: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const { maxFieldBytes, maxRecordBytes } = this.limits;
    // The state in locals for the byte loop (written back at the end).
    let {
      quoted,
      quoteSeen,
      fieldStart,
      crEnded,
      lastCr,
      fieldBytes,
      recordBytes,
      column,
      breaks,
      skipping,
    } = this;
    let from = 0; // the first byte of `buf` not yet handed on nor dropped
    let upTo = 0; // the end of the last whole record in `buf`
    let i = 0;
    if (this.first) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3; // the BOM (csv-parse drops it): still the first field's start
    }
    const n = buf.length;
    for (; i < n; i++) {
      const b = buf[i];
      if (crEnded) {
        crEnded = false;
        // The LF of a CRLF whose CR ended the record: with that record (dropped with a skipped one).
        if (b === LF) {
          if (from === i) from = i + 1;
          upTo = i + 1;
          continue;
        }
      }
      if (quoted && !quoteSeen) {
        if (b === QUOTE) quoteSeen = true;
        else if (b === CR || (b === LF && !lastCr)) breaks++;
        lastCr = b === CR;
      } else if (quoted && b === QUOTE) {
        quoteSeen = false; // a doubled quote: a quote in the value
      } else {
        // Outside quotes (a quote that ended the quoting leaves this byte outside them).
        quoted = quoteSeen = false;
        if (b === COMMA) {
          fieldBytes = -1;
          column++;
          fieldStart = true;
        } else if (b === CR || b === LF) {
          // The record ends with this line break.
          if (skipping) {
            out.push(marker(skipping.what, breaks, skipping.column));
            skipping = null;
            from = i + 1;
          } else if (this.held.length) {
            out.push(...this.held);
            this.held = [];
          }
          upTo = i + 1;
          fieldBytes = recordBytes = column = breaks = 0;
          fieldStart = true;
          crEnded = b === CR;
          continue;
        } else {
          if (b === QUOTE && fieldStart) {
            quoted = true;
            lastCr = false;
          }
          fieldStart = false;
        }
      }
      fieldBytes++;
      recordBytes++;
      if (skipping) from = i + 1;
      else if (fieldBytes > maxFieldBytes || recordBytes > maxRecordBytes) {
        // Over a limit: hand on the whole records before this one, drop this one from here on.
        if (upTo > from) out.push(buf.subarray(from, upTo));
        this.held = [];
        skipping = { what: fieldBytes > maxFieldBytes ? 'F' : 'R', column };
        from = i + 1;
      }
    }
    Object.assign(this, {
      quoted,
      quoteSeen,
      fieldStart,
      crEnded,
      lastCr,
      fieldBytes,
      recordBytes,
      column,
      breaks,
      skipping,
    });
    if (upTo > from) out.push(buf.subarray(from, upTo));
    const rest = Math.max(from, upTo);
    if (!skipping && rest < n) this.held.push(Buffer.from(buf.subarray(rest))); // a copy: the source may reuse its buffer
    return out;
  }

  /** What is left at the end of the file: the last record (the parser reads it), or the marker of a skipped one. */
  end(): Buffer[] {
    if (this.skipping)
      return [
        marker(
          this.quoted && !this.quoteSeen ? 'U' : this.skipping.what,
          this.breaks,
          this.skipping.column,
        ),
      ];
    return this.held;
  }
}

/** The chunks cut into whole records (and markers) by a RecordScanner. */
async function* wholeRecords(
  chunks: AsyncIterable<Buffer>,
  limits: CsvLimits,
): AsyncGenerator<Buffer> {
  const scanner = new RecordScanner(limits);
  for await (const chunk of chunks) for (const piece of scanner.push(chunk)) yield piece;
  for (const piece of scanner.end()) yield piece;
}

/** Line breaks inside the record's (quoted) values: a CRLF counts once. */
function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf('\n') < 0 && f.indexOf('\r') < 0) continue;
    n += f.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

/**
 * The records of a CSV file, read as the chunks come. `limits` is for tests (small limits); the
 * import uses MAX_FIELD_BYTES and MAX_RECORD_BYTES.
 */
export async function* readCsv(
  chunks: AsyncIterable<string | Uint8Array>,
  limits: CsvLimits = LIMITS,
): AsyncGenerator<CsvRecord> {
  const parser = new Parser({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    // The scanner keeps records within the limit before the parser sees them; this is a second guard.
    max_record_size: limits.maxRecordBytes + 64,
    // A quote never closed is reported, not thrown: a thrown error would destroy the stream and
    // lose the records read before it in the same chunk.
    skip_records_with_error: true,
  });
  let failure: (CsvError & { records: number; lines: number }) | undefined;
  parser.on('skip', (e: CsvError) => {
    failure ??= e as CsvError & { records: number; lines: number };
  });
  const source = Readable.from(
    wholeRecords(
      utf8(chunks, () => failure !== undefined),
      limits,
    ),
  ); // no more reading after a failure
  pipeline(source, parser, () => {}); // an encoding error of the source reaches the loop below
  // Line numbers are counted here rather than taken from the parser's `info` (which costs an
  // object per record and counts a CRLF inside quotes as two lines): blank lines come through
  // as records [''] (skip_empty_lines is off), so each record starts on the line after the end
  // of the previous one.
  let next = 1;
  let count = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (failure && count >= failure.records) break; // what the parser read after the failure
      count++;
      const line = next;
      if (fields.length === 1 && fields[0].charCodeAt(0) === 0) {
        // A record the scanner skipped (NUL is in no accepted file: utf8() refuses it).
        const [, what, breaks, column] = MARKER.exec(fields[0])!;
        next = line + Number(breaks) + 1;
        if (what === 'U') yield { line, fields: [], unterminated: true };
        else if (what === 'F') yield { line, fields: [], tooLong: 'field', column: Number(column) };
        else yield { line, fields: [], tooLong: 'record' };
        continue;
      }
      next = line + lineBreaks(fields) + 1;
      if (fields.length === 1 && fields[0] === '') continue; // a blank line, or one holding only ""
      yield { line, fields };
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!failure) return;
  if (failure.code === 'CSV_QUOTE_NOT_CLOSED') yield { line: next, fields: [], unterminated: true };
  else if (failure.code === 'CSV_MAX_RECORD_SIZE')
    yield { line: next, fields: [], tooLong: 'record' };
  else throw failure;
}
