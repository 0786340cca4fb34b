import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsv } from './csv';

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
});
