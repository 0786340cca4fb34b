/**
 * The outbox: every message to an owner is a row of outbox_messages written in the same
 * transaction as the change it tells about, together with its delivery job
 * (graphile_worker.add_job, graphile-worker's SQL function), so a rolled-back change sends
 * nothing and a committed one is never lost. The worker (scripts/worker.ts, lib/notify/worker.ts)
 * delivers. Server-only data layer.
 */
import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../data/prisma';
import { config } from '../config';
import { almatyOffsetMinutes, DAY_MS } from '../domain/time';
import {
  renderMessage,
  type Channel,
  type MessageKind,
  type MessageLocale,
  type MessageParams,
} from './templates';

export type Tx = Db | Prisma.TransactionClient;

export type OutboxInput = {
  channel: Channel;
  recipient: string;
  locale: MessageLocale;
  kind: MessageKind;
  subject: string | null;
  body: string;
  applicationId?: number | null;
  /** A message with a key already in the outbox is not written again (and gets no job). */
  dedupeKey?: string | null;
};

/**
 * Attempts before a notification is given up as FAILED: graphile-worker waits exp(min(n, 10))
 * seconds after the n-th failure, so 25 attempts span about four days of a gateway being down.
 */
export const DELIVERY_MAX_ATTEMPTS = 25;

const INSERT_SQL = `
WITH m AS (
  INSERT INTO outbox_messages ("createdAt", channel, recipient, locale, kind, subject, body, "applicationId", "dedupeKey", state, attempts)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'QUEUED', 0)
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING id
)
SELECT m.id FROM m, LATERAL graphile_worker.add_job('deliver-message', json_build_object('id', m.id), max_attempts := $10::int, job_key := 'message-' || m.id) j`;

/**
 * Writes the messages and their delivery jobs with `tx` (call it inside the transaction of the
 * change). Returns the ids written; a message whose dedupeKey exists is skipped.
 */
export async function enqueueMessages(
  tx: Tx,
  messages: OutboxInput[],
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const m of messages) {
    const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
      INSERT_SQL,
      now,
      m.channel,
      m.recipient,
      m.locale,
      m.kind,
      m.subject,
      m.body,
      m.applicationId ?? null,
      m.dedupeKey ?? null,
      DELIVERY_MAX_ATTEMPTS,
    );
    for (const r of rows) ids.push(Number(r.id));
  }
  return ids;
}

/**
 * The owner's messages about an application: an SMS to its phone and, when an email was given, an
 * email, in the application's language. Call inside the transaction of the change. An SMS is
 * queued only when an SMS transport is configured, an email only when an email transport is.
 */
export async function notifyApplication<
  K extends Exclude<MessageKind, 'CODE' | 'GREY_REMINDER' | 'WATCH_CHANGED'>,
>(
  tx: Tx,
  applicationId: number,
  kind: K,
  params: MessageParams[K],
  now: Date,
  options: { dedupeKey?: string } = {},
): Promise<number[]> {
  const a = await tx.application.findUnique({
    where: { id: applicationId },
    select: { phone: true, email: true, locale: true },
  });
  if (!a) throw new Error(`application ${applicationId} not found`);
  const locale: MessageLocale = a.locale === 'ru' ? 'ru' : 'kk';
  const c = config().notify;
  const messages: OutboxInput[] = [];
  const key = (channel: Channel) => (options.dedupeKey ? `${options.dedupeKey}:${channel}` : null);
  if (c.sms && a.phone) {
    const sms = renderMessage(kind, locale, params, 'SMS');
    messages.push({
      channel: 'SMS',
      recipient: a.phone,
      locale,
      kind,
      subject: null,
      body: sms.body,
      applicationId,
      dedupeKey: key('SMS'),
    });
  }
  if (c.email && a.email) {
    const mail = renderMessage(kind, locale, params, 'EMAIL');
    messages.push({
      channel: 'EMAIL',
      recipient: a.email,
      locale,
      kind,
      subject: mail.subject,
      body: mail.body,
      applicationId,
      dedupeKey: key('EMAIL'),
    });
  }
  return enqueueMessages(tx, messages, now);
}

/** 00:00 in Astana of the day of `now`. */
export function almatyDayStart(now: Date): Date {
  const offset = almatyOffsetMinutes(now) * 60_000;
  const local = now.getTime() + offset;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - offset);
}

/** 00:00 in Astana of the day after `now`. */
export function nextAlmatyDayStart(now: Date): Date {
  return almatyDayStart(new Date(almatyDayStart(now).getTime() + DAY_MS + 3_600_000));
}

/** SMS handed to the gateway since 00:00 Astana time (codes and notifications alike). */
export async function smsSentToday(prisma: Tx, now: Date): Promise<number> {
  return prisma.outboxMessage.count({
    where: { channel: 'SMS', sentAt: { gte: almatyDayStart(now) } },
  });
}

/** Whether today's SMS ceiling (SMS_DAILY_LIMIT) is reached: nothing more is sent until tomorrow. */
export async function smsCeiling(
  prisma: Tx,
  now = new Date(),
): Promise<{ reached: boolean; sent: number; limit: number }> {
  const limit = config().notify.smsDailyLimit;
  const sent = await smsSentToday(prisma, now);
  return { reached: sent >= limit, sent, limit };
}

export type OutboxRow = {
  id: number;
  createdAt: Date;
  channel: string;
  recipient: string;
  locale: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  applicationReference: string | null;
  /** The text sent (a code's is masked unless the log transport delivered it: the demo reads it here) */
  subject: string | null;
  body: string;
};

const ROW_SELECT = {
  id: true,
  createdAt: true,
  channel: true,
  recipient: true,
  locale: true,
  kind: true,
  state: true,
  attempts: true,
  lastError: true,
  sentAt: true,
  subject: true,
  body: true,
  application: { select: { reference: true } },
} satisfies Prisma.OutboxMessageSelect;

function toRow(r: Prisma.OutboxMessageGetPayload<{ select: typeof ROW_SELECT }>): OutboxRow {
  const { application, ...rest } = r;
  return { ...rest, applicationReference: application?.reference ?? null };
}

export const OUTBOX_STATES = ['QUEUED', 'SENT', 'FAILED'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** The latest messages, newest first (the admin Outbox page). Recipients unmasked: the page masks. */
export async function listOutbox(
  prisma: Db,
  options: { page: number; pageSize?: number; state?: OutboxState },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const pageSize = options.pageSize ?? 50;
  const where = options.state ? { state: options.state } : {};
  const [rows, total] = await Promise.all([
    prisma.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (Math.max(1, options.page) - 1) * pageSize,
      take: pageSize,
      select: ROW_SELECT,
    }),
    prisma.outboxMessage.count({ where }),
  ]);
  return { rows: rows.map(toRow), total };
}

/** An application's messages, oldest first (the staff application page). */
export async function applicationMessages(prisma: Db, applicationId: number): Promise<OutboxRow[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: { applicationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: ROW_SELECT,
  });
  return rows.map(toRow);
}
