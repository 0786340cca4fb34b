import { describe, expect, it } from 'vitest';
import type { Db } from '../data/prisma';
import { closeListPools, markDirty, prismaSql, refreshLists } from '../data/device-lists';
import { decideApplication } from '../data/applications';
import { isOverdue } from '../data/admin';
import { luhnCheckDigit } from '../domain/imei';
import { DAY_MS } from '../domain/time';
import type { TestInbox } from './test-inbox-process';
import { insertApplication, setUpNotifyTests } from './notify-test-setup';
import { scanGreyReminders, scanInfoReminders, scanNotNeeded, scanWatches } from './scan';
import { notifyApplication } from './outbox';
import { startWorker } from './worker';
import { systemActor } from '../domain/actor';

let prisma: Db;
let databaseUrl: string;
let inbox: TestInbox;
setUpNotifyTests((env) => ({ prisma, databaseUrl, inbox } = env), { closing: closeListPools });

let serial = 100000;
/** A new device first seen at `firstSeenAt` with this MSISDN, its list brought up to date as of `now`. */
async function greyDevice(
  firstSeenAt: Date,
  now: Date,
  msisdn = '77015550011',
  lastSeenAt = firstSeenAt,
) {
  const identity = `35391511${String(serial++).padStart(6, '0')}`;
  await prisma.networkRegistration.create({
    data: { identity, imsi: '401011234567890', msisdn, operator: 'Kcell', firstSeenAt, lastSeenAt },
  });
  await markDirty(prismaSql(prisma), [identity]);
  await refreshLists({ databaseUrl, now });
  return { identity, imei: identity + luhnCheckDigit(identity) };
}

const reminders = (identity: string) =>
  prisma.outboxMessage.findMany({
    where: { kind: 'GREY_REMINDER', dedupeKey: { startsWith: `grey:${identity}:` } },
  });

describe('grey reminders', () => {
  const now = new Date('2026-11-26T06:00:00Z');
  it('exactly 7 days before the deadline: one reminder to the number seen, in Kazakh and Russian; 1 ms earlier: none', async () => {
    const early = await greyDevice(new Date(now.getTime() - 23 * DAY_MS + 1), now); // 7 days + 1 ms left
    const exact = await greyDevice(new Date(now.getTime() - 23 * DAY_MS), now, '87015550012'); // exactly 7 days left
    await scanGreyReminders(prisma, now);
    expect(await reminders(early.identity)).toHaveLength(0);
    const [m] = await reminders(exact.identity);
    expect(m).toMatchObject({
      channel: 'SMS',
      recipient: '+77015550012',
      locale: 'both',
      state: 'QUEUED',
    });
    expect(m.body).toContain(exact.imei);
    expect(m.body).toContain('7 күн');
    expect(m.body).toContain('осталось 7 дней');
    expect(m.dedupeKey).toMatch(/:7d:/);
    // Scanning again tells nobody twice.
    await scanGreyReminders(prisma, now);
    expect(await reminders(exact.identity)).toHaveLength(1);
  });

  it('the 1-day reminder on the last day; none once the window has closed', async () => {
    const d = await greyDevice(new Date(now.getTime() - 29 * DAY_MS), now); // 1 day left
    await scanGreyReminders(prisma, now);
    const got = await reminders(d.identity);
    expect(got).toHaveLength(1);
    expect(got[0].dedupeKey).toMatch(/:1d:/);
    const closed = await greyDevice(new Date(now.getTime() - 30 * DAY_MS), now);
    await scanGreyReminders(prisma, now);
    expect(await reminders(closed.identity)).toHaveLength(0);
  });

  it('no reminder for a device with an application filed (even one rejected), nor when the network gave no number', async () => {
    const filed = await greyDevice(new Date(now.getTime() - 25 * DAY_MS), now);
    await insertApplication(prisma, {
      identity: filed.identity,
      imei: filed.imei,
      status: 'REJECTED',
    });
    const silent = await greyDevice(new Date(now.getTime() - 25 * DAY_MS), now, '');
    const two = await greyDevice(new Date(now.getTime() - 25 * DAY_MS), now, '77015550021');
    await prisma.networkRegistration.create({
      data: {
        identity: two.identity,
        imsi: '401019999999999',
        msisdn: '77015550022',
        operator: 'Beeline',
        firstSeenAt: now,
        lastSeenAt: now,
      },
    });
    await scanGreyReminders(prisma, now);
    expect(await reminders(filed.identity)).toHaveLength(0);
    expect(await reminders(silent.identity)).toHaveLength(0);
    expect((await reminders(two.identity)).map((r) => r.recipient).sort()).toEqual([
      '+77015550021',
      '+77015550022',
    ]);
  });
});

