process.env.RATE_LIMIT = 'off'; // the limits have tests of their own (one-time-codes.test.ts)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb } from './test-db';
import {
  applicationValues,
  submitWithCode,
  TEST_IIN,
  testCode,
  testPdf,
  testPhone,
} from './test-applicant';
import { seedDemo } from './demo-seed';
import {
  addDocuments,
  decideApplication,
  findApplicationForOwner,
  submitApplication,
} from './applications';
import { seenNumbers } from './one-time-codes';
import { loadDeviceFacts } from './device-facts';
import type { Db } from './prisma';
import { demoDevice } from '../demo-devices';
import { luhnCheckDigit, parseImei } from '../domain/imei';
import { verify } from '../domain/verdict';
import { Forbidden, staffActor, systemActor, type Actor } from '../domain/actor';

/** The decision tool's actor, and reviewers (the audit log has no foreign key to staff rows). */
const cli = systemActor('operator-cli');
let reviewers = 0;
const reviewer = (email: string) =>
  staffActor({ id: 1000 + ++reviewers, email, role: 'support' }, '10.0.0.9');

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-'));
process.env.UPLOAD_DIR = uploads;

let prisma: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, dispose } = await createTestDb());
  await seedDemo(prisma);
});
afterAll(async () => {
  await dispose();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const IIN = TEST_IIN;
const pdf = testPdf;
const values = applicationValues;

/** A fresh grey device: registered `daysAgo` days ago, nothing else known. */
let serial = 100000;
async function greyDevice(daysAgo = 3, msisdn = '77015550000', tac = '35209900') {
  const identity = tac + String(serial++);
  await prisma.networkRegistration.create({
    data: {
      identity,
      imsi: '401011234500000',
      msisdn,
      operator: 'Kcell',
      firstSeenAt: new Date(Date.now() - daysAgo * 86_400_000),
      lastSeenAt: new Date(),
    },
  });
  return identity + luhnCheckDigit(identity);
}
async function listOf(imei: string) {
  const p = parseImei(imei);
  if (!p.ok) throw new Error();
  return verify(p.value, await loadDeviceFacts(prisma, p.value.identity), new Date()).list;
}
const countFor = (imei: string) => prisma.applicationDevice.count({ where: { imei } });
const files = () =>
  fs.readdirSync(path.join(uploads, 'documents'), { withFileTypes: false }).length;
const incoming = () =>
  fs.existsSync(path.join(uploads, 'incoming'))
    ? fs.readdirSync(path.join(uploads, 'incoming')).length
    : 0;

describe('applications', () => {
  beforeEach(() => expect(incoming()).toBe(0));

  it('files an application with its documents, and the owner can follow it with reference and IIN', async () => {
    const imei1 = await greyDevice();
    const imei2 = await greyDevice();
    const r = await submitWithCode(prisma, values(imei1, imei2), [pdf('чек.pdf'), pdf()], {
      locale: 'ru',
    });
    expect(r).toMatchObject({ ok: true, repeated: false });
    if (!r.ok) return;
    expect(r.reference).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(files()).toBe(2);

    const view = await findApplicationForOwner(prisma, r.reference.toLowerCase(), IIN);
    expect(view).toMatchObject({
      status: 'SUBMITTED',
      imeis: [imei1, imei2],
      documents: [{ name: 'чек.pdf' }, { name: 'receipt.pdf' }],
    });
    expect(view?.events.map((e) => e.type)).toEqual(['SUBMITTED']);
    const doc = await prisma.applicationDocument.findFirstOrThrow({
      where: { originalName: 'чек.pdf' },
    });
    expect(doc).toMatchObject({ mimeType: 'application/pdf', size: testPdf().size });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);

    // both IMEIs are under review now
    const facts = await loadDeviceFacts(prisma, imei2.slice(0, 14));
    expect(facts.proofs).toEqual([{ status: 'SUBMITTED', filedAt: expect.any(Date) }]);
  });

  it('a wrong IIN or reference reveals nothing', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    const otherIin = IIN.slice(0, 10) + ((Number(IIN[10]) + 1) % 10) + IIN[11];
    expect(await findApplicationForOwner(prisma, r.reference, otherIin)).toBeNull();
    expect(await findApplicationForOwner(prisma, 'ZZZZ-ZZZZ', IIN)).toBeNull();
  });

  it('a repeated submission (double click, retry) creates one application', async () => {
    const v = values(await greyDevice());
    const [a, b] = await Promise.all([
      submitWithCode(prisma, v, [pdf()], { locale: 'kk' }),
      submitWithCode(prisma, v, [pdf()], { locale: 'kk' }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.reference).toBe(b.reference);
    const c = await submitWithCode(prisma, v, [pdf()], { locale: 'kk' });
    expect(c).toMatchObject({ ok: true, reference: a.reference, repeated: true });
    expect(await prisma.application.count({ where: { idempotencyKey: v.idempotencyKey } })).toBe(1);
    expect(
      await prisma.applicationDocument.count({
        where: { application: { reference: a.reference } },
      }),
    ).toBe(1);
    expect(incoming()).toBe(0);
  });

  it('one open application per device: the holder of its number is shown the existing reference, nobody else', async () => {
    const imei = await greyDevice();
    const phone = testPhone();
    const first = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk', phone });
    if (!first.ok) throw new Error(first.code);
    expect(first).toMatchObject({ msisdn: phone, possessionProven: false });
    const second = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk', phone });
    expect(second).toEqual({
      ok: false,
      code: 'APPLICATION_EXISTS',
      field: 'imei1',
      reference: first.reference,
    });
    // someone else who knows the IMEI, even with the same IIN, is told an application exists, but not its reference
    expect(await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk' })).toEqual({
      ok: false,
      code: 'APPLICATION_EXISTS',
      field: 'imei1',
      reference: undefined,
    });
  });

  it('a code to a number the network saw in the device proves possession, and the application keeps that number', async () => {
    const imei = await greyDevice();
    const [seen] = await seenNumbers(prisma, [imei.slice(0, 14)]);
    expect(seen.masked).toBe('+7 7** *** ** 00');
    const r = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'ru', seen: seen.id });
    expect(r).toMatchObject({ ok: true, msisdn: '+77015550000', possessionProven: true });
    if (!r.ok) return;
    expect(
      await prisma.application.findUnique({
        where: { reference: r.reference },
        select: { phone: true, possessionProven: true },
      }),
    ).toEqual({ phone: '+77015550000', possessionProven: true });
  });

  it('an open application without proven possession gives way to one whose owner proves it; a proven one does not', async () => {
    const imei = await greyDevice();
    const first = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk' });
    if (!first.ok) throw new Error(first.code);
    const [seen] = await seenNumbers(prisma, [imei.slice(0, 14)]);
    const second = await submitWithCode(prisma, values(imei), [pdf()], {
      locale: 'ru',
      seen: seen.id,
    });
    expect(second).toMatchObject({ ok: true, possessionProven: true });
    const old = await prisma.application.findUniqueOrThrow({
      where: { reference: first.reference },
      include: { devices: true, events: true },
    });
    expect(old.status).toBe('SUPERSEDED');
    expect(old.devices.every((d) => d.openIdentity === null)).toBe(true);
    expect(old.events.map((e) => e.type)).toEqual(['SUBMITTED', 'SUPERSEDED']);
    expect(await listOf(imei)).toBe('GREY');
    // a third applicant proving possession too cannot push the proven one aside
    const third = await submitWithCode(prisma, values(imei), [pdf()], {
      locale: 'kk',
      seen: seen.id,
    });
    expect(third).toMatchObject({ ok: false, code: 'APPLICATION_EXISTS' });
  });

  it("a number seen only in the applicant's own phone proves nothing about a stranger's IMEI typed beside it", async () => {
    const victim = await greyDevice(3, '77015551111');
    const first = await submitWithCode(prisma, values(victim), [pdf()], { locale: 'kk' });
    if (!first.ok) throw new Error(first.code);
    // the attacker's own grey phone, another model, seen with the attacker's SIM
    const own = await greyDevice(3, '77015552222', '86754305');
    const ids = [victim, own].map((i) => i.slice(0, 14));
    const [x] = (await seenNumbers(prisma, ids)).filter((n) => n.masked.endsWith('22'));
    for (const [imei1, imei2] of [
      [victim, own],
      [own, victim],
    ]) {
      const r = await submitWithCode(prisma, values(imei1, imei2), [pdf()], {
        locale: 'kk',
        seen: x.id,
      });
      expect(r).toMatchObject({ ok: false, code: 'APPLICATION_EXISTS' });
    }
    expect(
      (await prisma.application.findUniqueOrThrow({ where: { reference: first.reference } }))
        .status,
    ).toBe('SUBMITTED');
    // a code asked for two IMEIs files nothing for one of them alone
    const code = await testCode(prisma, [own, victim]);
    expect(
      await submitApplication(prisma, values(own), [pdf()], { locale: 'kk', code }),
    ).toMatchObject({ ok: false, code: 'CODE_OTHER_DEVICE' });
  });

  it('files nothing on a wrong code, or on a code sent for another device', async () => {
    const imei = await greyDevice();
    const code = await testCode(prisma, [imei]);
    const wrong = String((Number(code.code) + 1) % 1_000_000).padStart(6, '0');
    expect(
      await submitApplication(prisma, values(imei), [pdf()], {
        locale: 'kk',
        code: { challengeId: code.challengeId, code: wrong },
      }),
    ).toEqual({
      ok: false,
      code: 'CODE_WRONG',
      field: 'code',
      triesLeft: 4,
    });
    const other = await greyDevice();
    expect(
      await submitApplication(prisma, values(other), [pdf()], { locale: 'kk', code }),
    ).toMatchObject({ ok: false, code: 'CODE_OTHER_DEVICE' });
    expect(await countFor(imei)).toBe(0);
    expect(await countFor(other)).toBe(0);
    // the right code still works after a wrong try
    expect(
      await submitApplication(prisma, values(imei), [pdf()], { locale: 'kk', code }),
    ).toMatchObject({ ok: true });
    expect(incoming()).toBe(0);
  });

  it('refuses white devices, incurable black ones and an expired window, writing nothing', async () => {
    const before = { apps: await prisma.application.count(), files: files() };
    expect(
      await submitWithCode(prisma, values(demoDevice('white-import-record').imei), [pdf()], {
        locale: 'kk',
      }),
    ).toMatchObject({ ok: false, code: 'ALREADY_WHITE' });
    expect(
      await submitWithCode(prisma, values(demoDevice('black-gsma').imei), [pdf()], {
        locale: 'kk',
      }),
    ).toMatchObject({ ok: false, code: 'NOT_CURABLE' });
    expect(
      await submitWithCode(prisma, values(demoDevice('black-unknown-tac').imei), [pdf()], {
        locale: 'kk',
      }),
    ).toMatchObject({ ok: false, code: 'NOT_CURABLE' });
    expect(
      await submitWithCode(prisma, values(demoDevice('black-expired').imei), [pdf()], {
        locale: 'kk',
      }),
    ).toMatchObject({ ok: false, code: 'WINDOW_EXPIRED' });
    expect(
      await submitWithCode(
        prisma,
        values(await greyDevice(), demoDevice('black-expired').imei),
        [pdf()],
        { locale: 'kk' },
      ),
    ).toMatchObject({ ok: false, code: 'WINDOW_EXPIRED', field: 'imei2' });
    expect({ apps: await prisma.application.count(), files: files() }).toEqual(before);
  });

  it('refuses a renamed executable by its content, leaving no file and no record', async () => {
    const before = { apps: await prisma.application.count(), files: files() };
    const exe = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4])], 'scan.pdf');
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf(), exe], {
      locale: 'kk',
    });
    expect(r).toEqual({ ok: false, code: 'DOCUMENT_TYPE', field: 'documents.1' });
    expect({ apps: await prisma.application.count(), files: files() }).toEqual(before);
  });

  it('approval makes both IMEIs white at once; the application cannot be decided twice', async () => {
    const imei1 = await greyDevice();
    const imei2 = await greyDevice();
    const r = await submitWithCode(prisma, values(imei1, imei2), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    expect(await listOf(imei1)).toBe('GREY');
    expect(
      await decideApplication(prisma, r.reference, { kind: 'approve' }, { actor: cli }),
    ).toMatchObject({ ok: true, status: 'APPROVED' });
    expect(await listOf(imei1)).toBe('WHITE');
    expect(await listOf(imei2)).toBe('WHITE');
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'reject', reason: 'OTHER', note: 'x' },
        { actor: cli },
      ),
    ).toEqual({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('the decision tool (a system actor) may decide, and is recorded as it always was; no actor decides nothing', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    for (const nobody of [
      undefined,
      null,
      { id: null, email: 'operator-cli' },
      { id: 1, email: 'a@x.kz', role: 'admin' },
    ]) {
      await expect(
        decideApplication(
          prisma,
          r.reference,
          { kind: 'approve' },
          { actor: nobody as unknown as Actor },
        ),
      ).rejects.toBeInstanceOf(Forbidden);
    }
    expect(
      (await prisma.application.findUniqueOrThrow({ where: { reference: r.reference } })).status,
    ).toBe('SUBMITTED');
    expect(
      await decideApplication(prisma, r.reference, { kind: 'approve' }, { actor: cli }),
    ).toMatchObject({ ok: true, status: 'APPROVED' });
    const a = await prisma.application.findUniqueOrThrow({
      where: { reference: r.reference },
      include: { events: { orderBy: { id: 'asc' } } },
    });
    expect(a.events.at(-1)).toMatchObject({ type: 'APPROVED', actor: 'operator-cli' });
    const audited = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'APPLICATION_DECIDED', target: r.reference },
    });
    expect(audited).toMatchObject({
      actorId: null,
      actorEmail: 'operator-cli',
      ip: null,
      details: 'APPROVED',
    });
  });

  it('a stale second decision gets a conflict and overwrites nothing', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    const version = (
      await prisma.application.findUniqueOrThrow({ where: { reference: r.reference } })
    ).version;
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'request-info', note: 'Чек нечитаем' },
        { actor: reviewer('a@x.kz'), expectedVersion: version },
      ),
    ).toMatchObject({ ok: true });
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'approve' },
        { actor: reviewer('b@x.kz'), expectedVersion: version },
      ),
    ).toEqual({ ok: false, code: 'CONFLICT' });
    expect((await findApplicationForOwner(prisma, r.reference, IIN))?.status).toBe(
      'INFO_REQUESTED',
    );
  });

  it('after a request for information the owner adds documents and it goes back to review', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    expect(await addDocuments(prisma, r.reference, IIN, [pdf('more.pdf')])).toEqual({
      ok: false,
      code: 'NOT_REQUESTED',
    });
    await decideApplication(
      prisma,
      r.reference,
      { kind: 'request-info', note: 'Add the customs declaration' },
      { actor: cli },
    );
    expect(await addDocuments(prisma, r.reference, IIN, [pdf('customs.pdf')])).toEqual({
      ok: true,
    });
    const view = await findApplicationForOwner(prisma, r.reference, IIN);
    expect(view?.status).toBe('IN_REVIEW');
    expect(view?.events.map((e) => e.type)).toEqual([
      'SUBMITTED',
      'INFO_REQUESTED',
      'DOCUMENTS_ADDED',
    ]);
    expect(view?.documents.map((d) => d.name)).toEqual(['receipt.pdf', 'customs.pdf']);
  });

  it('after a rejection the owner may apply again while the window is open', async () => {
    const imei = await greyDevice();
    const r = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'reject', reason: 'DOCUMENTS_UNREADABLE', note: 'blurred' },
        { actor: cli },
      ),
    ).toMatchObject({ ok: true, status: 'REJECTED' });
    const view = await findApplicationForOwner(prisma, r.reference, IIN);
    expect(view).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'DOCUMENTS_UNREADABLE',
      decisionNote: 'blurred',
    });
    expect(await listOf(imei)).toBe('GREY');
    const again = await submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk' });
    expect(again).toMatchObject({ ok: true, repeated: false });
  });

  it('a rejection needs a reason from the list; a request for information needs a note', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'reject', reason: 'BAD' as never },
        { actor: cli },
      ),
    ).toEqual({ ok: false, code: 'REASON_REQUIRED' });
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'reject', reason: 'OTHER' },
        { actor: cli },
      ),
    ).toEqual({ ok: false, code: 'NOTE_REQUIRED' });
    expect(
      await decideApplication(
        prisma,
        r.reference,
        { kind: 'request-info', note: ' ' },
        { actor: cli },
      ),
    ).toEqual({ ok: false, code: 'NOTE_REQUIRED' });
  });
});

