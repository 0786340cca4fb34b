import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvEncodingError, readCsv, type CsvRecord } from './csv';

/** The first, character-at-a-time implementation: the reference the faster reader must match. */
function referenceCsv(chunks: string[]): CsvRecord[] {
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quoteSeen = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCR = false;
  const out: CsvRecord[] = [];
  const endRecord = () => {
    fields.push(field);
    field = '';
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
    fields = [];
  };
  for (let chunk of chunks) {
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
          inQuotes = false;
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
  }
  if (quoteSeen) inQuotes = false;
  if (inQuotes) {
    fields.push(field);
    out.push({ line: recordLine, fields, unterminated: true }); // a quote never closed
  } else if (field !== '' || fields.length > 0) endRecord();
  return out;
}

/** Splits text at the given points (repeated points give empty chunks). */
function split(text: string, cuts: number[]): string[] {
  const points = cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  chunks.push(text.slice(prev));
  return chunks;
}


async function parse(chunks: string[]) {
  const out = [];
  for await (const r of readCsv((async function* () { yield* chunks; })())) out.push(r);
  return out;
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
  it('gives the same records however the text is split into chunks', async () => {
    const text = 'tac,brand,model\r\n35209900,"Samsung, Co","Galaxy ""A55"""\r\n49015420,Apple,iPhone\r\n';
    const whole = await parse([text]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }), async (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) { chunks.push(text.slice(prev, p)); prev = p; }
        chunks.push(text.slice(prev));
        expect(await parse(chunks)).toEqual(whole);
      }),
    );
  });
  it('reads any text exactly as the character-at-a-time reference does, however it is chunked', async () => {
    const char = fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '\uFEFF', '1');
    await fc.assert(
      fc.asyncProperty(
        fc.array(char, { maxLength: 60 }).map((cs) => cs.join('')),
        fc.array(fc.nat({ max: 60 }), { maxLength: 6 }),
        async (text, cuts) => {
          const chunks = split(text, cuts);
          expect(await parse(chunks)).toEqual(referenceCsv(chunks));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('reads records longer than a chunk and chunks holding many records', async () => {
    const big = 'x'.repeat(5000);
    const text = `a,b\r\n"${big}\n${big}",${big}\r\n` + '1,2\n'.repeat(3000) + '"q""",""\r';
    for (const size of [1, 7, 64, 4096, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await parse(chunks)).toEqual(referenceCsv(chunks));
    }
  });
  it('reads Buffers as UTF-8', async () => {
    const out = [];
    for await (const r of readCsv((async function* () { yield Buffer.from('\uFEFFa,"Қазақ, ""тест"""\n'); })())) out.push(r);
    expect(out).toEqual([{ line: 1, fields: ['a', 'Қазақ, "тест"'] }]);
  });
});

describe('readCsv with bytes', () => {
  it('keeps a multi-byte character whole when a chunk boundary splits it', async () => {
    const bytes = new TextEncoder().encode('organisation\nТОО «Қазақ»\n');
    const out = [];
    async function* split() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    for await (const r of readCsv(split())) out.push(r.fields[0]);
    expect(out).toEqual(['organisation', 'ТОО «Қазақ»']);
  });
});

describe('readCsv on broken files', () => {
  it('marks a quote left open at the end of the file', async () => {
    const out: CsvRecord[] = [];
    async function* one() { yield 'a,b\n1,"open\n2,3\n'; }
    for await (const r of readCsv(one())) out.push(r);
    expect(out[1]).toMatchObject({ line: 2, unterminated: true });
  });
  it('refuses bytes that are not UTF-8', async () => {
    async function* cp1251() { yield new Uint8Array([0x61, 0x0a, 0xcf, 0xf0, 0xe8, 0x0a]); }
    await expect(async () => { for await (const _ of readCsv(cp1251())) void _; }).rejects.toThrow(CsvEncodingError);
  });
});
