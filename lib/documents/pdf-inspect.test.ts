import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { inspectPdf } from './pdf-inspect';
import { GENERATORS, tinyPdf } from './test-files';

const inspect = async (generator: string) => {
  const bytes = await GENERATORS[generator]();
  return { bytes, result: await inspectPdf(bytes) };
};

describe('inspectPdf', () => {
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
    expect(zlib.inflateSync(escaped.bytes.subarray(objStm, escaped.bytes.indexOf('\nendstream', objStm))).toString()).toContain('/J#61vaScript');
    expect(escaped.result).toMatchObject({ ok: false, feature: 'AUTO_ACTION' });
    expect((await inspect('pdfObjectStreamLowercaseEscape')).result).toMatchObject({ ok: false, feature: 'JAVASCRIPT' });
    expect((await inspect('pdfObjectStreamEscapedLaunch')).result).toMatchObject({ ok: false, feature: 'LAUNCH' });
    expect((await inspect('pdfDisguisedObjectStream')).result).toMatchObject({ ok: false, feature: 'HIDDEN_OBJECTS' });
  });

  it('looks at every copy of an object, not only the one pdf-lib keeps', async () => {
    expect((await inspect('pdfDuplicateObjectHidesJavaScript')).result).toMatchObject({ ok: false, feature: 'JAVASCRIPT' });
  });

  it('tells encrypted and unreadable PDFs apart, and stops a decompression bomb', async () => {
    expect((await inspect('pdfEncrypted')).result).toEqual({ ok: false, code: 'DOCUMENT_PDF_ENCRYPTED' });
    expect((await inspect('pdfNoPages')).result).toEqual({ ok: false, code: 'DOCUMENT_PDF_UNREADABLE' });
    expect((await inspect('pdfObjectStreamBomb')).result).toEqual({ ok: false, code: 'DOCUMENT_PDF_UNREADABLE' });
  });
});
