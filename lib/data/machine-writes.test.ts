import { describe, expect, it } from 'vitest';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import { closeListPools } from './device-lists';
import { recordLegality, recordRegistrations } from './machine-writes';
import { loadDeviceFacts } from './device-facts';
import { parseImei, luhnCheckDigit } from '../domain/imei';
import { verify } from '../domain/verdict';
import type { ApiClientIdentity } from '../domain/api-clients';

let prisma: Db;
let databaseUrl: string;
setUpTestDb((t) => ({ prisma, databaseUrl } = t), { closing: closeListPools });

const NOW = new Date('2026-11-20T10:00:00Z');
const operator: ApiClientIdentity = {
  id: 1,
  name: 'kcell-eir',
  scopes: ['registrations'],
  operator: 'Kcell',
  supplier: null,
};
const importer: ApiClientIdentity = {
  id: 2,
  name: 'importer-a',
  scopes: ['legality'],
  operator: null,
  supplier: { source: 'importer', organisation: 'Alem Import' },
};
const imei = (identity: string) => identity + luhnCheckDigit(identity);

describe('registrations in batches', () => {
  it('refuses the whole batch for one bad item, naming every bad item by index and field', async () => {
    const before = await prisma.networkRegistration.count();
    const r = await recordRegistrations(
      operator,
      [
        {
          imei: imei('35209900177001'),
          imsi: '401011234500001',
          msisdn: '77015550001',
          seenAt: '2026-11-01T10:00:00Z',
        },
        {
          imei: '35209900177002' + ((Number(luhnCheckDigit('35209900177002')) + 1) % 10),
          imsi: '40101',
          msisdn: '77015550002',
          seenAt: 'yesterday',
        },
        'not an object',
        {
          imei: imei('35209900177003'),
          imsi: 401011234500003,
          msisdn: '77015550003',
          seenAt: '2099-01-01',
        },
      ],
      { now: NOW, databaseUrl },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [1, 'imei', 'IMEI_BAD_CHECK_DIGIT'],
      [1, 'imsi', 'IMSI_INVALID'],
      [1, 'seenAt', 'DATE_INVALID'],
      [2, '', 'NOT_AN_OBJECT'],
      [3, 'imsi', 'FIELD_NOT_TEXT'],
    ]);
    expect(await prisma.networkRegistration.count()).toBe(before);
  });

  it('keeps one row per device, SIM and number: the earliest seenAt wins, a repeat changes nothing', async () => {
    const id = '35209900177010';
    const items = [
      {
        imei: imei(id),
        imsi: '401011234500010',
        msisdn: '+7 701 555 00 10',
        seenAt: '2026-11-05T10:00:00+05:00',
      },
      { imei: id, imsi: '401011234500010', msisdn: '77015550010', seenAt: '2026-11-03' },
      {
        imei: imei(id),
        imsi: '401011234500010',
        msisdn: '77015550010',
        seenAt: '2026-11-10T00:00:00Z',
      },
    ];
    expect(await recordRegistrations(operator, items, { now: NOW, databaseUrl })).toEqual({
      ok: true,
      received: 3,
      changed: 1,
    });
    expect(await recordRegistrations(operator, items, { now: NOW, databaseUrl })).toEqual({
      ok: true,
      received: 3,
      changed: 0,
    });
    const rows = await prisma.networkRegistration.findMany({ where: { identity: id } });
    expect(
      rows.map((r) => [
        r.operator,
        r.msisdn,
        r.firstSeenAt.toISOString(),
        r.lastSeenAt.toISOString(),
      ]),
    ).toEqual([['Kcell', '77015550010', '2026-11-02T19:00:00.000Z', '2026-11-10T00:00:00.000Z']]);
    // A later report never moves the start of the window.
    await recordRegistrations(
      operator,
      [{ imei: id, imsi: '401011234500010', msisdn: '77015550010', seenAt: '2026-11-15' }],
      { now: NOW, databaseUrl },
    );
    expect((await loadDeviceFacts(prisma, id)).firstRegistrationAt?.toISOString()).toBe(
      '2026-11-02T19:00:00.000Z',
    );
    expect(await prisma.listDirty.findFirst({ where: { identity: id } })).not.toBeNull();
    expect(
      await prisma.auditEvent.count({
        where: { action: 'REGISTRATIONS_REPORTED', actorEmail: 'api:kcell-eir' },
      }),
    ).toBe(2);
  });
});

describe('legality records from suppliers', () => {
  it('writes in the client’s own name and the device is white at once', async () => {
    const id = '35209900177020';
    const r = await recordLegality(
      importer,
      [{ imei: imei(id), document: 'GTD 10005020/201126/0012345', recordedAt: '2026-11-19' }],
      { now: NOW, databaseUrl },
    );
    expect(r).toEqual({ ok: true, received: 1, changed: 1 });
    const rec = await prisma.legalityRecord.findFirstOrThrow({ where: { identity: id } });
    expect([rec.source, rec.organisation]).toEqual(['importer', 'Alem Import']);
    const parsed = parseImei(imei(id));
    if (!parsed.ok) throw new Error('bad test IMEI');
    expect(verify(parsed.value, await loadDeviceFacts(prisma, id), NOW).list).toBe('WHITE');
  });

  it('refuses an item in another supplier’s name, and writes nothing of the batch', async () => {
    const id = '35209900177021';
    const r = await recordLegality(
      importer,
      [
        { imei: imei(id), document: 'D-1', recordedAt: '2026-11-19' },
        {
          imei: imei(id),
          document: 'D-2',
          recordedAt: '2026-11-19',
          organisation: 'Someone Else LLP',
        },
        { imei: imei(id), document: 'D-3', recordedAt: '2026-11-19', source: 'manufacturer' },
      ],
      { now: NOW, databaseUrl },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [1, 'organisation', 'OTHER_SUPPLIER'],
      [2, 'source', 'OTHER_SUPPLIER'],
    ]);
    expect(await prisma.legalityRecord.count({ where: { identity: id } })).toBe(0);
  });

  it('refuses a device and document repeated in one batch, naming the first item', async () => {
    const id = '35209900177022';
    const r = await recordLegality(
      importer,
      [
        { imei: imei(id), document: 'D-1', recordedAt: '2026-11-19' },
        { imei: imei(id), document: 'D-2', recordedAt: '2026-11-19' },
        { imei: id, document: 'D-1', recordedAt: '2026-11-20' },
      ],
      { now: NOW, databaseUrl },
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          index: 2,
          field: 'imei',
          code: 'DUPLICATE_ITEM',
          detail: 'the same device and document as item 0',
        },
      ],
    });
    expect(await prisma.legalityRecord.count({ where: { identity: id } })).toBe(0);
  });
});
