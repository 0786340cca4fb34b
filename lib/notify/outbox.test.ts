import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../data/prisma';
import { config } from '../config';
import type { TestInbox } from './test-inbox-process';
import { insertApplication, setUpNotifyTests, useInbox } from './notify-test-setup';
import { enqueueMessages, notifyApplication, almatyDayStart, nextAlmatyDayStart } from './outbox';
import { deliverMessage, sendCodeSms } from './deliver';
import { renderMessage } from './templates';
import { sendSms } from './transports';
import { startWorker, type WorkerHandle } from './worker';
import { luhnCheckDigit } from '../domain/imei';

let prisma: Db;
let databaseUrl: string;
let inbox: TestInbox;
setUpNotifyTests((env) => ({ prisma, databaseUrl, inbox } = env));

const identity = '35467812770345';
const imei = identity + luhnCheckDigit(identity);

beforeEach(async () => {
  await prisma.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
  await prisma.outboxMessage.deleteMany();
  await prisma.auditEvent.deleteMany();
  await prisma.application.deleteMany();
});

const jobs = async () =>
  Number(
    (
      await prisma.$queryRawUnsafe<{ n: bigint }[]>(
        'SELECT count(*) AS n FROM graphile_worker._private_jobs',
      )
    )[0].n,
  );
const sms = (body: string, dedupeKey: string | null = null) => ({
  channel: 'SMS' as const,
  recipient: '+77011234567',
  locale: 'kk' as const,
  kind: 'APPROVED' as const,
  subject: null,
  body,
  dedupeKey,
});

describe('templates', () => {
  const now = new Date('2026-11-26T06:00:00Z');
  it('renders each kind in Kazakh and in Russian, with Astana dates and links', () => {
    const filedKk = renderMessage(
      'FILED',
      'kk',
      { reference: 'CP56-78AA', reviewBy: new Date('2026-12-03T19:30:00Z') },
      'SMS',
      'https://p',
    );
    expect(filedKk.body).toBe(
      'Өтініш CP56-78AA қабылданды. Шешім мерзімі: 04.12.2026. Мәртебесі: https://p/kk/status',
    );
    const filedRu = renderMessage(
      'FILED',
      'ru',
      { reference: 'CP56-78AA', reviewBy: new Date('2026-12-03T19:30:00Z') },
      'EMAIL',
      'https://p',
    );
    expect(filedRu.subject).toBe('Заявление CP56-78AA принято');
    expect(filedRu.body).toContain('Срок решения: 04.12.2026');
    const rejected = renderMessage(
      'REJECTED',
      'kk',
      { reference: 'CP56-78AA', reason: 'DOCUMENTS_MISMATCH', note: 'Чек басқа құрылғыға' },
      'EMAIL',
      'https://p',
    );
    expect(rejected.body).toContain('Құжаттар осы құрылғыға сәйкес келмейді.');
    expect(rejected.body).toContain('Чек басқа құрылғыға');
    expect(rejected.body).toContain('https://p/kk/apply');
    const info = renderMessage(
      'INFO_REQUESTED',
      'ru',
      { reference: 'CP56-78AA', note: 'Добавьте чек', respondBy: new Date('2026-12-06T00:00:00Z') },
      'SMS',
      'https://p',
    );
    expect(info.body).toContain('Добавьте чек');
    expect(info.body).toContain('до 06.12.2026');
    for (const kind of ['APPROVED', 'SUPERSEDED', 'NOT_NEEDED'] as const) {
      expect(
        renderMessage(kind, 'kk', { reference: 'CP56-78AA', imeis: [imei] }, 'SMS', 'https://p')
          .body,
      ).toContain('CP56-78AA');
      expect(
        renderMessage(kind, 'ru', { reference: 'CP56-78AA', imeis: [imei] }, 'SMS', 'https://p')
          .body,
      ).toMatch(/Заявление CP56-78AA/);
    }
    expect(renderMessage('CODE', 'ru', { code: '123456', minutes: 5 }, 'SMS').body).toBe(
      'Код подтверждения: 123456. Действует 5 мин. Никому не сообщайте код.',
    );
  });
  it('a grey reminder shows the IMEI, the days left, the deadline and the link, in both languages', () => {
    const m = renderMessage(
      'GREY_REMINDER',
      'both',
      { imei, deadline: new Date(now.getTime() + 7 * 86_400_000), now },
      'SMS',
      'https://p',
    );
    expect(m.body).toContain(`IMEI ${imei} сұр тізімде`);
    expect(m.body).toContain('7 күн');
    expect(m.body).toContain(`IMEI ${imei} в сером списке`);
    expect(m.body).toContain('осталось 7 дней');
    expect(m.body).toContain('03.12.2026 дейін');
    expect(m.body).toContain('до 03.12.2026');
    expect(m.body.indexOf('сұр тізімде')).toBeLessThan(m.body.indexOf('в сером списке'));
    expect(m.body).toContain(`https://p/ru/apply?imei=${imei}`);
  });
  it('a watch message carries the unsubscribe link', () => {
    const m = renderMessage(
      'WATCH_CHANGED',
      'ru',
      { imei, list: 'WHITE', unsubscribeToken: 'tok' },
      'SMS',
      'https://p',
    );
    expect(m.body).toContain('в белом списке');
    expect(m.body).toContain('https://p/ru/unsubscribe?t=tok');
  });
});

