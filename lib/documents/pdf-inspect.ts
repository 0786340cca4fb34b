/**
 * Reads a filed PDF's objects with pdf-lib and says whether it may be stored: not encrypted, one a
 * reader can open (a catalog with at least one page), and nothing active or embedded in it
 * (lib/domain/pdf-rules.ts decides what is). The objects are parsed, never searched for as bytes:
 * objects inside compressed object streams (/ObjStm) are expanded by pdf-lib and looked at like
 * any other, and names are read as a reader decodes them (`/J#61vaScript`, `/#4aavaScript`).
 *
 * Every object the parser produced is looked at, including one that a later object of the same
 * number replaces (pdf-lib keeps the last; a reader following the cross-reference table may take
 * the first). Object and cross-reference streams are unpacked within a budget
 * (MAX_PDF_DECODED_BYTES), so a small file cannot inflate into gigabytes.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import zlib from 'node:zlib';
import {
  PDFArray,
  PDFCatalog,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFObjectParser,
  PDFObjectStreamParser,
  PDFPageLeaf,
  PDFParser,
  PDFRawStream,
  PDFString,
  PDFRef,
  PDFXRefStreamParser,
  type PDFContext,
  type PDFObject,
} from 'pdf-lib';
import {
  dangerousEntry,
  MAX_PDF_DECODED_BYTES,
  normalisePdfName,
  type PdfFeature,
} from '../domain/pdf-rules';

export type PdfInspection =
  | { ok: true; pages: number }
  | { ok: false; code: 'DOCUMENT_PDF_ACTIVE'; feature: PdfFeature }
  | { ok: false; code: 'DOCUMENT_PDF_ENCRYPTED' | 'DOCUMENT_PDF_UNREADABLE' };

class PdfTooLarge extends Error {}

/** The decoded-bytes budget of the PDF being parsed in this async context. */
const budget = new AsyncLocalStorage<{ left: number }>();

/**
 * Before pdf-lib unpacks an object or cross-reference stream, its size once inflated is measured
 * with zlib under the budget: past it the parse stops. Streams of those two kinds with another
 * filter than FlateDecode (which no PDF writer uses for them) are refused.
 */
function guardStreams(): void {
  // The mark is on each class, not global: a bundler may give another chunk a copy of pdf-lib of its own.
  const marker = Symbol.for('imei-portal.pdf-stream-guard');
  for (const parser of [PDFObjectStreamParser, PDFXRefStreamParser] as unknown as ({
    forStream: (s: PDFRawStream, ...rest: unknown[]) => unknown;
  } & Record<symbol, boolean>)[]) {
    if (parser[marker]) continue;
    parser[marker] = true;
    const original = parser.forStream;
    parser.forStream = (stream: PDFRawStream, ...rest: unknown[]) => {
      const left = budget.getStore();
      if (left) left.left -= decodedSize(stream, left.left);
      return original(stream, ...rest);
    };
  }
}

