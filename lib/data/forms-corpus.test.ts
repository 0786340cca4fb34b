/**
 * The hostile-input corpus of the application and status forms (e2e/corpus/forms.json), replayed
 * through the server's own path: the posted form read as the server actions read it
 * (applicationFormInput / statusLookupInput), the shared zod schema, and for what the schema
 * accepts, the data layer on a real PostgreSQL (filing without a valid code, looking up an
 * application that does not exist). Each entry's answer code is asserted, and that nothing was
 * stored: no application, document, event or outbox message, no file under UPLOAD_DIR.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './test-db';
import type { Db } from './prisma';
import { lookUpApplication, submitApplication } from './applications';
import { uploadRoot } from './document-store';
import { TEST_IIN } from './test-applicant';
import {
  applicationFormInput,
  applicationFormSchema,
  statusLookupInput,
  statusLookupSchema,
} from '../schemas/application-form';

type FileSpec = { name: string; text?: string; base64?: string };
type Value =
  string | { file: FileSpec } | { files: FileSpec[] } | { text: string } | { absent: true };
type Entry = {
  name: string;
  form: 'application' | 'status';
  field: string;
  value: Value;
  expected: string;
  repeat?: number;
  set?: Record<string, string>;
  parsedAs?: string;
};

const corpus = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '../../e2e/corpus/forms.json'), 'utf8'),
) as Entry[];

const file = (f: FileSpec) =>
  new File(
    [
      f.base64 !== undefined
        ? Buffer.from(f.base64, 'base64')
        : new TextEncoder().encode(f.text ?? ''),
    ],
    f.name,
  );

/** A complete, valid posted form, then the entry's changes. */
function posted(entry: Entry): FormData {
  const form = new FormData();
  const base: Record<string, string> =
    entry.form === 'application'
      ? {
          locale: 'kk',
          imei1: '352099001761481',
          imei2: '',
          fullName: 'Ержан Сәрсенов',
          iin: TEST_IIN,
          email: '',
          arrivalMethod: 'PERSONAL',
          trackingNumber: '',
          arrivalExplanation: '',
          entryDate: '2026-01-15',
          purchaseCountry: 'CN',
          customsDeclaration: '',
          consent: 'true',
          idempotencyKey: crypto.randomUUID(),
        }
      : { locale: 'kk', reference: 'CP56-78AA', iin: TEST_IIN };
  for (const [k, v] of Object.entries({ ...base, ...entry.set })) form.set(k, v);
  if (entry.form === 'application')
    form.set('documents', file({ name: 'receipt.pdf', text: '%PDF-1.4\nproof\n' }));

  const v = entry.value;
  if (typeof v === 'string') form.set(entry.field, v.repeat(entry.repeat ?? 1));
  else if ('absent' in v) form.delete(entry.field);
  else if ('file' in v) form.set(entry.field, file(v.file));
  else if ('files' in v) {
    form.delete(entry.field);
    for (const f of v.files) form.append(entry.field, file(f));
  } else form.set(entry.field, v.text);
  return form;
}

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(() => dispose());

function filesUnder(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .length;
}
const filesBefore = filesUnder(uploadRoot());

async function stored() {
  const [applications, documents, events, outbox, devices] = await Promise.all([
    prisma.application.count(),
    prisma.applicationDocument.count(),
    prisma.applicationEvent.count(),
    prisma.outboxMessage.count(),
    prisma.applicationDevice.count(),
  ]);
  return {
    applications,
    documents,
    events,
    outbox,
    devices,
    files: filesUnder(uploadRoot()) - filesBefore,
  };
}
const NOTHING = { applications: 0, documents: 0, events: 0, outbox: 0, devices: 0, files: 0 };

describe('the forms corpus (e2e/corpus/forms.json)', () => {
  it('has at least 100 entries, each named once, with a field and an expected code', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((e) => e.name)).size).toBe(corpus.length);
    for (const e of corpus)
      expect(
        e.field && e.expected && (e.form === 'application' || e.form === 'status'),
        e.name,
      ).toBeTruthy();
  });

  it.each(corpus.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const form = posted(entry);
    const parsed =
      entry.form === 'application'
        ? await applicationFormSchema.safeParseAsync(applicationFormInput(form))
        : statusLookupSchema.safeParse(statusLookupInput(form));

    if (entry.expected !== 'accepted') {
      expect(parsed.success, 'refused by the schema').toBe(false);
      const issues = parsed.error!.issues.map((i) => ({
        field: String(i.path[0] ?? 'form'),
        code: i.message,
      }));
      // one stable code, on the field the input went to, and nowhere else
      expect(issues[0]).toEqual({ field: entry.field, code: entry.expected });
      expect(issues.filter((i) => i.field !== entry.field)).toEqual([]);
    } else {
      expect(
        parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}:${i.message}`),
        'accepted by the schema',
      ).toEqual([]);
      const data = parsed.data as Record<string, unknown>;
      if (entry.parsedAs !== undefined) expect(data[entry.field]).toBe(entry.parsedAs);
      if (entry.form === 'application') {
        // to the data layer as the action hands it over, with a code that was never sent
        const values = parsed.data as Awaited<ReturnType<typeof applicationFormSchema.parseAsync>>;
        const r = await submitApplication(prisma, values, values.documents, {
          locale: 'kk',
          code: { challengeId: crypto.randomBytes(16).toString('hex'), code: '123456' },
          databaseUrl,
        });
        expect(r).toMatchObject({ ok: false, code: 'CODE_EXPIRED' });
      } else {
        const { reference, iin } = parsed.data as { reference: string; iin: string };
        const r = await lookUpApplication(prisma, reference, iin, {
          ip: '198.18.0.7',
          databaseUrl,
        });
        expect(r).toEqual({ ok: false, code: 'NOT_FOUND' });
      }
    }
    expect(await stored()).toEqual(NOTHING);
  });
});