describe('decisions and respond-by reminders', () => {
  it('a request for information tells the owner by SMS and email, sets respond-by, reminds 2 days before, and is overdue after', async () => {
    const identity = '35467812000001';
    const imei = identity + luhnCheckDigit(identity);
    const a = await insertApplication(prisma, {
      identity,
      imei,
      locale: 'ru',
      email: 'owner@example.kz',
      phone: '+77071234567',
    });
    const now = new Date('2026-11-26T06:00:00Z');
    const respondBy = new Date('2026-12-06T18:59:59.999Z'); // the end of 06.12 in Astana
    const r = await decideApplication(
      prisma,
      a.reference,
      { kind: 'request-info', note: 'Добавьте чек', respondBy },
      { actor: systemActor('operator-cli'), now },
    );
    expect(r).toMatchObject({ ok: true, status: 'INFO_REQUESTED' });
    const msgs = await prisma.outboxMessage.findMany({
      where: { applicationId: a.id },
      orderBy: { id: 'asc' },
    });
    expect(msgs.map((m) => [m.kind, m.channel, m.locale])).toEqual([
      ['INFO_REQUESTED', 'SMS', 'ru'],
      ['INFO_REQUESTED', 'EMAIL', 'ru'],
    ]);
    expect(msgs[0].body).toContain('Добавьте чек');
    expect(msgs[0].body).toContain('до 06.12.2026');
    const saved = await prisma.application.findUniqueOrThrow({ where: { id: a.id } });
    expect(saved.respondBy).toEqual(respondBy);

    expect(await scanInfoReminders(prisma, new Date(respondBy.getTime() - 2 * DAY_MS - 1))).toBe(0);
    expect(await scanInfoReminders(prisma, new Date(respondBy.getTime() - 2 * DAY_MS))).toBe(2);
    expect(await scanInfoReminders(prisma, new Date(respondBy.getTime() - DAY_MS))).toBe(0); // once
    expect(isOverdue(saved, respondBy)).toBe(false);
    expect(isOverdue(saved, new Date(respondBy.getTime() + 1))).toBe(true);
  });

  it('without a date set, the owner has 10 days; approval and rejection are told too', async () => {
    const now = new Date('2026-11-26T06:00:00Z');
    const ids = ['35467812000002', '35467812000003'];
    const [a, b] = await Promise.all(
      ids.map((identity) =>
        insertApplication(prisma, {
          identity,
          imei: identity + luhnCheckDigit(identity),
          locale: 'kk',
        }),
      ),
    );
    await decideApplication(
      prisma,
      a.reference,
      { kind: 'request-info', note: 'Чекті қосыңыз' },
      { actor: systemActor('operator-cli'), now },
    );
    expect(
      (
        await prisma.application.findUniqueOrThrow({ where: { id: a.id } })
      ).respondBy!.toISOString(),
    ).toBe('2026-12-06T18:59:59.999Z');
    await decideApplication(
      prisma,
      a.reference,
      { kind: 'approve' },
      { actor: systemActor('operator-cli'), now },
    );
    await decideApplication(
      prisma,
      b.reference,
      { kind: 'reject', reason: 'NOT_LEGAL_IMPORT', note: 'Кеден құжаты жоқ' },
      { actor: systemActor('operator-cli'), now },
    );
    const approved = await prisma.outboxMessage.findFirstOrThrow({
      where: { applicationId: a.id, kind: 'APPROVED' },
    });
    expect(approved.body).toContain(`Өтініш ${a.reference} мақұлданды`);
    const rejected = await prisma.outboxMessage.findFirstOrThrow({
      where: { applicationId: b.id, kind: 'REJECTED' },
    });
    expect(rejected.body).toContain('Құжаттар құрылғының заңды әкелінгенін растамайды.');
  });

  it('a filed application is told through notifyApplication, and the worker delivers it to the gateway', async () => {
    const identity = '35467812000004';
    const a = await insertApplication(prisma, {
      identity,
      imei: identity + luhnCheckDigit(identity),
      locale: 'kk',
      phone: '+77081234567',
      email: 'filed@example.kz',
    });
    await prisma.$transaction((tx) =>
      notifyApplication(
        tx,
        a.id,
        'FILED',
        { reference: a.reference, reviewBy: new Date('2026-12-03T10:00:00Z') },
        new Date(),
      ),
    );
    const worker = await startWorker({ prisma, databaseUrl, scanSeconds: 0, concurrency: 2 });
    try {
      await expect
        .poll(async () => (await inbox.messages('+77081234567')).length, { timeout: 30_000 })
        .toBe(1);
      await expect
        .poll(async () => (await inbox.messages('filed@example.kz')).length, { timeout: 30_000 })
        .toBe(1);
    } finally {
      await worker.stop();
    }
    expect((await inbox.messages('+77081234567'))[0].text).toBe(
      `Өтініш ${a.reference} қабылданды. Шешім мерзімі: 03.12.2026. Мәртебесі: https://imei.example.kz/kk/status`,
    );
    expect((await inbox.messages('filed@example.kz'))[0].subject).toBe(
      `Өтініш ${a.reference} қабылданды`,
    );
  }, 60_000);
});

