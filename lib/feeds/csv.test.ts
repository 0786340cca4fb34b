import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CsvEncodingError,
  MAX_FIELD_BYTES,
  MAX_RECORD_BYTES,
  readCsv,
  type CsvLimits,
  type CsvRecord,
} from './csv';

/** Splits text (or bytes) at the given points (repeated points give empty chunks). */
function split<T extends string | Uint8Array>(whole: T, cuts: number[]): T[] {
  const points = cuts.map((c) => Math.min(c, whole.length)).sort((a, b) => a - b);
  const chunks: T[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(whole.slice(prev, p) as T);
    prev = p;
  }
  chunks.push(whole.slice(prev) as T);
  return chunks;
}

async function parse(chunks: (string | Uint8Array)[], limits?: CsvLimits) {
  const out: CsvRecord[] = [];
  for await (const r of readCsv(
    (async function* () {
      yield* chunks;
    })(),
    limits,
  ))
    out.push(r);
  return out;
}

/** A field written as CSV: quoted when it must be (or when `quote` says so), quotes doubled. */
function cell(value: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(value) || value.startsWith('\uFEFF')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

describe('readCsv', () => {
  it('reads plain rows with line numbers, LF or CRLF, skipping blank lines and a BOM', async () => {
    expect(await parse(['\uFEFFa,b\r\n1,2\n\n3,4'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });
  it('reads quoted fields with commas, doubled quotes and newlines', async () => {
    expect(await parse(['x,y\n"Apple, Inc.","say ""hi""\nthere"\nz,""\n'])).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 2, fields: ['Apple, Inc.', 'say "hi"\nthere'] },
      { line: 4, fields: ['z', ''] },
    ]);
  });
  it('counts a CRLF or a CR inside a quoted value as one line, and skips a line holding only ""', async () => {
    expect(await parse(['a,b\r\n"q\r\nr",2\r\n""\r\n"s\rt",3\rlast,1'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['q\r\nr', '2'] },
      { line: 5, fields: ['s\rt', '3'] },
      { line: 7, fields: ['last', '1'] },
    ]);
  });
  it('keeps a quote inside an unquoted value, and rows of any length', async () => {
    expect(await parse(['a,b"c, "d"\n1\n1,2,3,4\n'])).toEqual([
      { line: 1, fields: ['a', 'b"c', ' "d"'] },
      { line: 2, fields: ['1'] },
      { line: 3, fields: ['1', '2', '3', '4'] },
    ]);
  });
  it('gives the same records however the text is split into chunks', async () => {
    const text =
      'tac,brand,model\r\n35209900,"Samsung, Co","Galaxy ""A55"""\r\n49015420,Apple,iPhone\r\n';
    const whole = await parse([text]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }),
        async (cuts) => {
          expect(await parse(split(text, cuts))).toEqual(whole);
        },
      ),
    );
  });
  it('reads back any rows written as CSV, with their lines, however the bytes are chunked', async () => {
    const char = fc.constantFrom(
      'a',
      'b',
      ' ',
      ',',
      '"',
      '\n',
      '\r',
      'é',
      'Қ',
      '😀',
      '\uFEFF',
      '1',
      '\t',
    );
    const field = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
    const row = fc.record({
      fields: fc.array(fc.tuple(field, fc.boolean()), { minLength: 2, maxLength: 4 }),
      blanksBefore: fc.nat({ max: 2 }),
    });
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(row, eol), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        async (rows, bom, lastEol, cuts) => {
          let text = bom ? '\uFEFF' : '';
          let line = 1;
          const expected: CsvRecord[] = [];
          rows.forEach(([r, end], i) => {
            for (let b = 0; b < r.blanksBefore; b++) {
              text += '\r\n'; // not a lone LF: after a row ending in CR it would make a CRLF, no blank line
              line++;
            }
            expected.push({ line, fields: r.fields.map(([v]) => v) });
            text += r.fields.map(([v, q]) => cell(v, q)).join(',');
            line += r.fields.reduce((n, [v]) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
            if (i < rows.length - 1 || lastEol) {
              text += end;
              line++;
            }
          });
          expect(await parse(split(text, cuts))).toEqual(expected);
          expect(await parse(split(new TextEncoder().encode(text), cuts))).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('reads records longer than a chunk and chunks holding many records', async () => {
    const big = 'x'.repeat(3000);
    const text = `a,b\r\n"${big}\n${big}",${big}\r\n` + '1,2\n'.repeat(3000) + '"q""",""\r';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [`${big}\n${big}`, big] },
      ...Array.from({ length: 3000 }, (_, i) => ({ line: 4 + i, fields: ['1', '2'] })),
      { line: 3004, fields: ['q"', ''] },
    ];
    for (const size of [1, 7, 64, 4096, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await parse(chunks)).toEqual(expected);
    }
  });
  it('reads Buffers as UTF-8', async () => {
    expect(await parse([Buffer.from('\uFEFFa,"Қазақ, ""тест"""\n')])).toEqual([
      { line: 1, fields: ['a', 'Қазақ, "тест"'] },
    ]);
  });
});

describe('readCsv with bytes', () => {
  it('keeps a multi-byte character whole when a chunk boundary splits it', async () => {
    const bytes = new TextEncoder().encode('organisation\nТОО «Қазақ» 😀\n');
    for (const size of [1, 2, 3, 5]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect((await parse(chunks)).map((r) => r.fields[0])).toEqual([
        'organisation',
        'ТОО «Қазақ» 😀',
      ]);
    }
  });
});

