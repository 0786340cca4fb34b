/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside
 * quotes). It reads text chunks as they come, so memory stays flat whatever the file's size.
 * Each record carries the line number it starts on, for error reports.
 */

export type CsvRecord = { line: number; fields: string[] };

export async function* readCsv(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quoteSeen = false; // a quote just closed inside a quoted field (may be an escaped "")
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCR = false;
  let buffered: CsvRecord[] = [];

  const endRecord = () => {
    fields.push(field);
    field = '';
    // Blank lines are skipped.
    if (!(fields.length === 1 && fields[0] === '')) buffered.push({ line: recordLine, fields });
    fields = [];
  };

  for await (const raw of chunks) {
    let chunk = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (pendingCR) {
        pendingCR = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          inQuotes = false; // the quote closed the field; fall through to handle c
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          if (c === '\n') line++;
          field += c;
          continue;
        }
      }
      if (c === '"' && field === '') {
        inQuotes = true;
      } else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') pendingCR = true;
        endRecord();
        line++;
        recordLine = line;
      } else {
        field += c;
      }
    }
    if (buffered.length) {
      const out = buffered;
      buffered = [];
      yield* out;
    }
  }
  if (quoteSeen) inQuotes = false;
  if (field !== '' || fields.length > 0) endRecord();
  yield* buffered;
}
