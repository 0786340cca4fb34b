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
 * One thing is new: a record longer than MAX_RECORD_BYTES (no feed's row is near it; a quote never
 * closed swallows the rest of the file) stops the reading there, so an unclosed quote near the
 * start of a big file cannot pull the whole file into memory.
 */
import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { Parser, type CsvError } from 'csv-parse';

export type CsvRecord = {
  /** The line the record starts on (1 is the first line of the file). */
  line: number;
  fields: string[];
  /** Set on the last record when the reading stopped inside a quoted value: a quote never closed (no fields then). */
  unterminated?: true;
  /** Set on the last record when it is longer than MAX_RECORD_BYTES outside quotes; reading stopped there. */
  tooLong?: true;
};

/** Thrown when the bytes are not valid UTF-8 (a file saved in another encoding). */
export class CsvEncodingError extends Error {}

/** No feed row comes near this; a longer record is an error (and memory stays bounded). */
export const MAX_RECORD_BYTES = 1 << 20;

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
async function* utf8(chunks: AsyncIterable<string | Uint8Array>, stop: () => boolean): AsyncGenerator<Buffer> {
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

/** Line breaks inside the record's (quoted) values: a CRLF counts once. */
function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf('\n') < 0 && f.indexOf('\r') < 0) continue;
    n += f.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

export async function* readCsv(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = new Parser({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
    // A quote never closed (or a record too long) is reported, not thrown: a thrown error would
    // destroy the stream and lose the records read before it in the same chunk.
    skip_records_with_error: true,
  });
  let failure: (CsvError & { records: number; lines: number }) | undefined;
  parser.on('skip', (e: CsvError) => {
    failure ??= e as CsvError & { records: number; lines: number };
  });
  const source = Readable.from(utf8(chunks, () => failure !== undefined)); // no more reading after a failure
  pipeline(source, parser, () => {}); // an encoding error of the source reaches the loop below
  // Line numbers are counted here rather than taken from the parser's `info` (which costs an
  // object per record and counts a CRLF inside quotes as two lines): blank lines come through
  // as records [''] (skip_empty_lines is off), so each record starts on the line after the end
  // of the previous one.
  let next = 1;
  let records = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (failure && records >= failure.records) break; // what the parser read after the failure
      records++;
      const line = next;
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
  // A record that runs over several lines is inside a quoted value: a quote never closed.
  else if (failure.code === 'CSV_MAX_RECORD_SIZE') yield failure.lines > next ? { line: next, fields: [], unterminated: true } : { line: next, fields: [], tooLong: true };
  else throw failure;
}
