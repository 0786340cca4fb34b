/**
 * Filed photos and scans are decoded and stored as their pixels only: turned upright by their
 * EXIF orientation and encoded again by sharp (libvips) in the type they came as, with every
 * piece of metadata (EXIF with its GPS position, XMP, ICC comments) and every byte after the image
 * dropped. A JPEG with a PDF or HTML appended (a polyglot) is stored as a plain JPEG.
 */
import 'server-only';
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS } from '../domain/documents';

export type ImageResult =
  | { ok: true; bytes: Buffer; mimeType: 'image/jpeg' | 'image/png'; width: number; height: number }
  | { ok: false; code: 'DOCUMENT_IMAGE_UNREADABLE' | 'DOCUMENT_IMAGE_TOO_BIG' };

export async function normaliseImage(
  input: Uint8Array,
  mimeType: 'image/jpeg' | 'image/png',
): Promise<ImageResult> {
  const expected = mimeType === 'image/jpeg' ? 'jpeg' : 'png';
  try {
    // 'error': a truncated file or broken pixel data is refused; a decoder's mere warning (a few
    // stray bytes between markers, as some cameras write) is not.
    const image = sharp(input, {
      limitInputPixels: MAX_IMAGE_PIXELS,
      failOn: 'error',
      sequentialRead: true,
    });
    const meta = await image.metadata();
    if (meta.format !== expected) return { ok: false, code: 'DOCUMENT_IMAGE_UNREADABLE' };
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS)
      return { ok: false, code: 'DOCUMENT_IMAGE_TOO_BIG' };
    const oriented = image.rotate();
    const encoded =
      mimeType === 'image/jpeg'
        ? oriented.jpeg({ quality: 90, mozjpeg: true })
        : oriented.png({ compressionLevel: 9 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, bytes: data, mimeType, width: info.width, height: info.height };
  } catch (e) {
    if (/pixel limit/i.test((e as Error).message ?? ''))
      return { ok: false, code: 'DOCUMENT_IMAGE_TOO_BIG' };
    return { ok: false, code: 'DOCUMENT_IMAGE_UNREADABLE' };
  }
}