describe('outbox', () => {
  it('a rolled-back transaction leaves no message and no job', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueMessages(tx, [sms('hello')], new Date());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await prisma.outboxMessage.count()).toBe(0);
    expect(await jobs()).toBe(0);
    const ids = await prisma.$transaction((tx) => enqueueMessages(tx, [sms('hello')], new Date()));
    expect(ids).toHaveLength(1);
    expect(await jobs()).toBe(1);
  });
  it('a repeated dedupe key writes nothing and adds no job', async () => {
    expect(await enqueueMessages(prisma, [sms('one', 'k1')], new Date())).toHaveLength(1);
    expect(await enqueueMessages(prisma, [sms('two', 'k1')], new Date())).toHaveLength(0);
    expect(await prisma.outboxMessage.count()).toBe(1);
    expect(await jobs()).toBe(1);
  });
  it('notifyApplication writes the SMS and, with an email, the email, in the application language', async () => {
    const a = await insertApplication(prisma, {
      identity,
      imei,
      locale: 'ru',
      email: 'owner@example.kz',
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
    const rows = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.channel, r.recipient, r.locale, r.kind])).toEqual([
      ['SMS', '+77051112233', 'ru', 'FILED'],
      ['EMAIL', 'owner@example.kz', 'ru', 'FILED'],
    ]);
    expect(rows[1].subject).toBe(`Заявление ${a.reference} принято`);
  });
  it('Astana days start at 19:00 UTC', () => {
    expect(almatyDayStart(new Date('2026-11-26T18:59:59Z')).toISOString()).toBe(
      '2026-11-25T19:00:00.000Z',
    );
    expect(almatyDayStart(new Date('2026-11-26T19:00:00Z')).toISOString()).toBe(
      '2026-11-26T19:00:00.000Z',
    );
    expect(nextAlmatyDayStart(new Date('2026-11-26T10:00:00Z')).toISOString()).toBe(
      '2026-11-26T19:00:00.000Z',
    );
  });
});

describe('delivery', () => {
  it('an SMS and an email reach the gateway and the SMTP server; the rows are SENT', async () => {
    const a = await insertApplication(prisma, {
      identity,
      imei,
      locale: 'kk',
      email: 'owner@example.kz',
    });
    const ids = await prisma.$transaction((tx) =>
      notifyApplication(
        tx,
        a.id,
        'APPROVED',
        { reference: a.reference, imeis: [imei] },
        new Date(),
      ),
    );
    for (const id of ids)
      expect(await deliverMessage(prisma, id, { attempt: 1, maxAttempts: 25 })).toEqual({
        outcome: 'sent',
      });
    const got = await inbox.messages();
    expect(got.find((m) => m.channel === 'SMS')).toMatchObject({
      to: '+77051112233',
      id: `outbox-${ids[0]}`,
    });
    expect(got.find((m) => m.channel === 'SMS')!.text).toContain(
      `Өтініш ${a.reference} мақұлданды`,
    );
    expect(got.find((m) => m.channel === 'EMAIL')).toMatchObject({
      to: 'owner@example.kz',
      subject: `Өтініш ${a.reference} мақұлданды`,
    });
    expect(
      (await prisma.outboxMessage.findMany()).every(
        (r) => r.state === 'SENT' && r.attempts === 1 && r.sentAt,
      ),
    ).toBe(true);
    // A job that runs again finds the message SENT and sends nothing.
    expect(await deliverMessage(prisma, ids[0], { attempt: 2, maxAttempts: 25 })).toEqual({
      outcome: 'skipped',
    });
    expect(await inbox.messages()).toHaveLength(2);
  });

  it('the same message sent twice (a worker died before recording it) reaches the gateway once', async () => {
    const [id] = await enqueueMessages(prisma, [sms('только один раз')], new Date());
    expect(await deliverMessage(prisma, id, { attempt: 1, maxAttempts: 25 })).toEqual({
      outcome: 'sent',
    });
    await prisma.outboxMessage.update({ where: { id }, data: { state: 'QUEUED', sentAt: null } }); // as if the update was lost
    expect(await deliverMessage(prisma, id, { attempt: 2, maxAttempts: 25 })).toEqual({
      outcome: 'sent',
    }); // 409: a duplicate, accepted
    expect(await inbox.messages('+77011234567')).toHaveLength(1);
  });

  it('a permanent 4xx marks the message FAILED without a retry; throttling and a token being rotated are retried', async () => {
    const [id] = await enqueueMessages(prisma, [sms('refused')], new Date());
    await inbox.failNext(1, 400);
    const outcome = await deliverMessage(prisma, id, { attempt: 1, maxAttempts: 25 }, new Date());
    expect(outcome).toMatchObject({ outcome: 'failed', error: 'gateway answered 400' });
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'FAILED',
      attempts: 1,
      lastError: 'gateway answered 400',
    });
    expect(
      await sendSms(
        { transport: 'http', url: inbox.smsUrl, token: 'wrong' },
        { id: 998, to: '+77011234567', text: 'x' },
      ),
    ).toEqual({ ok: false, permanent: false, error: 'gateway answered 401' });
    await inbox.failNext(1, 429);
    expect(await sendSms(config().notify.sms!, { id: 997, to: '+77011234567', text: 'x' })).toEqual(
      { ok: false, permanent: false, error: 'gateway answered 429' },
    );
    await inbox.failNext(1, 422);
    expect(await sendSms(config().notify.sms!, { id: 999, to: '+77011234567', text: 'x' })).toEqual(
      { ok: false, permanent: true, error: 'gateway answered 422' },
    );
  });

  it('a gateway down: the worker retries with backoff and the SMS arrives once, SENT after two attempts', async () => {
    await inbox.failNext(1, 503);
    const [id] = await prisma.$transaction((tx) =>
      enqueueMessages(tx, [sms('retry me')], new Date()),
    );
    let worker: WorkerHandle | undefined;
    try {
      worker = await startWorker({ prisma, databaseUrl, scanSeconds: 0, concurrency: 1 });
      await expect
        .poll(async () => (await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).state, {
          timeout: 30_000,
          interval: 250,
        })
        .toBe('SENT');
    } finally {
      await worker?.stop();
    }
    const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(2);
    expect(await inbox.messages('+77011234567')).toHaveLength(1);
    expect(await jobs()).toBe(0);
  }, 60_000);

  it('the last transient failure marks the message FAILED', async () => {
    await inbox.failNext(1, 500);
    const [id] = await enqueueMessages(prisma, [sms('last try')], new Date());
    expect(await deliverMessage(prisma, id, { attempt: 25, maxAttempts: 25 })).toMatchObject({
      outcome: 'failed',
    });
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).state).toBe('FAILED');
  });

  it('over the daily ceiling an SMS waits for the next Astana day', async () => {
    useInbox(inbox, { SMS_DAILY_LIMIT: '1' });
    const now = new Date();
    const [a, b] = await enqueueMessages(prisma, [sms('first'), sms('second')], now);
    expect(await deliverMessage(prisma, a, { attempt: 1, maxAttempts: 25 }, now)).toEqual({
      outcome: 'sent',
    });
    expect(await deliverMessage(prisma, b, { attempt: 1, maxAttempts: 25 }, now)).toEqual({
      outcome: 'postponed',
      until: nextAlmatyDayStart(now),
    });
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: b } })).state).toBe(
      'QUEUED',
    );
  });
});

