import { describe, expect, it } from 'vitest';
import { importFeed } from './feed-import';
import { MAX_FIELD_BYTES, MAX_RECORD_BYTES } from '../feeds/limits';
import { loadDeviceFacts } from './device-facts';
import { createTestDb, setUpTestDb } from './test-db';
import type { Db } from './prisma';
import type { FeedKind } from '../feeds/feed-kinds';
import { systemActor } from '../domain/actor';

let prisma: Db;
let databaseUrl: string;
setUpTestDb((t) => ({ prisma, databaseUrl } = t));

const NOW = new Date('2026-11-24T12:00:00Z');

async function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
function run(kind: FeedKind, text: string) {
  return importFeed(prisma, kind, () => chunks(text), {
    actor: systemActor('cli'),
    fileName: `${kind}.csv`,
    now: NOW,
    databaseUrl,
  });
}
async function counts() {
  return {
    tac: await prisma.tacRecord.count(),
    blacklist: await prisma.blacklistEntry.count(),
    legal: await prisma.legalityRecord.count(),
    registrations: await prisma.networkRegistration.count(),
    imports: await prisma.feedImport.count(),
  };
}

describe('importFeed', () => {
  it('imports the four kinds, ignoring extra columns and column order', async () => {
    const tac = await run(
      'tac',
      'model,tac,brand,notes\n"Galaxy A55 5G",35209900,Samsung,x\niPhone 15,35391511,Apple,\n',
    );
    expect(tac).toMatchObject({ ok: true, rows: 2, changed: 2, errors: [], badRows: 0 });

    const bl = await run(
      'gsma-blacklist',
      'imei,reason,listed_at,removed_at\n35209900176148,stolen,2026-10-01,\n353915112044179,lost,2026-09-01T10:00:00+05:00,2026-10-01\n',
    );
    expect(bl).toMatchObject({ ok: true, rows: 2, changed: 2 });

    const legal = await run(
      'legal-imports',
      'imei,source,organisation,document,recorded_at\n3539151120441705,importer,"ТОО ""Импорт""",ДТ-1,2026-01-10\n',
    );
    expect(legal).toMatchObject({ ok: true, rows: 1, changed: 1 });

    const reg = await run(
      'registrations',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,+7 701 555 00 11,Beeline,2026-11-01T09:00:00Z\n352099001761481,401011234567890,77015550011,Beeline,2026-10-20\n',
    );
    // The same SIM and number seen twice: one registration row, first and last seen.
    expect(reg).toMatchObject({ ok: true, rows: 2, changed: 1 });

    expect(await counts()).toEqual({
      tac: 2,
      blacklist: 2,
      legal: 1,
      registrations: 1,
      imports: 4,
    });

    const facts = await loadDeviceFacts(prisma, '35209900176148');
    expect(facts.tac).toEqual({ brand: 'Samsung', model: 'Galaxy A55 5G' });
    expect(facts.tacDatabaseLoaded).toBe(true);
    expect(facts.blacklist).toEqual([
      { reason: 'stolen', listedAt: new Date('2026-09-30T19:00:00Z'), removedAt: null },
    ]);
    // the first registration is the earliest; a date alone is midnight in Almaty
    expect(facts.firstRegistrationAt).toEqual(new Date('2026-10-19T19:00:00Z'));
    const other = await loadDeviceFacts(prisma, '35391511204417');
    expect(other.legalRecords).toEqual([
      { source: 'importer', recordedAt: new Date('2026-01-09T19:00:00Z') },
    ]);
    expect(other.blacklist[0].removedAt).toEqual(new Date('2026-09-30T19:00:00Z'));
  });

  it('importing the same file twice changes nothing', async () => {
    const text =
      'imei,reason,listed_at,removed_at\n35209900176148,stolen,2026-10-01,\n353915112044179,lost,2026-09-01T10:00:00+05:00,2026-10-01\n';
    const before = await counts();
    const again = await run('gsma-blacklist', text);
    expect(again).toMatchObject({ ok: true, rows: 2, changed: 0 });
    const after = await counts();
    expect({ ...after, imports: before.imports }).toEqual(before);
  });

  it('a later feed can remove a blacklist entry (the same entry, updated)', async () => {
    const r = await run(
      'gsma-blacklist',
      'imei,reason,listed_at,removed_at\n352099001761481,stolen,2026-10-01,2026-11-20\n',
    );
    expect(r).toMatchObject({ ok: true, changed: 1 });
    const facts = await loadDeviceFacts(prisma, '35209900176148');
    expect(facts.blacklist).toEqual([
      {
        reason: 'stolen',
        listedAt: new Date('2026-09-30T19:00:00Z'),
        removedAt: new Date('2026-11-19T19:00:00Z'),
      },
    ]);
  });

  it('refuses a file with any bad row: writes nothing and reports every bad row with its line', async () => {
    const before = await counts();
    const text = [
      'imei,source,organisation,document,recorded_at',
      '352099001761481,importer,Org,DOC-9,2026-01-01', // good, must not be written
      '352099001761480,importer,Org,DOC-1,2026-01-01', // wrong check digit
      '',
      '35209900176148,smuggler,Org,DOC-2,2026-01-01', // bad source
      '35209900176148,manufacturer,,DOC-3,not-a-date', // empty organisation, bad date
      '35209900176148,manufacturer,Org,DOC-4,2030-01-01', // future
      '"35209900176148",importer,"Org, with comma",DOC-5,2026-01-01', // good
    ].join('\r\n');
    const r = await run('legal-imports', text);
    expect(r.ok).toBe(false);
    expect(r.changed).toBe(0);
    expect(r.rows).toBe(6);
    expect(r.badRows).toBe(4);
    expect(r.errors).toEqual([
      { line: 3, column: 'imei', code: 'IMEI_BAD_CHECK_DIGIT' },
      { line: 5, column: 'source', code: 'SOURCE_INVALID' },
      { line: 6, column: 'organisation', code: 'VALUE_REQUIRED' },
      { line: 6, column: 'recorded_at', code: 'DATE_INVALID' },
      { line: 7, column: 'recorded_at', code: 'DATE_IN_FUTURE' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad row that comes after many good ones (written batches are rolled back)', async () => {
    const before = await counts();
    const lines = ['tac,brand,model'];
    for (let i = 0; i < 1200; i++) lines.push(`${String(10000000 + i)},Brand${i},Model`);
    lines.push('123,Bad,TAC');
    const r = await run('tac', lines.join('\n'));
    expect(r).toMatchObject({
      ok: false,
      rows: 1201,
      badRows: 1,
      errors: [{ line: 1202, column: 'tac', code: 'TAC_INVALID' }],
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a quote never closed, and a file that is not UTF-8', async () => {
    const before = await counts();
    const open = await run(
      'registrations',
      'imei,imsi,msisdn,operator,seen_at\n352099001761481,401011234567890,77015550011,"Beeline,2026-11-01\n352099001761481,401011234567890,77015550011,Kcell,2026-11-01\n',
    );
    expect(open).toMatchObject({ ok: false, errors: [{ line: 2, code: 'UNCLOSED_QUOTE' }] });
    const cp1251 = await importFeed(
      prisma,
      'tac',
      async function* () {
        yield new Uint8Array([
          ...new TextEncoder().encode('tac,brand,model\n12345678,'),
          0xcf,
          0xf0,
          0x0a,
        ]);
      },
      { actor: systemActor('cli'), fileName: 'x.csv', now: NOW, databaseUrl },
    );
    expect(cp1251).toMatchObject({ ok: false, invalidEncoding: true });
    expect(await counts()).toEqual(before);
  });

  it('refuses a header without the required columns, and an empty file', async () => {
    const before = await counts();
    const r = await run(
      'registrations',
      'imei,imsi,phone\n352099001761481,401011234567890,77015550011\n',
    );
    expect(r).toMatchObject({ ok: false, missingColumns: ['msisdn', 'operator', 'seen_at'] });
    const empty = await run('tac', '');
    expect(empty).toMatchObject({ ok: false, empty: true });
    expect(await counts()).toEqual(before);
  });

  it('writes values holding tabs, backslashes and newlines exactly (COPY escapes them)', async () => {
    const r = await run('tac', 'tac,brand,model\n35299900,"Back\\slash\tTab","Two\r\nlines \\N"\n');
    expect(r).toMatchObject({ ok: true, changed: 1 });
    expect(
      await prisma.tacRecord.findUnique({
        where: { tac: '35299900' },
        select: { brand: true, model: true },
      }),
    ).toEqual({
      brand: 'Back\\slash\tTab',
      model: 'Two\r\nlines \\N',
    });
    expect(
      await run('tac', 'tac,brand,model\n35299900,"Back\\slash\tTab","Two\r\nlines \\N"\n'),
    ).toMatchObject({ ok: true, changed: 0 });
  });

  it('refuses a value or a row over the limits as row errors on their lines, and reads on', async () => {
    const before = await counts();
    const r = await run(
      'tac',
      `tac,brand,model\n35299901,A,B\n35299902,${'x'.repeat(MAX_FIELD_BYTES + 1)}\n35299903,C,D\n${','.repeat(MAX_RECORD_BYTES + 1)}\n35299904,E,F\n3529990x,G,H\n`,
    );
    expect(r).toMatchObject({
      ok: false,
      rows: 6,
      badRows: 3,
      errors: [
        { line: 3, column: 'brand', code: 'FIELD_TOO_LONG' },
        { line: 5, column: '—', code: 'RECORD_TOO_LONG' },
        { line: 7, column: 'tac', code: 'TAC_INVALID' },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a header over the limits on line 1', async () => {
    const before = await counts();
    expect(
      await run('tac', `tac,brand,model${'y'.repeat(MAX_FIELD_BYTES)}\n35299901,A,B\n`),
    ).toMatchObject({
      ok: false,
      empty: false,
      missingColumns: null,
      errors: [{ line: 1, column: '—', code: 'FIELD_TOO_LONG' }],
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a key repeated in one file, naming both lines, even when the first copy changes nothing', async () => {
    expect(await run('tac', 'tac,brand,model\n35299910,Alpha,One\n')).toMatchObject({
      ok: true,
      changed: 1,
    });
    const before = await counts();
    // The first copy is what is stored (it would change nothing); the second would silently overwrite it.
    const tac = await run(
      'tac',
      'tac,brand,model\n35299910,Alpha,One\n35299911,Beta,Two\n35299910,Alpha,Changed\n35299911,Beta,Two\n',
    );
    expect(tac).toMatchObject({
      ok: false,
      changed: 0,
      badRows: 2,
      errors: [
        { line: 4, column: 'tac', code: 'DUPLICATE_TAC', firstLine: 2 },
        { line: 5, column: 'tac', code: 'DUPLICATE_TAC', firstLine: 3 },
      ],
    });
    // A blacklist entry is the device (whatever form its IMEI is written in) and listed_at; listed again later is another entry.
    const bl = await run(
      'gsma-blacklist',
      'imei,reason,listed_at,removed_at\n352099001761481,stolen,2026-10-01,\n35209900176148,lost,2026-10-01T00:00:00+05:00,\n352099001761481,stolen,2026-10-02,\n',
    );
    expect(bl).toMatchObject({
      ok: false,
      badRows: 1,
      errors: [{ line: 3, column: 'imei', code: 'DUPLICATE_BLACKLIST_ENTRY', firstLine: 2 }],
    });
    // A legality record is the device, source, organisation and document.
    const legal = await run(
      'legal-imports',
      'imei,source,organisation,document,recorded_at\n352099001761481,importer,Alem,GTD-1,2026-01-10\n352099001761481,importer,Alem,GTD-2,2026-01-10\n352099001761481,IMPORTER,Alem,GTD-1,2026-01-11\n',
    );
    expect(legal).toMatchObject({
      ok: false,
      badRows: 1,
      errors: [{ line: 4, column: 'imei', code: 'DUPLICATE_LEGAL_RECORD', firstLine: 2 }],
    });
    expect(await counts()).toEqual(before);
    // Registrations are sightings: the same device, SIM and number twice is folded, not refused (feed-import-batches.test.ts).
  });

  it('refuses to write when its connection would reach another database than the Prisma client', async () => {
    const other = await createTestDb();
    try {
      await expect(
        importFeed(prisma, 'tac', () => chunks('tac,brand,model\n35299904,A,B\n'), {
          actor: systemActor('cli'),
          fileName: 'x.csv',
          databaseUrl: other.databaseUrl,
        }),
      ).rejects.toThrow(/another database|reaches database/);
      expect(await other.prisma.tacRecord.count()).toBe(0);
      expect(await other.prisma.feedImport.count()).toBe(0);
    } finally {
      await other.dispose();
    }
  });
});
