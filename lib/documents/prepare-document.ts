/**
 * What the server makes of one uploaded file before anything is written: its type by content, a
 * PDF's objects checked (pdf-inspect.ts), an image reduced to its pixels (image-normalise.ts).
 * The bytes returned are the bytes to store; the type is the type of those bytes.
 */
import 'server-only';
import {
  detectDocumentType,
  MAX_DOCUMENT_BYTES,
  type DocumentRefusal,
  type DocumentType,
} from '../domain/documents';
import { inspectPdf } from './pdf-inspect';
import { normaliseImage } from './image-normalise';

export type PreparedDocument =
  { ok: true; bytes: Uint8Array; mimeType: DocumentType } | { ok: false; code: DocumentRefusal };

export async function prepareDocument(bytes: Uint8Array): Promise<PreparedDocument> {
  if (bytes.length === 0) return { ok: false, code: 'DOCUMENT_EMPTY' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, code: 'DOCUMENT_TOO_LARGE' };
  const type = detectDocumentType(bytes.subarray(0, 8));
  if (!type) return { ok: false, code: 'DOCUMENT_TYPE' };
  if (type === 'application/pdf') {
    const pdf = await inspectPdf(bytes);
    return pdf.ok ? { ok: true, bytes, mimeType: type } : { ok: false, code: pdf.code };
  }
  const image = await normaliseImage(bytes, type);
  return image.ok
    ? { ok: true, bytes: image.bytes, mimeType: image.mimeType }
    : { ok: false, code: image.code };
}
