import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import {
  closeListPools,
  LIST_LOCK_KEY,
  markDirty,
  prismaSql,
  rebuildLists,
  refreshLists,
} from './device-lists';
import { openListExport, type ListName } from './list-export';
import { luhnCheckDigit } from '../domain/imei';
import { DAY_MS } from '../domain/time';

let prisma: Db;
let databaseUrl: string;
setUpTestDb((t) => ({ prisma, databaseUrl } = t), { closing: closeListPools });

const T0 = new Date('2026-11-01T10:00:00Z');
const imeiOf = (identity: string) => identity + luhnCheckDigit(identity);

async function read(
  list: ListName,
  since?: string | null,
  now = T0,
  operator: string | null = null,
) {
  const r = await openListExport({ list, since, databaseUrl, now, operator });
  if (!r.ok) throw new Error(r.code);
  const text = await new Response(r.body).text();
  return { cursor: r.cursor, lines: text.trimEnd().split('\n') };
}

async function register(identity: string, at: Date, operator = 'Kcell', msisdn = '77015550000') {
  await prisma.$transaction(async (tx) => {
    await tx.networkRegistration.create({
      data: {
        identity,
        imsi: '401011234500000',
        msisdn,
        operator,
        firstSeenAt: at,
        lastSeenAt: at,
      },
    });
    await markDirty(prismaSql(tx), [identity]);
  });
}

