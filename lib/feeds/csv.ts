/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside
 * quotes). It reads text chunks as they come, so memory stays flat whatever the file's size.
 * Each record carries the line number it starts on, for error reports.
 *
 * Bytes are decoded as UTF-8 by one streaming decoder, so a character whose bytes straddle two
 * chunks is read whole (decoding each chunk on its own turned it into two U+FFFD).
 *
 * Records are yielded one by one as soon as they are complete (not a chunk's worth at a time), so
 * each is garbage as soon as the caller is done with it. Runs of plain characters are cut out of
 * the chunk with slice() rather than copied a character at a time.
 */

export type CsvRecord = {
  line: number;
  fields: string[];
  /** Set on the last record when the file ends inside a quoted field (a quote never closed). */
  unterminated?: true;
};

/** Thrown when the bytes are not valid UTF-8 (a file saved in another encoding). */
export class CsvEncodingError extends Error {}

const QUOTE = 0x22; // "
const COMMA = 0x2c; // ,
const LF = 0x0a; // \n
const CR = 0x0d; // \r

export async function* readCsv(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  // Bytes are decoded as a stream: a character split between two chunks stays whole.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new CsvEncodingError('not UTF-8');
    }
  };
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quoteSeen = false; // a quote just closed inside a quoted field (may be an escaped "")
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCR = false; // a CR ended the last record: a LF right after it belongs to it

  for await (const raw of chunks) {
    let chunk = typeof raw === 'string' ? raw : decode(raw);
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (pendingCR) {
        pendingCR = false;
        if (chunk.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (chunk.charCodeAt(i) === QUOTE) {
            field += '"';
            i++;
            continue;
          }
          inQuotes = false; // the quote closed the field; the character is read as unquoted below
        } else {
          // Everything up to the next quote belongs to the field, newlines included.
          const q = chunk.indexOf('"', i);
          const end = q < 0 ? n : q;
          for (let nl = chunk.indexOf('\n', i); nl >= 0 && nl < end; nl = chunk.indexOf('\n', nl + 1)) line++;
          if (end > i) field += chunk.slice(i, end);
          if (q < 0) break;
          quoteSeen = true;
          i = q + 1;
          continue;
        }
      }
      // Outside quotes. A quote opens a quoted field only as the field's first character.
      if (field === '' && chunk.charCodeAt(i) === QUOTE) {
        inQuotes = true;
        i++;
        continue;
      }
      let j = i;
      let c = 0;
      while (j < n) {
        c = chunk.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        j++;
      }
      if (j > i) field += chunk.slice(i, j);
      if (j === n) break;
      i = j + 1;
      if (c === COMMA) {
        fields.push(field);
        field = '';
        continue;
      }
      // End of record (LF, CR or CRLF).
      if (c === CR) pendingCR = true;
      fields.push(field);
      field = '';
      const record: CsvRecord = { line: recordLine, fields };
      fields = [];
      line++;
      recordLine = line;
      // Blank lines are skipped.
      if (!(record.fields.length === 1 && record.fields[0] === '')) yield record;
    }
  }
  decode(); // the end of the bytes: a character cut off at the very end is an encoding error
  if (quoteSeen) inQuotes = false;
  if (inQuotes) {
    fields.push(field);
    yield { line: recordLine, fields, unterminated: true };
  } else if (field !== '' || fields.length > 0) {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) yield { line: recordLine, fields };
  }
}
