/**
 * The hostile uploads corpus (e2e/corpus/uploads.json) replayed through the real filing path: a
 * code to the owner's phone, then submitApplication with the file, on a real PostgreSQL and a real
 * upload folder. Every refused file gets its code and leaves no application, no row and no file;
 * every accepted one is stored as what it claims to be (an image re-encoded, upright, without
 * metadata or appended bytes; a name cleaned).
 */
process.env.RATE_LIMIT = 'off';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb } from './test-db';
import { applicationValues, submitWithCode } from './test-applicant';
import { GENERATORS } from '../documents/test-files';
import { luhnCheckDigit } from '../domain/imei';
import type { Db } from './prisma';
import corpus from '../../e2e/corpus/uploads.json';

type Entry = {
  name: string;
  generator: string;
  fileName: string;
  expect: string;
  mimeType?: string;
  storedName?: string;
  width?: number;
  height?: number;
  notContains?: string[];
};

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-corpus-'));
process.env.UPLOAD_DIR = uploads;

let prisma: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, dispose } = await createTestDb());
});
afterAll(async () => {
  await dispose();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const list = (dir: string) =>
  fs.existsSync(path.join(uploads, dir)) ? fs.readdirSync(path.join(uploads, dir)) : [];

let serial = 500000;
async function greyDevice(): Promise<string> {
  const identity = '35209900' + String(serial++);
  await prisma.networkRegistration.create({
    data: {
      identity,
      imsi: '401011234500000',
      msisdn: '77015550000',
      operator: 'Kcell',
      firstSeenAt: new Date(Date.now() - 3 * 86_400_000),
      lastSeenAt: new Date(),
    },
  });
  return identity + luhnCheckDigit(identity);
}

describe('the uploads corpus', () => {
  const entries = corpus as Entry[];

  it('has at least 60 hostile files, each named once, each with a generator', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
    for (const e of entries) expect(GENERATORS[e.generator], e.generator).toBeTypeOf('function');
  });

  it.each(entries.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const bytes = await GENERATORS[entry.generator]();
    const values = applicationValues(await greyDevice());
    const storedBefore = list('documents').length;
    const r = await submitWithCode(
      prisma,
      values,
      [new File([new Uint8Array(bytes)], entry.fileName)],
      { locale: 'kk' },
    );
    const application = await prisma.application.findUnique({
      where: { idempotencyKey: values.idempotencyKey },
      include: { documents: true },
    });
    // nothing is ever left half-way
    expect(list('incoming')).toEqual([]);

    if (entry.expect !== 'ACCEPTED') {
      expect(r).toEqual({ ok: false, code: entry.expect, field: 'documents.0' });
      expect(application).toBeNull();
      expect(list('documents')).toHaveLength(storedBefore);
      return;
    }
    expect(r).toMatchObject({ ok: true });
    expect(application?.documents).toHaveLength(1);
    const doc = application!.documents[0];
    expect(list('documents')).toHaveLength(storedBefore + 1);
    const stored = fs.readFileSync(path.join(uploads, 'documents', doc.storedName));
    expect(doc.size).toBe(stored.length);
    expect(doc.sha256).toBe(crypto.createHash('sha256').update(stored).digest('hex'));
    if (entry.mimeType) expect(doc.mimeType).toBe(entry.mimeType);
    if (entry.storedName !== undefined) expect(doc.originalName).toBe(entry.storedName);
    for (const text of entry.notContains ?? [])
      expect(stored.includes(Buffer.from(text, 'latin1')), text).toBe(false);
    if (doc.mimeType.startsWith('image/')) {
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe(doc.mimeType === 'image/png' ? 'png' : 'jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      if (entry.width) expect([meta.width, meta.height]).toEqual([entry.width, entry.height]);
    } else {
      expect(stored.equals(bytes)).toBe(true); // a clean PDF is stored as the owner sent it
    }
  });
});
