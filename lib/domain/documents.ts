/**
 * Documents filed as proof: what they may be and how their type is told, by content (magic
 * bytes), never by name or declared type. Pure.
 */

export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type of a file from its first bytes, or null when it is none of PDF, JPEG, PNG. */
export function detectDocumentType(head: Uint8Array): DocumentType | null {
  const b = head;
  if (
    b.length >= 5 &&
    b[0] === 0x25 &&
    b[1] === 0x50 &&
    b[2] === 0x44 &&
    b[3] === 0x46 &&
    b[4] === 0x2d
  )
    return 'application/pdf'; // %PDF-
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  return null;
}

export const EXTENSION_FOR: Record<DocumentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/**
 * Why a file is not filed. The first three are told in the browser as well; the others only once
 * the server has parsed or decoded the file (lib/documents/prepare-document.ts).
 */
export type DocumentRefusal =
  | 'DOCUMENT_EMPTY'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_TYPE'
  /** JavaScript, an automatic or launch action, an embedded file, a form sent elsewhere, a local link, media */
  | 'DOCUMENT_PDF_ACTIVE'
  /** password-protected or encrypted: a reviewer could not read it */
  | 'DOCUMENT_PDF_ENCRYPTED'
  /** damaged, or not a PDF a reader can open */
  | 'DOCUMENT_PDF_UNREADABLE'
  /** does not decode as the JPEG or PNG it starts as */
  | 'DOCUMENT_IMAGE_UNREADABLE'
  /** more pixels than MAX_IMAGE_PIXELS (a decompression bomb, or a photo far beyond what is needed) */
  | 'DOCUMENT_IMAGE_TOO_BIG';

/** Pixels an image may have (width × height): 100 megapixels, beyond any phone photo or 600 dpi A4 scan. */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Characters that are never part of a name shown to staff: control characters (C0, C1), format
 * characters (bidirectional overrides and isolates such as U+202E, zero-width characters, the
 * soft hyphen, the byte order mark), lone surrogates, private-use and unassigned code points.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
/** Line and paragraph separators, and every other kind of space, become a plain space. */
const SPACES = /[\p{Zl}\p{Zp}\p{Zs}]+/gu;
/** Slashes of any form: ASCII, fullwidth, fraction and division slashes, big solidi. */
const SEPARATORS = /[\\/\uff0f\uff3c\u2044\u2215\u29f8\u29f9]/;
export const MAX_FILE_NAME_LENGTH = 120;

/**
 * The name an owner's file had, made safe to show staff: composed (NFC), only the part after the
 * last path separator (of any form: `..／..／x` is `x`), without
 * invisible and direction-changing characters (`invoice\u202efdp.exe` shows as `invoicefdp.exe`),
 * spaces collapsed, at most 120 characters with the extension kept. Never used as a path.
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(SEPARATORS).pop() ?? '';
  const cleaned = base.replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  if (!cleaned || /^\.+$/.test(cleaned)) return 'document';
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keepExt = ext.length > 0 && ext.length <= 10 ? ext : [];
  return (
    chars
      .slice(0, MAX_FILE_NAME_LENGTH - keepExt.length)
      .join('')
      .trimEnd() + keepExt.join('')
  );
}

/**
 * The Content-Disposition staff get a document with: a generated ASCII name (`document-42.pdf`,
 * what a browser saves it as when it ignores the rest) and the cleaned original name, with the
 * stored type's extension, as `filename*` (RFC 6266 / RFC 8187), percent-encoded so no quote, semicolon or line break can
 * end the header early.
 */
export function documentDisposition(id: number, mimeType: string, originalName: string): string {
  const ext = EXTENSION_FOR[mimeType as DocumentType] ?? 'bin';
  // The saved file always ends in the extension of what was stored (a browser prefers
  // `filename*`): `invoicefdp.exe` that is a PDF is saved as `invoicefdp.pdf`.
  const base = cleanFileName(originalName).replace(/\.[^.]{0,10}$/, '') || `document-${id}`;
  const encoded = encodeURIComponent(`${base}.${ext}`).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="document-${id}.${ext}"; filename*=UTF-8''${encoded}`;
}
