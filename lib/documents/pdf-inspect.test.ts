import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { inspectPdf } from './pdf-inspect';
import { GENERATORS, tinyPdf } from './test-files';

const inspect = async (generator: string) => {
  const bytes = await GENERATORS[generator]();
  return { bytes, result: await inspectPdf(bytes) };
};

/**
 * A PDF whose cross-reference table sends a reader to an object written inside another object's
 * stream bytes (JavaScript run on open), while a harmless object of the same number comes later in
 * the file, the only one a parser reading in order would see.
 */
function pdfWithObjectHiddenInAStream(): Uint8Array {
  const offsets: Record<number, number> = {};
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const add = (n: number, body: string) => {
    offsets[n] = out.length;
    out += `${n} 0 obj\n${body}\nendobj\n`;
  };
  add(1, '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>');
  add(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>');
  const hidden = '5 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n';
  offsets[4] = out.length;
  const hiddenAt = out.length + '4 0 obj\n<< /Length 00000 >>\nstream\n'.length;
  out += `4 0 obj\n<< /Length ${String(hidden.length).padStart(5, '0')} >>\nstream\n${hidden}\nendstream\nendobj\n`;
  add(5, '[3 0 R /Fit]');
  const xrefAt = out.length;
  out += 'xref\n0 6\n0000000000 65535 f \n';
  for (let n = 1; n <= 5; n++)
    out += `${String(n === 5 ? hiddenAt : offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('inspectPdf', () => {
  it('looks at an object hidden inside another stream that the cross-reference table points a reader to', async () => {
    expect(await inspectPdf(pdfWithObjectHiddenInAStream())).toEqual({
      ok: false,
      code: 'DOCUMENT_PDF_ACTIVE',
      feature: 'JAVASCRIPT',
    });
  });

  it('accepts a clean PDF and counts its pages', async () => {
    expect(await inspectPdf(tinyPdf())).toEqual({ ok: true, pages: 1 });
  });

  it('finds what is compressed inside an object stream, where no byte search could', async () => {
    const { bytes, result } = await inspect('pdfObjectStreamOpenAction');
    expect(Buffer.from(bytes).includes('JavaScript')).toBe(false);
    expect(Buffer.from(bytes).includes('OpenAction')).toBe(false);
    expect(result).toEqual({ ok: false, code: 'DOCUMENT_PDF_ACTIVE', feature: 'AUTO_ACTION' });
  });

  it('reads escaped names as a reader does, lowercase hex too, inside object streams', async () => {
    const escaped = await inspect('pdfObjectStreamEscapedJavaScript');
    const objStm = escaped.bytes.indexOf('stream\n', escaped.bytes.indexOf('/ObjStm')) + 7;
    expect(
      zlib
        .inflateSync(escaped.bytes.subarray(objStm, escaped.bytes.indexOf('\nendstream', objStm)))
        .toString(),
    ).toContain('/J#61vaScript');
    expect(escaped.result).toMatchObject({ ok: false, feature: 'AUTO_ACTION' });
    expect((await inspect('pdfObjectStreamLowercaseEscape')).result).toMatchObject({
      ok: false,
      feature: 'JAVASCRIPT',
    });
    expect((await inspect('pdfObjectStreamEscapedLaunch')).result).toMatchObject({
      ok: false,
      feature: 'LAUNCH',
    });
    expect((await inspect('pdfDisguisedObjectStream')).result).toMatchObject({
      ok: false,
      feature: 'HIDDEN_OBJECTS',
    });
  });

  it('looks at every copy of an object, not only the one pdf-lib keeps', async () => {
    expect((await inspect('pdfDuplicateObjectHidesJavaScript')).result).toMatchObject({
      ok: false,
      feature: 'JAVASCRIPT',
    });
  });

  it('tells encrypted and unreadable PDFs apart, and stops a decompression bomb', async () => {
    expect((await inspect('pdfEncrypted')).result).toEqual({
      ok: false,
      code: 'DOCUMENT_PDF_ENCRYPTED',
    });
    expect((await inspect('pdfNoPages')).result).toEqual({
      ok: false,
      code: 'DOCUMENT_PDF_UNREADABLE',
    });
    expect((await inspect('pdfObjectStreamBomb')).result).toEqual({
      ok: false,
      code: 'DOCUMENT_PDF_UNREADABLE',
    });
  });
});
