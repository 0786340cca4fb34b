/**
 * Which parts of a PDF make it unsafe to file: what can run code, act by itself, open another
 * file or carry one inside. The PDF's objects are parsed elsewhere (lib/documents/pdf-inspect.ts);
 * this decides on what the parser saw: dictionary keys, the names under the keys that say what an
 * action or annotation is, and the targets of links. Pure.
 *
 * A document for a reviewer (a receipt, an invoice, a customs declaration) needs none of these;
 * printing it to PDF again drops them, which is what the owner is told to do.
 */

/** Keys whose mere presence means active or embedded content. */
const DANGEROUS_KEYS: Record<string, PdfFeature> = {
  JS: 'JAVASCRIPT',
  JavaScript: 'JAVASCRIPT',
  OpenAction: 'AUTO_ACTION',
  AA: 'AUTO_ACTION',
  EmbeddedFiles: 'EMBEDDED_FILE',
  EF: 'EMBEDDED_FILE',
  XFA: 'XFA_FORM',
  RichMediaContent: 'MEDIA',
  RichMediaSettings: 'MEDIA',
};

/** Names that, as an action's type (/S), an annotation's /Subtype or an object's /Type, are refused. */
const DANGEROUS_TYPES: Record<string, PdfFeature> = {
  JavaScript: 'JAVASCRIPT',
  Launch: 'LAUNCH',
  SubmitForm: 'SUBMIT_FORM',
  ImportData: 'IMPORT_DATA',
  GoToR: 'REMOTE_GOTO',
  GoToE: 'REMOTE_GOTO',
  FileAttachment: 'EMBEDDED_FILE',
  EmbeddedFile: 'EMBEDDED_FILE',
  RichMedia: 'MEDIA',
  RichMediaExecute: 'MEDIA',
  Rendition: 'MEDIA',
  Movie: 'MEDIA',
  Sound: 'MEDIA',
  Screen: 'MEDIA',
  '3D': 'MEDIA',
};

const TYPE_KEYS = new Set(['S', 'Subtype', 'Type']);

export type PdfFeature =
  | 'JAVASCRIPT'
  | 'AUTO_ACTION'
  | 'LAUNCH'
  | 'EMBEDDED_FILE'
  | 'SUBMIT_FORM'
  | 'IMPORT_DATA'
  | 'REMOTE_GOTO'
  | 'LOCAL_URI'
  | 'XFA_FORM'
  | 'MEDIA'
  /** an object stream the parser could not open because its type is disguised */
  | 'HIDDEN_OBJECTS';

/**
 * A name as a conforming reader reads it: every `#xx` escape decoded, upper- or lowercase hex
 * (ISO 32000-1 7.3.5). pdf-lib 1.17.1 decodes only uppercase escapes (`/J#61vaScript` becomes
 * `JavaScript`, but `/#4aavaScript` stays `#4aavaScript`), so the text it gives is decoded once
 * more here. A name that needed this is odd in itself; decoding a literal `#23` twice can only
 * make more names look dangerous, never fewer.
 */
export function normalisePdfName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** A link target that is not a web page or an email address: a local file, a share, a script, a relative path. */
export function isLocalUri(uri: string): boolean {
  const cleaned = uri.replace(/[\u0000-\u0020\u007f]/g, '');
  return !/^(https?:\/\/[^/\\]|mailto:)/i.test(cleaned);
}

/**
 * What one dictionary entry means, if it is dangerous: its key, and the name or text it holds
 * (`destination`: the value is an array, directly or through a reference). An /OpenAction that is
 * a destination only says which page to open at, as many writers set it; as an action it is refused.
 */
export function dangerousEntry(
  key: string,
  value: { name?: string; text?: string; destination?: boolean },
): PdfFeature | null {
  const k = normalisePdfName(key);
  if (k === 'OpenAction' && value.destination) return null;
  if (Object.hasOwn(DANGEROUS_KEYS, k)) return DANGEROUS_KEYS[k];
  if (value.name !== undefined && TYPE_KEYS.has(k)) {
    const n = normalisePdfName(value.name);
    if (Object.hasOwn(DANGEROUS_TYPES, n)) return DANGEROUS_TYPES[n];
  }
  if (k === 'URI' && value.text !== undefined && isLocalUri(value.text)) return 'LOCAL_URI';
  return null;
}

/** Decompressed bytes one PDF may unpack while it is parsed (object and cross-reference streams): beyond, a bomb. */
export const MAX_PDF_DECODED_BYTES = 64 * 1024 * 1024;
