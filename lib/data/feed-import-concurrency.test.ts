process.env.RATE_LIMIT = 'off'; // the limits have tests of their own (one-time-codes.test.ts)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb } from './test-db';
import { applicationValues, submitWithCode, testPdf } from './test-applicant';
import type { Db } from './prisma';
import { importFeed } from './feed-import';
import { loadDeviceFacts } from './device-facts';
import { luhnCheckDigit } from '../domain/imei';
import { systemActor } from '../domain/actor';

// A big feed is imported while owners check devices and file applications: they neither wait for
// it nor fail (MVCC), and they see the feed's rows only once it is committed. The import is held
// at two points, by its own source and by its onStage hook, while the others run: in the middle of
// the COPY into its staging table, and after the merge into network_registrations, before the
// commit (when it holds row locks on the rows it changed). No timing is assumed: if a check or a
// submission waited for the import, the test would never finish.

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-'));
process.env.UPLOAD_DIR = uploads;

let prisma: Db;
let databaseUrl: string;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ prisma, databaseUrl, dispose } = await createTestDb());
});
afterAll(async () => {
  await dispose();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const ROWS = 120_000;
const pdf = testPdf;
const values = applicationValues;

const imeiOf = (identity: string) => identity + luhnCheckDigit(identity);
/** A time a few days ago, to the second (as a feed writes it). */
const daysAgo = (d: number) => new Date(Math.floor((Date.now() - d * 86_400_000) / 1000) * 1000);

/** Signals one side of a rendezvous and waits for the other. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('importing a big feed', () => {
  it('lets owners check devices and file applications meanwhile', async () => {
    // Two grey devices the owners know about: each already registered, each in the feed again
    // with another phone number (so the import updates, and locks, their rows).
    const seen = daysAgo(3);
    const later = daysAgo(1);
    const known = ['35290100000001', '35290100000002'];
    for (const identity of known) {
      await prisma.networkRegistration.create({
        data: {
          identity,
          imsi: '401011234500000',
          msisdn: '77015550000',
          operator: 'Kcell',
          firstSeenAt: seen,
          lastSeenAt: seen,
        },
      });
    }
    // A device only the feed knows.
    const fresh = '35290100000003';

    const midCopy = gate();
    const midCopyDone = gate();
    async function* feed() {
      yield 'imei,imsi,msisdn,operator,seen_at\n';
      for (const identity of known)
        yield `${identity},401011234500000,77015550000,Kcell,${later.toISOString()}\n`;
      yield `${imeiOf(fresh)},401011234500003,77019990003,Beeline,${daysAgo(2).toISOString()}\n`;
      let chunk = '';
      for (let n = 0; n < ROWS; n++) {
        chunk += `35${String(n).padStart(12, '0')},40101${String(n).padStart(10, '0')},7701${String(n % 10_000_000).padStart(7, '0')},Tele2,2026-0${1 + (n % 9)}-15T10:00:00+05:00\n`;
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = '';
        }
        if (n === ROWS / 2) {
          // Half the file is in the staging table: let the others run, and wait for them.
          midCopy.open();
          await midCopyDone.opened;
        }
      }
      yield chunk;
    }

    const beforeCommit = gate();
    const beforeCommitDone = gate();
    const stages: string[] = [];
    const importing = importFeed(prisma, 'registrations', feed, {
      actor: systemActor('cli'),
      fileName: 'big.csv',
      databaseUrl,
      onStage: async (stage) => {
        stages.push(stage);
        if (stage !== 'commit') return;
        beforeCommit.open();
        await beforeCommitDone.opened;
      },
    });

    // 1. In the middle of the COPY.
    await midCopy.opened;
    expect((await loadDeviceFacts(prisma, fresh)).firstRegistrationAt).toBeNull();
    expect((await loadDeviceFacts(prisma, known[0])).firstRegistrationAt).toEqual(seen);
    const first = await submitWithCode(prisma, values(imeiOf(known[0])), [pdf()], { locale: 'kk' });
    expect(first).toMatchObject({ ok: true, repeated: false });
    midCopyDone.open();

    // 2. Merged, not yet committed: the rows of the known devices are locked by the import.
    await beforeCommit.opened;
    expect((await loadDeviceFacts(prisma, fresh)).firstRegistrationAt).toBeNull();
    expect(
      await prisma.networkRegistration.findMany({
        where: { identity: { in: known } },
        select: { lastSeenAt: true },
      }),
    ).toEqual([{ lastSeenAt: seen }, { lastSeenAt: seen }]);
    const second = await submitWithCode(prisma, values(imeiOf(known[1])), [pdf()], {
      locale: 'ru',
    });
    expect(second).toMatchObject({ ok: true, repeated: false });
    expect(await prisma.networkRegistration.count()).toBe(known.length);
    beforeCommitDone.open();

    // 3. Committed: everyone sees the feed.
    const report = await importing;
    expect(report).toMatchObject({ ok: true, rows: ROWS + 3, changed: ROWS + 3, badRows: 0 });
    expect(stages).toEqual(['merge', 'commit']);
    expect(await prisma.networkRegistration.count()).toBe(ROWS + 3);
    expect((await loadDeviceFacts(prisma, fresh)).firstRegistrationAt).not.toBeNull();
    expect(
      await prisma.networkRegistration.findMany({
        where: { identity: { in: known } },
        select: { firstSeenAt: true, lastSeenAt: true },
      }),
    ).toEqual([
      { firstSeenAt: seen, lastSeenAt: later },
      { firstSeenAt: seen, lastSeenAt: later },
    ]);
    expect(await prisma.application.count()).toBe(2);
    expect(
      await prisma.feedImport.findMany({ select: { fileName: true, rows: true, changed: true } }),
    ).toEqual([{ fileName: 'big.csv', rows: ROWS + 3, changed: ROWS + 3 }]);
  });
});
