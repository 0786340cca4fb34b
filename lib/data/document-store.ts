/**
 * Filed documents on disk, outside public/: under the upload folder, with generated names. A file
 * is first written to incoming/ and moved into place only after its database record is committed,
 * so a failure leaves neither a half record nor an orphan file.
 */
import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { EXTENSION_FOR, detectDocumentType, MAX_DOCUMENT_BYTES, type DocumentType } from '../domain/documents';

export type StagedDocument = {
  storedName: string;
  originalName: string;
  size: number;
  mimeType: DocumentType;
  sha256: string;
  incomingPath: string;
};

export function uploadRoot(dir = config().uploadDir): string {
  return path.isAbsolute(dir) ? dir : path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir);
}

/** A name safe to show staff: no path, no control characters, at most 120 characters. */
export function cleanOriginalName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-120);
  return cleaned || 'document';
}

export class DocumentRefused extends Error {
  constructor(public code: 'DOCUMENT_EMPTY' | 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_TYPE', public index: number) {
    super(code);
  }
}

/** Checks each file by content again (the server never trusts the browser) and writes it to incoming/. */
export async function stageDocuments(files: File[], root = uploadRoot()): Promise<StagedDocument[]> {
  const incoming = path.join(root, 'incoming');
  await fs.mkdir(incoming, { recursive: true });
  const staged: StagedDocument[] = [];
  try {
    for (const [i, file] of files.entries()) {
      if (file.size === 0) throw new DocumentRefused('DOCUMENT_EMPTY', i);
      if (file.size > MAX_DOCUMENT_BYTES) throw new DocumentRefused('DOCUMENT_TOO_LARGE', i);
      const bytes = Buffer.from(await file.arrayBuffer());
      const type = detectDocumentType(bytes.subarray(0, 8));
      if (!type) throw new DocumentRefused('DOCUMENT_TYPE', i);
      const storedName = `${crypto.randomUUID()}.${EXTENSION_FOR[type]}`;
      const incomingPath = path.join(incoming, storedName);
      await fs.writeFile(incomingPath, bytes, { flag: 'wx', mode: 0o600 });
      staged.push({
        storedName,
        originalName: cleanOriginalName(file.name),
        size: bytes.length,
        mimeType: type,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        incomingPath,
      });
    }
  } catch (e) {
    await discardStaged(staged);
    throw e;
  }
  return staged;
}

/** After the records are committed: move the files into place. */
export async function commitStaged(staged: StagedDocument[], root = uploadRoot()): Promise<void> {
  const dir = path.join(root, 'documents');
  await fs.mkdir(dir, { recursive: true });
  for (const s of staged) await fs.rename(s.incomingPath, path.join(dir, s.storedName));
}

export async function discardStaged(staged: StagedDocument[]): Promise<void> {
  await Promise.all(staged.map((s) => fs.rm(s.incomingPath, { force: true })));
}

/** Where a filed document is: in documents/, or still in incoming/ if moving it failed. */
export function documentPath(storedName: string, root = uploadRoot()): string {
  if (!/^[0-9a-f-]{36}\.(pdf|jpg|png)$/.test(storedName)) throw new Error('bad stored name');
  const placed = path.join(root, 'documents', storedName);
  const waiting = path.join(root, 'incoming', storedName);
  return !existsSync(placed) && existsSync(waiting) ? waiting : placed;
}