describe('applications no longer needed', () => {
  it('an open application whose device became white by a supplier record closes as NOT_NEEDED and the owner is told', async () => {
    const now = new Date('2026-11-26T06:00:00Z');
    const d = await greyDevice(new Date(now.getTime() - 10 * DAY_MS), now);
    const a = await insertApplication(prisma, {
      identity: d.identity,
      imei: d.imei,
      locale: 'ru',
      filedAt: now,
    });
    expect(await scanNotNeeded(prisma, now)).toBe(0);
    await prisma.legalityRecord.create({
      data: {
        identity: d.identity,
        source: 'importer',
        organisation: 'Alpha LLP',
        document: 'GTD 1',
        recordedAt: now,
      },
    });
    expect(await scanNotNeeded(prisma, now)).toBe(1);
    const closed = await prisma.application.findUniqueOrThrow({
      where: { id: a.id },
      include: { devices: true, events: { orderBy: { id: 'asc' } } },
    });
    expect(closed).toMatchObject({ status: 'NOT_NEEDED', decidedAt: now });
    expect(closed.devices[0].openIdentity).toBeNull();
    expect(closed.events.at(-1)).toMatchObject({ type: 'NOT_NEEDED', actor: 'system' });
    const dirty = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM list_dirty WHERE identity = $1',
      d.identity,
    );
    expect(Number(dirty[0].n)).toBeGreaterThan(0);
    const [m] = await prisma.outboxMessage.findMany({ where: { applicationId: a.id } });
    expect(m).toMatchObject({ kind: 'NOT_NEEDED', locale: 'ru', channel: 'SMS' });
    expect(m.body).toContain(`Заявление ${a.reference} больше не нужно`);
    expect(await scanNotNeeded(prisma, now)).toBe(0);
  });
});

describe('watches', () => {
  it('a watched device moving grey → white sends one message with the unsubscribe link and moves lastList', async () => {
    const now = new Date('2026-11-26T06:00:00Z');
    const d = await greyDevice(new Date(now.getTime() - 5 * DAY_MS), now);
    const w = await prisma.watch.create({
      data: {
        identity: d.identity,
        imei: d.imei,
        msisdn: '+77019998877',
        locale: 'kk',
        lastList: 'GREY',
        createdAt: now,
        unsubscribeToken: 'tok-123',
      },
    });
    const gone = await prisma.watch.create({
      data: {
        identity: d.identity,
        imei: d.imei,
        msisdn: '+77019998866',
        locale: 'ru',
        lastList: 'GREY',
        createdAt: now,
        unsubscribeToken: 'tok-456',
        unsubscribedAt: now,
      },
    });
    expect(await scanWatches(prisma, now)).toBe(0);
    await prisma.legalityRecord.create({
      data: {
        identity: d.identity,
        source: 'manufacturer',
        organisation: 'KZ Assembly',
        document: 'SN 1',
        recordedAt: now,
      },
    });
    expect(await scanWatches(prisma, now)).toBe(1);
    expect(await scanWatches(prisma, now)).toBe(0);
    expect((await prisma.watch.findUniqueOrThrow({ where: { id: w.id } })).lastList).toBe('WHITE');
    expect((await prisma.watch.findUniqueOrThrow({ where: { id: gone.id } })).lastList).toBe(
      'GREY',
    );
    const msgs = await prisma.outboxMessage.findMany({
      where: { kind: 'WATCH_CHANGED', recipient: { in: ['+77019998877', '+77019998866'] } },
    });
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body).toContain('ақ тізімде');
    expect(msgs[0].body).toContain('https://imei.example.kz/kk/unsubscribe?t=tok-123');
  });
});