describe('readCsv on broken files', () => {
  it('marks a quote left open at the end of the file, on the line the quoted value starts', async () => {
    expect(await parse(['a,b\n1,2\n\n3,"open\n2,3\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: [], unterminated: true },
    ]);
  });
  it('skips a quote left open in a big file to the end without holding it (the rest is the open value)', async () => {
    let yielded = 0;
    async function* endless() {
      yield 'a,b\n1,2\n3,"open\n';
      for (let i = 0; i < 2_000; i++) {
        yielded++;
        yield '4,5\n'.repeat(1000);
      }
    }
    const out: CsvRecord[] = [];
    for await (const r of readCsv(endless())) out.push(r);
    expect(out).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: [], unterminated: true },
    ]);
    expect(yielded).toBe(2_000);
  });
  it('marks a field longer than MAX_FIELD_BYTES on its line and goes on reading after it', async () => {
    const long = 'x'.repeat(MAX_FIELD_BYTES + 1);
    expect(
      await parse([
        'a,b\n',
        `1,${long}`,
        '\n2,3\r\n',
        `"${long.slice(0, 100)}\n${long}"`,
        ',4\r\n5,6\n',
      ]),
    ).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [], tooLong: 'field', column: 1 },
      { line: 3, fields: ['2', '3'] },
      { line: 4, fields: [], tooLong: 'field', column: 0 },
      { line: 6, fields: ['5', '6'] },
    ]);
    // exactly at the limit, quotes included: read
    const max = 'y'.repeat(MAX_FIELD_BYTES - 2);
    expect(await parse([`"${max}",z\n`])).toEqual([{ line: 1, fields: [max, 'z'] }]);
    expect(await parse([`"${max}y",z\n`])).toEqual([
      { line: 1, fields: [], tooLong: 'field', column: 0 },
    ]);
  });
  it('marks a record longer than MAX_RECORD_BYTES, delimiters counted (a row of empty fields), and goes on', async () => {
    expect(await parse(['a,b\n', ','.repeat(MAX_RECORD_BYTES + 1), '\r\n1,2\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [], tooLong: 'record' },
      { line: 3, fields: ['1', '2'] },
    ]);
    const fields = Array.from({ length: 100_000 }, (_, i) => String(i % 10)).join(',');
    expect(await parse([`a,b\n${fields}`])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [], tooLong: 'record' },
    ]);
  });
  it('marks overlong fields and records exactly where the limits say, however the bytes are chunked', async () => {
    const limits = { maxFieldBytes: 6, maxRecordBytes: 14 };
    const char = fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é', 'Қ', '😀', '1');
    const field = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
    const row = fc.array(fc.tuple(field, fc.boolean()), { minLength: 2, maxLength: 4 });
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const bytes = (t: string) => Buffer.byteLength(t);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(row, eol), { maxLength: 6 }),
        fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
        async (rows, cuts) => {
          let text = '';
          let line = 1;
          const expected: CsvRecord[] = [];
          rows.forEach(([fields, end], i) => {
            const cells = fields.map(([v, q]) => cell(v, q));
            // Where each limit is first passed (a byte count within the record, commas included): the first wins, a field on a tie.
            let offset = 0;
            let fieldAt = Infinity;
            let column = -1;
            cells.forEach((c, k) => {
              if (bytes(c) > limits.maxFieldBytes && offset + limits.maxFieldBytes + 1 < fieldAt) {
                fieldAt = offset + limits.maxFieldBytes + 1;
                column = k;
              }
              offset += bytes(c) + 1;
            });
            const recordAt =
              offset - 1 > limits.maxRecordBytes ? limits.maxRecordBytes + 1 : Infinity;
            if (fieldAt < Infinity && fieldAt <= recordAt)
              expected.push({ line, fields: [], tooLong: 'field', column });
            else if (recordAt < Infinity) expected.push({ line, fields: [], tooLong: 'record' });
            else expected.push({ line, fields: fields.map(([v]) => v) });
            text += cells.join(',');
            line += fields.reduce((n, [v]) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
            if (i < rows.length - 1) {
              text += end;
              line++;
            }
          });
          expect(await parse(split(new TextEncoder().encode(text), cuts), limits)).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('refuses bytes that are not UTF-8', async () => {
    const cp1251 = new Uint8Array([0x61, 0x0a, 0xcf, 0xf0, 0xe8, 0x0a]);
    await expect(parse([cp1251])).rejects.toThrow(CsvEncodingError);
    // a character cut off at the very end of the file
    await expect(parse([new TextEncoder().encode('a,b\nҚ').subarray(0, 5)])).rejects.toThrow(
      CsvEncodingError,
    );
    // a bad byte far into the file, after good records
    await expect(
      parse([
        new TextEncoder().encode('a,b\n' + '1,2\n'.repeat(10_000)),
        new Uint8Array([0xff, 0x0a]),
      ]),
    ).rejects.toThrow(CsvEncodingError);
  });
  it('refuses a file with NUL bytes (no text file holds them, and PostgreSQL text cannot)', async () => {
    await expect(
      parse([new TextEncoder().encode('tac,brand,model\n12345678,Sam\u0000sung,A1\n')]),
    ).rejects.toThrow(CsvEncodingError);
  });
});
