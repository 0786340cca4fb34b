import { describe, expect, it } from 'vitest';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import { importFeed, MAX_REPORTED_ERRORS } from './feed-import';
import type { FeedKind } from '../feeds/feed-kinds';
import { luhnCheckDigit } from '../domain/imei';
import { systemActor } from '../domain/actor';

// Batches, natural keys and the exact "changed" counts, with more rows than one batch holds:
// what a faster import must keep doing (feed-import.test.ts covers the basics).
const NOW = new Date('2026-01-15T12:00:00Z');
let db: Db;
let databaseUrl: string;
setUpTestDb((t) => ({ prisma: db, databaseUrl } = t));

/** Feeds the text in small uneven chunks, as a file stream would (chunk edges fall anywhere). */
async function run(kind: FeedKind, text: string, fileName = `${kind}.csv`) {
  async function* chunks() {
    for (let i = 0, size = 1; i < text.length; i += size, size = (size * 7 + 3) % 997)
      yield Buffer.from(text.slice(i, i + size));
  }
  return importFeed(db, kind, chunks, {
    actor: systemActor('cli'),
    fileName,
    now: NOW,
    databaseUrl,
  });
}

const luhn = luhnCheckDigit;
const identity = (n: number) => `35209900${String(n).padStart(6, '0')}`;
const imei = (n: number) => identity(n) + luhn(identity(n));

