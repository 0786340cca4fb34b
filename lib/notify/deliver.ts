/**
 * Delivery: the worker's `deliver-message` task, and one-time codes, which are sent at once (the
 * owner waits for them) and never retried (they expire in 5 minutes).
 */
import 'server-only';
import type { Db } from '../data/prisma';
import { audit } from '../data/audit';
import { config, type NotifyConfig } from '../config';
import { renderMessage } from './templates';
import { almatyDayStart, nextAlmatyDayStart, smsCeiling } from './outbox';
import { sendEmail, sendSms, type SendResult } from './transports';
import { auditActorOf, systemActor } from '../domain/actor';

export type DeliveryOutcome =
  | { outcome: 'sent' }
  | { outcome: 'skipped' }
  | { outcome: 'failed'; error: string }
  | { outcome: 'postponed'; until: Date }
  | { outcome: 'retry'; error: string };

/** Thrown by the task so that graphile-worker tries again with its backoff. */
export class TransientDeliveryError extends Error {}

/**
 * Delivers one outbox message (the `deliver-message` job). Skips a message already SENT or
 * FAILED; an SMS over today's ceiling is postponed to the next day in Astana; sends with the
 * message's idempotency key; records the attempt. `attempt` / `maxAttempts` are the job's: the
 * last transient failure marks the message FAILED.
 */
export async function deliverMessage(
  prisma: Db,
  id: number,
  job: { attempt: number; maxAttempts: number },
  now = new Date(),
  notify: NotifyConfig = config().notify,
): Promise<DeliveryOutcome> {
  const m = await prisma.outboxMessage.findUnique({ where: { id } });
  if (!m || m.state !== 'QUEUED') return { outcome: 'skipped' };
  let result: SendResult;
  if (m.channel === 'SMS') {
    if (!notify.sms) result = { ok: false, permanent: false, error: 'no SMS transport configured' };
    else {
      if ((await smsCeiling(prisma, now)).reached)
        return { outcome: 'postponed', until: nextAlmatyDayStart(now) };
      result = await sendSms(notify.sms, { id: m.id, to: m.recipient, text: m.body });
    }
  } else {
    result = notify.email
      ? await sendEmail(notify.email, {
          id: m.id,
          to: m.recipient,
          subject: m.subject ?? '',
          text: m.body,
        })
      : { ok: false, permanent: false, error: 'no email transport configured' };
  }
  const attempts = m.attempts + 1;
  if (result.ok) {
    await prisma.outboxMessage.update({
      where: { id },
      data: { state: 'SENT', attempts, sentAt: new Date(), lastError: null },
    });
    return { outcome: 'sent' };
  }
  const last = result.permanent || job.attempt >= job.maxAttempts;
  await prisma.outboxMessage.update({
    where: { id },
    data: { state: last ? 'FAILED' : 'QUEUED', attempts, lastError: result.error },
  });
  return last
    ? { outcome: 'failed', error: result.error }
    : { outcome: 'retry', error: result.error };
}

export type SendCodeResult =
  { ok: true } | { ok: false; code: 'SMS_UNAVAILABLE' | 'SMS_CEILING' | 'SMS_FAILED' };

/** How long a one-time code is valid, in minutes (what the SMS says). */
export const CODE_MINUTES = 5;
const MASKED_CODE = '••••••';

/**
 * Sends a one-time code by SMS now, through the configured SMS transport, and records it in the
 * outbox (kind CODE, SENT or FAILED). The recorded body has the code replaced by ••••••, except
 * under the log transport, where the row is the delivery the demo's newcomer reads. Refused when no
 * SMS transport is configured (SMS_UNAVAILABLE) or today's ceiling is reached (SMS_CEILING: staff
 * are alerted once a day, in the audit log and on the admin home page).
 */
export async function sendCodeSms(
  prisma: Db,
  input: { to: string; locale: 'kk' | 'ru'; code: string; now?: Date },
  notify: NotifyConfig = config().notify,
): Promise<SendCodeResult> {
  const now = input.now ?? new Date();
  if (!notify.sms) return { ok: false, code: 'SMS_UNAVAILABLE' };
  if ((await smsCeiling(prisma, now)).reached) {
    await alertCeilingOnce(prisma, now);
    return { ok: false, code: 'SMS_CEILING' };
  }
  const { body } = renderMessage(
    'CODE',
    input.locale,
    { code: input.code, minutes: CODE_MINUTES },
    'SMS',
  );
  const stored = notify.sms.transport === 'log' ? body : body.split(input.code).join(MASKED_CODE);
  const row = await prisma.outboxMessage.create({
    data: {
      createdAt: now,
      channel: 'SMS',
      recipient: input.to,
      locale: input.locale,
      kind: 'CODE',
      subject: null,
      body: stored,
      state: 'QUEUED',
      attempts: 0,
    },
    select: { id: true },
  });
  const result = await sendSms(notify.sms, { id: row.id, to: input.to, text: body });
  await prisma.outboxMessage.update({
    where: { id: row.id },
    data: result.ok
      ? { state: 'SENT', attempts: 1, sentAt: new Date() }
      : { state: 'FAILED', attempts: 1, lastError: result.error },
  });
  return result.ok ? { ok: true } : { ok: false, code: 'SMS_FAILED' };
}

const CEILING_LOCK = 7350721;

/** One SMS_CEILING_REACHED audit row per Astana day, however many refusals. */
export async function alertCeilingOnce(prisma: Db, now: Date): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::int)', CEILING_LOCK);
    const seen = await tx.auditEvent.findFirst({
      where: { action: 'SMS_CEILING_REACHED', at: { gte: almatyDayStart(now) } },
      select: { id: true },
    });
    if (seen) return false;
    await audit(
      tx,
      auditActorOf(systemActor('system')),
      {
        action: 'SMS_CEILING_REACHED',
        details: `SMS_DAILY_LIMIT ${config().notify.smsDailyLimit}`,
      },
      now,
    );
    console.warn(
      'warning: the daily SMS ceiling (SMS_DAILY_LIMIT) is reached: no SMS is sent until 00:00 Astana time',
    );
    return true;
  });
}