describe('one-time codes', () => {
  it('sends at once, records the row with the code hidden', async () => {
    expect(await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '483920' })).toEqual(
      { ok: true },
    );
    const [got] = await inbox.messages('+77011234567');
    expect(got.text).toContain('483920');
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'CODE' } });
    expect(row).toMatchObject({ state: 'SENT', attempts: 1, channel: 'SMS' });
    expect(row.body).not.toContain('483920');
    expect(row.body).toContain('••••••');
    expect(await jobs()).toBe(0); // never retried by the worker
  });
  it('under the log transport the row keeps the code (the demo reads it there)', async () => {
    useInbox(inbox, { SMS_TRANSPORT: 'log' });
    expect(await sendCodeSms(prisma, { to: '+77011234567', locale: 'ru', code: '111222' })).toEqual(
      { ok: true },
    );
    expect(
      (await prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'CODE' } })).body,
    ).toContain('111222');
    expect(await inbox.messages()).toHaveLength(0);
  });
  it('no SMS transport: unavailable; gateway failing: SMS_FAILED, recorded FAILED', async () => {
    useInbox(inbox, { SMS_TRANSPORT: '' });
    expect(await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '123456' })).toEqual(
      { ok: false, code: 'SMS_UNAVAILABLE' },
    );
    useInbox(inbox);
    await inbox.failNext(1, 503);
    expect(await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '123456' })).toEqual(
      { ok: false, code: 'SMS_FAILED' },
    );
    expect(await prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'CODE' } })).toMatchObject({
      state: 'FAILED',
      lastError: 'gateway answered 503',
    });
  });
  it('at the ceiling: refused, and staff alerted once a day in the audit log', async () => {
    useInbox(inbox, { SMS_DAILY_LIMIT: '2' });
    const now = new Date();
    expect(
      await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '000001', now }),
    ).toEqual({ ok: true });
    expect(
      await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '000002', now }),
    ).toEqual({ ok: true });
    expect(
      await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '000003', now }),
    ).toEqual({ ok: false, code: 'SMS_CEILING' });
    expect(
      await sendCodeSms(prisma, { to: '+77011234567', locale: 'kk', code: '000004', now }),
    ).toEqual({ ok: false, code: 'SMS_CEILING' });
    expect(await prisma.auditEvent.count({ where: { action: 'SMS_CEILING_REACHED' } })).toBe(1);
    expect(await inbox.messages('+77011234567')).toHaveLength(2);
  });
});