describe('device lists and their changes', () => {
  it('follows a device grey → white → black, each change once in each list’s delta, dated', async () => {
    const id = '35209900176001';
    const start = await read('grey', null);
    expect(start.lines).toEqual(['imei,reasons,deadline']);
    const c0 = start.cursor!;

    await register(id, T0);
    const grey = await read('grey', null, T0);
    expect(grey.lines).toEqual([
      'imei,reasons,deadline',
      `${imeiOf(id)},NOT_IN_IMPORT_DATA,${new Date(T0.getTime() + 30 * DAY_MS).toISOString()}`,
    ]);
    const c1 = grey.cursor!;
    expect(BigInt(c1)).toBeGreaterThan(BigInt(c0));

    // An importer's record: white.
    const t2 = new Date(T0.getTime() + DAY_MS);
    await prisma.$transaction(async (tx) => {
      await tx.legalityRecord.create({
        data: {
          identity: id,
          source: 'importer',
          organisation: 'Imp',
          document: 'D-1',
          recordedAt: t2,
        },
      });
      await markDirty(prismaSql(tx), [id]);
    });
    // Then the GSMA blacklist: black.
    const t3 = new Date(T0.getTime() + 2 * DAY_MS);
    await refreshLists({ databaseUrl, now: t2 });
    await prisma.$transaction(async (tx) => {
      await tx.blacklistEntry.create({ data: { identity: id, reason: 'stolen', listedAt: t3 } });
      await markDirty(prismaSql(tx), [id]);
    });

    const greyDelta = await read('grey', c0, t3);
    expect(greyDelta.lines).toEqual([
      'change,imei,reasons,deadline,changed_at',
      `added,${imeiOf(id)},NOT_IN_IMPORT_DATA,${new Date(T0.getTime() + 30 * DAY_MS).toISOString()},${T0.toISOString()}`,
      `removed,${imeiOf(id)},IMPORT_RECORD,,${t2.toISOString()}`,
    ]);
    const whiteDelta = await read('white', c0, t3);
    expect(whiteDelta.lines).toEqual([
      'change,imei,reasons,changed_at',
      `added,${imeiOf(id)},IMPORT_RECORD,${t2.toISOString()}`,
      `removed,${imeiOf(id)},GSMA_BLACKLISTED;IMPORT_RECORD,${t3.toISOString()}`,
    ]);
    const blackDelta = await read('black', c1, t3);
    expect(blackDelta.lines).toEqual([
      'change,imei,reasons,changed_at',
      `added,${imeiOf(id)},GSMA_BLACKLISTED;IMPORT_RECORD,${t3.toISOString()}`,
    ]);
    // Asked again with the cursor it gave: nothing new.
    expect((await read('black', blackDelta.cursor, t3)).lines).toEqual([
      'change,imei,reasons,changed_at',
    ]);
    expect((await read('black', null, t3)).lines).toEqual([
      'imei,reasons',
      `${imeiOf(id)},GSMA_BLACKLISTED;IMPORT_RECORD`,
    ]);
  });

  it('records grey → black when the window ends, dated by the deadline, without any write', async () => {
    const id = '35209900176002';
    await register(id, T0);
    const { cursor } = await read('grey', null, T0);
    const deadline = new Date(T0.getTime() + 30 * DAY_MS);
    // One millisecond before: nothing yet.
    expect((await read('black', cursor, new Date(deadline.getTime() - 1))).lines).toHaveLength(1);
    const later = new Date(deadline.getTime() + 5 * DAY_MS);
    const black = await read('black', cursor, later);
    expect(black.lines).toContain(
      `added,${imeiOf(id)},GREY_PERIOD_EXPIRED;NOT_IN_IMPORT_DATA,${deadline.toISOString()}`,
    );
    // Recorded once: a second look finds nothing to do.
    expect((await refreshLists({ databaseUrl, now: later })).changes).toBe(0);
  });

  it('gives an operator the grey devices seen on its own network, with IMSI and MSISDN', async () => {
    const id = '35209900176003';
    const { cursor } = await read('grey', null, T0);
    await register(id, T0, 'Beeline', '77055550003');
    const full = await read('notification', null, T0, 'Beeline');
    expect(full.lines).toContain(
      `${imeiOf(id)},401011234500000,77055550003,${new Date(T0.getTime() + 30 * DAY_MS).toISOString()},${T0.toISOString()}`,
    );
    expect((await read('notification', null, T0, 'Kcell')).lines.join('\n')).not.toContain(
      imeiOf(id),
    );
    const delta = await read('notification', cursor, T0, 'Beeline');
    expect(delta.lines).toEqual([
      'change,imei,imsi,msisdn,reasons,deadline,changed_at',
      `added,${imeiOf(id)},401011234500000,77055550003,NOT_IN_IMPORT_DATA,${new Date(T0.getTime() + 30 * DAY_MS).toISOString()},${T0.toISOString()}`,
    ]);
    expect(await openListExport({ list: 'notification', databaseUrl, operator: null })).toEqual({
      ok: false,
      code: 'NOT_AN_OPERATOR',
    });
  });

  it('a grey device newly seen on another network, or with a new SIM, is a change of those operators’ notification lists only', async () => {
    const id = '35209900176005';
    await register(id, T0, 'Beeline', '77055550005');
    const { cursor } = await read('grey', null, T0);
    // Seen on Kcell's network now: still grey, the same deadline.
    await prisma.$transaction(async (tx) => {
      await tx.networkRegistration.create({
        data: {
          identity: id,
          imsi: '401027000000005',
          msisdn: '77015550005',
          operator: 'Kcell',
          firstSeenAt: T0,
          lastSeenAt: T0,
        },
      });
      await markDirty(prismaSql(tx), [id]);
    });
    const kcell = await read('notification', cursor, T0, 'Kcell');
    expect(kcell.lines.filter((l) => l.includes(imeiOf(id)))).toEqual([
      `added,${imeiOf(id)},401027000000005,77015550005,NOT_IN_IMPORT_DATA,${new Date(T0.getTime() + 30 * DAY_MS).toISOString()},${T0.toISOString()}`,
    ]);
    expect((await read('notification', cursor, T0, 'Beeline')).lines.join('\n')).not.toContain(
      imeiOf(id),
    );
    expect((await read('grey', cursor, T0)).lines.join('\n')).not.toContain(imeiOf(id));
    // A second SIM on Kcell: a change of Kcell's list, now with both of its SIMs.
    const { cursor: c2 } = await read('grey', null, T0);
    await prisma.$transaction(async (tx) => {
      await tx.networkRegistration.create({
        data: {
          identity: id,
          imsi: '401027000000006',
          msisdn: '77015550006',
          operator: 'Kcell',
          firstSeenAt: T0,
          lastSeenAt: T0,
        },
      });
      await markDirty(prismaSql(tx), [id]);
    });
    expect(
      (await read('notification', c2, T0, 'Kcell')).lines
        .filter((l) => l.includes(imeiOf(id)))
        .map((l) => l.split(',').slice(0, 3).join(',')),
    ).toEqual([`changed,${imeiOf(id)},401027000000005`, `changed,${imeiOf(id)},401027000000006`]);
  });

  it('refuses a cursor it never gave out', async () => {
    expect(await openListExport({ list: 'grey', since: 'abc', databaseUrl })).toEqual({
      ok: false,
      code: 'INVALID_CURSOR',
    });
    expect(await openListExport({ list: 'grey', since: '999999999999', databaseUrl })).toEqual({
      ok: false,
      code: 'INVALID_CURSOR',
    });
  });

  it('a reader waits for a reconciler still writing, so its cursor never passes a change that commits late', async () => {
    const id = '35209900176004';
    const { cursor: before } = await read('grey', null, T0);
    // A reconciler in the middle of its transaction: it holds the lock and has written a change, not yet committed.
    const slow = new pg.Client({ connectionString: databaseUrl });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query('SELECT pg_advisory_xact_lock($1)', [LIST_LOCK_KEY]);
    await slow.query(
      `INSERT INTO device_lists (identity, list, reasons, "updatedAt") VALUES ($1, 'WHITE', '{IMPORT_RECORD}', now())`,
      [id],
    );
    await slow.query(
      `INSERT INTO list_changes (at, identity, "oldList", "newList", reasons) VALUES (now(), $1, NULL, 'WHITE', '{IMPORT_RECORD}')`,
      [id],
    );
    let answered = false;
    const reading = read('white', before, T0).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    await slow.query('COMMIT');
    await slow.end();
    const after = await reading;
    expect(after.lines).toContain(
      `added,${imeiOf(id)},IMPORT_RECORD,${after.lines[1]?.split(',').at(-1)}`,
    );
    expect(BigInt(after.cursor!)).toBeGreaterThan(BigInt(before!));
  });

  it('rebuilds every known device’s list from the facts', async () => {
    await prisma.deviceList.deleteMany();
    const report = await rebuildLists({ databaseUrl, now: T0 });
    // Devices 1–3 and 5 have facts; device 4 was only ever written by the test's hand-made reconciler.
    expect(report.devices).toBe(4);
    expect(
      (await prisma.deviceList.findMany({ orderBy: { identity: 'asc' } })).map((d) => [
        d.identity,
        d.list,
      ]),
    ).toEqual([
      ['35209900176001', 'BLACK'],
      ['35209900176002', 'GREY'],
      ['35209900176003', 'GREY'],
      ['35209900176005', 'GREY'],
    ]);
  });
});