function decodedSize(stream: PDFRawStream, limit: number): number {
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  if (filters.length === 0) return stream.contents.length;
  if (
    filters.length !== 1 ||
    !(filters[0] instanceof PDFName) ||
    normalisePdfName(filters[0].decodeText()) !== 'FlateDecode'
  )
    throw new PdfTooLarge('filter');
  if (limit <= 0) throw new PdfTooLarge('budget');
  try {
    return zlib.inflateSync(stream.contents, {
      maxOutputLength: limit,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    }).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PdfTooLarge('budget');
    return 0; // not zlib data: pdf-lib's own decoder will fail on it
  }
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfInspection> {
  guardStreams();
  const seen: PDFObject[] = [];
  let context: PDFContext;
  try {
    context = await budget.run({ left: MAX_PDF_DECODED_BYTES }, async () => {
      // Invalid objects throw instead of being kept as opaque bytes nobody could look into.
      const parser = PDFParser.forBytesWithOptions(bytes, 200, true, false);
      const ctx = (parser as unknown as { context: PDFContext }).context;
      const assign = ctx.assign.bind(ctx);
      ctx.assign = (ref: PDFRef, object: PDFObject) => {
        seen.push(object);
        assign(ref, object);
      };
      return parser.parseDocument();
    });
  } catch {
    // Damaged, not a PDF after all, too deeply nested for the parser, or a decompression bomb.
    return { ok: false, code: 'DOCUMENT_PDF_UNREADABLE' };
  }
  // pdf-lib's own test (PDFDocument.load without ignoreEncryption): an /Encrypt in the trailer.
  if (context.trailerInfo.Encrypt) return { ok: false, code: 'DOCUMENT_PDF_ENCRYPTED' };

  for (const object of seen) {
    const feature = findDangerous(object, context);
    if (feature) return { ok: false, code: 'DOCUMENT_PDF_ACTIVE', feature };
  }

  // A reader reaches objects through the cross-reference offsets; pdf-lib reads the file in order
  // and skips stream contents, so an object written inside another stream's bytes, with an offset
  // pointing at it, would never be looked at. Every object header anywhere in the raw bytes is
  // therefore parsed and looked at too (what does not parse as an object is only stream data).
  for (const object of objectsAtEveryHeader(bytes, context)) {
    const feature = findDangerous(object, context);
    if (feature) return { ok: false, code: 'DOCUMENT_PDF_ACTIVE', feature };
  }

  // A reader must be able to open it: a catalog with a page tree and at least one page.
  try {
    const catalog = context.lookup(context.trailerInfo.Root);
    if (!(catalog instanceof PDFCatalog)) return { ok: false, code: 'DOCUMENT_PDF_UNREADABLE' };
    let pages = 0;
    catalog.Pages().traverse((node) => {
      if (node instanceof PDFPageLeaf) pages++;
    });
    return pages > 0 ? { ok: true, pages } : { ok: false, code: 'DOCUMENT_PDF_UNREADABLE' };
  } catch {
    return { ok: false, code: 'DOCUMENT_PDF_UNREADABLE' };
  }
}

/** Each `N G obj` header in the file's raw bytes, parsed as an object where it parses. */
function* objectsAtEveryHeader(bytes: Uint8Array, context: PDFContext): Generator<PDFObject> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const header = /(?<![0-9])[0-9]{1,10}[\0\t\n\f\r ]+[0-9]{1,5}[\0\t\n\f\r ]+obj(?![A-Za-z0-9])/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    try {
      const object = PDFObjectParser.forBytes(
        bytes.subarray(m.index + m[0].length),
        context,
      ).parseObject();
      // Object and cross-reference streams were read by the parser itself (their objects are
      // among those looked at above); only their compressed bytes would be seen here.
      const type = object instanceof PDFRawStream ? object.dict.get(PDFName.of('Type')) : undefined;
      if (
        type instanceof PDFName &&
        ['ObjStm', 'XRef'].includes(normalisePdfName(type.decodeText()))
      )
        continue;
      yield object;
    } catch {
      // not an object: data that happens to look like a header
    }
  }
}

/** The first dangerous entry in an object and everything nested in it (references are not followed: each object is looked at on its own). */
function findDangerous(root: PDFObject, context: PDFContext): PdfFeature | null {
  const stack: PDFObject[] = [root];
  while (stack.length > 0) {
    const object = stack.pop()!;
    const dict =
      object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : null;
    if (dict) {
      for (const [key, value] of dict.entries()) {
        const feature = dangerousEntry(key.decodeText(), {
          name: value instanceof PDFName ? value.decodeText() : undefined,
          text:
            value instanceof PDFString || value instanceof PDFHexString
              ? value.decodeText()
              : undefined,
          destination:
            (value instanceof PDFRef ? context.lookup(value) : value) instanceof PDFArray,
        });
        if (feature) return feature;
        stack.push(value);
      }
      // An object stream pdf-lib did not expand (its /Type hidden by an escape pdf-lib does not
      // decode) may hold anything: refused as if it held the worst.
      const type = dict.get(PDFName.of('Type'));
      if (
        object instanceof PDFRawStream &&
        type instanceof PDFName &&
        normalisePdfName(type.decodeText()) === 'ObjStm'
      )
        return 'HIDDEN_OBJECTS';
    } else if (object instanceof PDFArray) {
      stack.push(...object.asArray());
    }
  }
  return null;
}