// Measured on PostgreSQL: the guarantees hold under real concurrency, not only one call after another.
describe('applications under concurrency', () => {
  it('50 parallel submissions for one device by different people make one application', async () => {
    const imei = await greyDevice();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        submitWithCode(prisma, values(imei), [pdf()], { locale: 'kk' }),
      ),
    );
    const filed = results.filter((r) => r.ok);
    expect(filed).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'APPLICATION_EXISTS')).toHaveLength(49);
    expect(await prisma.applicationDevice.count({ where: { identity: imei.slice(0, 14) } })).toBe(
      1,
    );
    // the losers' documents were not kept
    expect(incoming()).toBe(0);
    expect(
      await prisma.applicationDocument.count({
        where: { application: { devices: { some: { identity: imei.slice(0, 14) } } } },
      }),
    ).toBe(1);
  });

  it('a send clicked ten times at once makes one application, and every click gets its reference', async () => {
    const v = values(await greyDevice());
    const results = await Promise.all(
      Array.from({ length: 10 }, () => submitWithCode(prisma, v, [pdf()], { locale: 'ru' })),
    );
    const references = new Set(results.map((r) => (r.ok ? r.reference : r.code)));
    expect(references.size).toBe(1);
    expect([...references][0]).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await prisma.application.count({ where: { idempotencyKey: v.idempotencyKey } })).toBe(1);
    expect(incoming()).toBe(0);
  });

  it('two reviewers deciding at once: one decision, one conflict, nothing overwritten', async () => {
    const r = await submitWithCode(prisma, values(await greyDevice()), [pdf()], { locale: 'kk' });
    if (!r.ok) throw new Error(r.code);
    const { version } = await prisma.application.findUniqueOrThrow({
      where: { reference: r.reference },
    });
    const [approve, reject] = await Promise.all([
      decideApplication(
        prisma,
        r.reference,
        { kind: 'approve' },
        { actor: reviewer('one@x.kz'), expectedVersion: version },
      ),
      decideApplication(
        prisma,
        r.reference,
        { kind: 'reject', reason: 'NOT_LEGAL_IMPORT' },
        { actor: reviewer('two@x.kz'), expectedVersion: version },
      ),
    ]);
    const outcomes = [approve, reject].map((x) => (x.ok ? x.status : x.code)).sort();
    expect(outcomes.filter((o) => o === 'CONFLICT' || o === 'ALREADY_DECIDED')).toHaveLength(1);
    const winner = approve.ok ? 'APPROVED' : 'REJECTED';
    const stored = await prisma.application.findUniqueOrThrow({
      where: { reference: r.reference },
      include: { events: true },
    });
    expect(stored.status).toBe(winner);
    expect(stored.version).toBe(version + 1);
    expect(
      stored.events.filter((e) => e.type === 'APPROVED' || e.type === 'REJECTED'),
    ).toHaveLength(1);
  });
});
