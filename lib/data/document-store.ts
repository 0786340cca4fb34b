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
import {
  cleanFileName,
  EXTENSION_FOR,
  MAX_DOCUMENT_BYTES,
  type DocumentRefusal,
  type DocumentType,
} from '../domain/documents';
import { prepareDocument } from '../documents/prepare-document';
import type { Db } from './prisma';

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

/** A name safe to show staff (lib/domain/documents.ts cleanFileName). */
export const cleanOriginalName = cleanFileName;

export type StageRefusal = DocumentRefusal | 'STORAGE_FULL';

export class DocumentRefused extends Error {
  /** `index` is the refused file's; -1 when no one file is at fault (the disk is full). */
  constructor(
    public code: StageRefusal,
    public index: number,
  ) {
    super(code);
  }
}

/** Write errors that mean "no room": the owner is told to try later, not that their file is bad. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** How files are written: the real file system, or a test's stand-in that fails like a full disk. */
export type StorageWriter = (file: string, bytes: Uint8Array) => Promise<void>;
const writeNew: StorageWriter = (file, bytes) =>
  fs.writeFile(file, bytes, { flag: 'wx', mode: 0o600 });

/**
 * Checks each file by content again (the server never trusts the browser): a PDF's objects, an
 * image decoded and re-encoded (lib/documents/prepare-document.ts). Then writes what is to be
 * stored to incoming/. A refusal or a failed write leaves nothing behind: the file being written
 * and those written before it are removed.
 */
export async function stageDocuments(
  files: File[],
  root = uploadRoot(),
  write: StorageWriter = writeNew,
): Promise<StagedDocument[]> {
  const incoming = path.join(root, 'incoming');
  const staged: StagedDocument[] = [];
  try {
    // Every file is checked before any is written: a refusal costs no disk.
    const prepared: { bytes: Uint8Array; mimeType: DocumentType; name: string }[] = [];
    for (const [i, file] of files.entries()) {
      if (file.size === 0) throw new DocumentRefused('DOCUMENT_EMPTY', i);
      if (file.size > MAX_DOCUMENT_BYTES) throw new DocumentRefused('DOCUMENT_TOO_LARGE', i);
      const p = await prepareDocument(new Uint8Array(await file.arrayBuffer()));
      if (!p.ok) throw new DocumentRefused(p.code, i);
      prepared.push({ bytes: p.bytes, mimeType: p.mimeType, name: file.name });
    }
    await fs.mkdir(incoming, { recursive: true });
    for (const p of prepared) {
      const storedName = `${crypto.randomUUID()}.${EXTENSION_FOR[p.mimeType]}`;
      const incomingPath = path.join(incoming, storedName);
      try {
        await write(incomingPath, p.bytes);
      } catch (e) {
        await fs.rm(incomingPath, { force: true }).catch(() => {});
        if (NO_ROOM.has((e as NodeJS.ErrnoException).code ?? '')) {
          console.error('uploads: no room to write a document (disk full); nothing was filed');
          throw new DocumentRefused('STORAGE_FULL', -1);
        }
        throw e;
      }
      staged.push({
        storedName,
        originalName: cleanFileName(p.name),
        size: p.bytes.length,
        mimeType: p.mimeType,
        sha256: crypto.createHash('sha256').update(p.bytes).digest('hex'),
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
  if (!STORED_NAME.test(storedName)) throw new Error('bad stored name');
  const placed = path.join(root, 'documents', storedName);
  const waiting = path.join(root, 'incoming', storedName);
  return !existsSync(placed) && existsSync(waiting) ? waiting : placed;
}

const STORED_NAME = /^[0-9a-f-]{36}\.(pdf|jpg|png)$/;

/**
 * Files left in incoming/ by a filing that never finished (the server killed mid-upload, a crash
 * between writing and committing): removed once older than `olderThanMinutes`, unless a stored
 * document has that name (a committed filing whose move into documents/ failed is served from
 * incoming/ and stays). Run at server start and periodically (instrumentation.ts). Logs one line
 * with the count, never a name.
 */
export async function removeOrphanUploads(
  prisma: Db,
  options: { olderThanMinutes?: number; now?: Date; root?: string } = {},
): Promise<number> {
  const root = options.root ?? uploadRoot();
  const incoming = path.join(root, 'incoming');
  const cutoff =
    (options.now ?? new Date()).getTime() -
    (options.olderThanMinutes ?? config().uploadOrphanMinutes) * 60_000;
  let names: string[];
  try {
    names = await fs.readdir(incoming);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  const old: string[] = [];
  for (const name of names) {
    const stat = await fs.lstat(path.join(incoming, name)).catch(() => null);
    if (stat && stat.mtimeMs <= cutoff) old.push(name);
  }
  if (old.length === 0) return 0;
  // Asked after listing: a filing that commits meanwhile is found here and its file kept.
  const kept = new Set(
    (
      await prisma.applicationDocument.findMany({
        where: { storedName: { in: old } },
        select: { storedName: true },
      })
    ).map((d) => d.storedName),
  );
  let removed = 0;
  for (const name of old) {
    if (kept.has(name)) continue;
    await fs.rm(path.join(incoming, name), { force: true, recursive: true });
    removed++;
  }
  if (removed > 0) console.log(`uploads: removed ${removed} unfinished upload(s) from incoming/`);
  return removed;
}