describe('importFeed across batches', () => {
  it('imports the TAC list in batches, then finds nothing to change, then updates what changed', async () => {
    const rows = Array.from(
      { length: 1234 },
      (_, k) => `${String(10_000_000 + k)},"Brand, ${k % 7}","Model ""${k}"""`,
    );
    // Columns in another order and case, CRLF line ends, a BOM.
    const text =
      '\uFEFFModel,TAC,brand\r\n' +
      rows
        .map((r) => {
          const [tac, brand, model] = r.split(/,(?=")/);
          return `${model},${tac},${brand}`;
        })
        .join('\r\n') +
      '\r\n';
    const first = await run('tac', text);
    expect(first).toMatchObject({
      ok: true,
      rows: 1234,
      changed: 1234,
      badRows: 0,
      errors: [],
      missingColumns: null,
      empty: false,
    });
    expect(await db.tacRecord.count()).toBe(1234);
    expect(await db.tacRecord.findUnique({ where: { tac: '10000009' } })).toEqual({
      tac: '10000009',
      brand: 'Brand, 2',
      model: 'Model "9"',
      updatedAt: NOW,
    });

    const again = await run('tac', text);
    expect(again).toMatchObject({ ok: true, rows: 1234, changed: 0 });

    const edited = text.replace('"Model ""9"""', '"Model 9 Pro"');
    expect(await run('tac', edited)).toMatchObject({ ok: true, rows: 1234, changed: 1 });
    expect((await db.tacRecord.findUnique({ where: { tac: '10000009' } }))?.model).toBe(
      'Model 9 Pro',
    );

    const history = await db.feedImport.findMany({
      where: { kind: 'tac' },
      orderBy: { id: 'asc' },
    });
    expect(history.map((h) => [h.fileName, h.rows, h.changed])).toEqual([
      ['tac.csv', 1234, 1234],
      ['tac.csv', 1234, 0],
      ['tac.csv', 1234, 1],
    ]);
  });

  it('imports registrations keyed by identity whatever the IMEI form, keeping the last of duplicate rows', async () => {
    const lines = ['imei,imsi,msisdn,operator,seen_at'];
    for (let n = 0; n < 1100; n++) {
      const cell = n % 3 === 0 ? identity(n) : n % 3 === 1 ? imei(n) : `${identity(n)}07`;
      lines.push(
        `${cell},40101${String(n).padStart(10, '0')},+7 701 ${String(n).padStart(7, '0')},Kcell,2025-06-01T10:00:00+05:00`,
      );
      if (n === 5) {
        // The same SIM and number in device 5 again, in 14-digit form, seen later: the same row, last seen moves.
        lines.push(`${identity(5)},401010000000005,+7 701 0000005,Kcell,2025-06-03 10:00`);
        // And seen earlier: the same row, first seen moves back.
        lines.push(`${imei(5)},401010000000005,77010000005,Kcell,2025-05-20`);
        // Another number in device 5: a row of its own.
        lines.push(`${imei(5)},401010000000005,87770000005,Kcell,2025-06-02`);
      }
    }
    const report = await run('registrations', lines.join('\n'));
    expect(report).toMatchObject({ ok: true, rows: 1103, changed: 1101, badRows: 0 });
    expect(await db.networkRegistration.count()).toBe(1101);
    const five = await db.networkRegistration.findMany({
      where: { identity: identity(5) },
      orderBy: { firstSeenAt: 'asc' },
    });
    expect(
      five.map((r) => [
        r.imsi,
        r.msisdn,
        r.operator,
        r.firstSeenAt.toISOString(),
        r.lastSeenAt.toISOString(),
      ]),
    ).toEqual([
      [
        '401010000000005',
        '77010000005',
        'Kcell',
        '2025-05-19T19:00:00.000Z',
        '2025-06-03T05:00:00.000Z',
      ],
      [
        '401010000000005',
        '87770000005',
        'Kcell',
        '2025-06-01T19:00:00.000Z',
        '2025-06-01T19:00:00.000Z',
      ],
    ]);
    expect(
      (await db.networkRegistration.findFirst({ where: { identity: identity(7) } }))?.msisdn,
    ).toBe('77010000007');

    expect(await run('registrations', lines.join('\n'))).toMatchObject({
      ok: true,
      rows: 1103,
      changed: 0,
    });
  });

  it('updates a blacklist entry when its removal changes, and only then', async () => {
    const text = (removed: string) =>
      `imei,reason,listed_at,removed_at\n${imei(1)},STOLEN,2025-01-01,${removed}\n${imei(2)},lost,2025-02-01T00:00:00Z,\n`;
    expect(await run('gsma-blacklist', text(''))).toMatchObject({ ok: true, rows: 2, changed: 2 });
    expect(await run('gsma-blacklist', text(''))).toMatchObject({ ok: true, changed: 0 });
    expect(await run('gsma-blacklist', text('2025-03-01'))).toMatchObject({ ok: true, changed: 1 });
    expect(await run('gsma-blacklist', text('2025-03-01'))).toMatchObject({ ok: true, changed: 0 });
    expect(await run('gsma-blacklist', text(''))).toMatchObject({ ok: true, changed: 1 });
    const rows = await db.blacklistEntry.findMany({ orderBy: { identity: 'asc' } });
    expect(rows.map((r) => [r.identity, r.reason, r.listedAt.toISOString(), r.removedAt])).toEqual([
      [identity(1), 'stolen', '2024-12-31T19:00:00.000Z', null],
      [identity(2), 'lost', '2025-02-01T00:00:00.000Z', null],
    ]);
  });

  it('imports legality records and updates their time', async () => {
    const text = (at: string) =>
      `imei,source,organisation,document,recorded_at\n${imei(3)},importer,"Alem, LLP",GTD-1,${at}\n${imei(3)},manufacturer,Samsung,DOC-2,2025-01-01\n`;
    expect(await run('legal-imports', text('2025-04-01'))).toMatchObject({
      ok: true,
      rows: 2,
      changed: 2,
    });
    expect(await run('legal-imports', text('2025-04-01'))).toMatchObject({ ok: true, changed: 0 });
    expect(await run('legal-imports', text('2025-04-02'))).toMatchObject({ ok: true, changed: 1 });
    const rows = await db.legalityRecord.findMany({
      where: { identity: identity(3) },
      orderBy: { source: 'asc' },
    });
    expect(
      rows.map((r) => [r.source, r.organisation, r.document, r.recordedAt.toISOString()]),
    ).toEqual([
      ['importer', 'Alem, LLP', 'GTD-1', '2025-04-01T19:00:00.000Z'],
      ['manufacturer', 'Samsung', 'DOC-2', '2024-12-31T19:00:00.000Z'],
    ]);
  });

  it('writes nothing when any row is bad, even rows before it, and lists every bad cell with its line', async () => {
    const before = await db.legalityRecord.count();
    const lines = ['imei,source,organisation,document,recorded_at'];
    for (let n = 2000; n < 3200; n++) lines.push(`${imei(n)},importer,Org,D-${n},2025-01-01`);
    lines.push(`${identity(9)}9,importer,Org,D-x,2025-01-01`); // line 1202: wrong check digit (unless it is right)
    lines.push(`${imei(9)},smuggler,,D-y,2027-01-01`); // line 1203: three bad cells
    lines.push('');
    lines.push(`${imei(10)},importer,Org,D-z,yesterday`); // line 1205
    const report = await run('legal-imports', lines.join('\n'));
    const checkDigitWrong = luhn(identity(9)) !== '9';
    expect(report.ok).toBe(false);
    expect(report.changed).toBe(0);
    expect(report.rows).toBe(1203);
    expect(report.badRows).toBe(checkDigitWrong ? 3 : 2);
    expect(report.errors).toEqual([
      ...(checkDigitWrong ? [{ line: 1202, column: 'imei', code: 'IMEI_BAD_CHECK_DIGIT' }] : []),
      { line: 1203, column: 'source', code: 'SOURCE_INVALID' },
      { line: 1203, column: 'organisation', code: 'VALUE_REQUIRED' },
      { line: 1203, column: 'recorded_at', code: 'DATE_IN_FUTURE' },
      { line: 1205, column: 'recorded_at', code: 'DATE_INVALID' },
    ]);
    expect(await db.legalityRecord.count()).toBe(before);
  });

  it(`reports the first ${MAX_REPORTED_ERRORS} bad cells and counts every bad row`, async () => {
    const lines = ['tac,brand,model'];
    for (let n = 0; n < 1500; n++) lines.push(`12${n},Brand,Model`);
    const report = await run('tac', lines.join('\n'));
    expect(report).toMatchObject({ ok: false, rows: 1500, badRows: 1500, changed: 0 });
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(report.errors[0]).toEqual({ line: 2, column: 'tac', code: 'TAC_INVALID' });
  });

  it('refuses a file without the required columns, and an empty file', async () => {
    expect(await run('registrations', 'imei,imsi,operator\n1,2,3\n')).toMatchObject({
      ok: false,
      missingColumns: ['msisdn', 'seen_at'],
      rows: 0,
      changed: 0,
    });
    expect(await run('tac', '')).toMatchObject({ ok: false, empty: true, rows: 0 });
    expect(await run('tac', '\n\r\n')).toMatchObject({ ok: false, empty: true, rows: 0 });
  });

  it('accepts a header alone (nothing to write)', async () => {
    expect(await run('gsma-blacklist', 'imei,reason,listed_at,removed_at\n')).toMatchObject({
      ok: true,
      rows: 0,
      changed: 0,
    });
  });
});
