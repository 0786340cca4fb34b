/**
 * The worker's periodic scan, rule by rule, each a function of (prisma, now) so the tests drive
 * them with an explicit `now`. Every message is idempotent (a dedupeKey, or an update guarded by
 * the state it changes), so running a scan twice, or on two workers at once, tells nobody twice.
 */
import 'server-only';
import type { Db } from '../data/prisma';
import { loadDeviceFacts } from '../data/device-facts';
import { markDirty, prismaSql } from '../data/device-lists';
import { config } from '../config';
import { DAY_MS } from '../domain/time';
import { parsedFromIdentity, parseImei } from '../domain/imei';
import { msisdnToE164 } from '../domain/phone';
import { purgeCodes } from '../data/one-time-codes';
import { verify, type List, type Verdict } from '../domain/verdict';
import { enqueueMessages, notifyApplication } from './outbox';
import { renderMessage } from './templates';

const OPEN = ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED'];
/** Numbers the network saw in a device within this many days get its grey reminders. */
export const REMINDER_MSISDN_DAYS = 90;

async function verdictOf(prisma: Db, identity: string, now: Date, imei?: string): Promise<Verdict> {
  const parsed = imei ? parseImei(imei) : null;
  return verify(
    parsed?.ok ? parsed.value : parsedFromIdentity(identity),
    await loadDeviceFacts(prisma, identity),
    now,
    config().rules,
  );
}

/**
 * (a) Grey reminders, 7 days and 1 day before an open grey window ends, to every number the network
 * saw in the device in the last 90 days (E.164), in Kazakh and Russian (the owner's language is not
 * known), unless an application has been filed for the device. Candidates come from device_lists
 * (kept by the list reconciler); each is verified again now. One reminder of each kind per device,
 * deadline and number: a window first seen with 3 days left gets the 7-day one then, the 1-day one
 * on its last day.
 */
export async function scanGreyReminders(prisma: Db, now: Date): Promise<number> {
  const candidates = await prisma.$queryRawUnsafe<{ identity: string }[]>(
    `SELECT l.identity FROM device_lists l
      WHERE l.list = 'GREY' AND l.deadline > $1 AND l.deadline <= $2
        AND NOT EXISTS (SELECT 1 FROM application_devices d WHERE d.identity = l.identity)`,
    now,
    new Date(now.getTime() + 7 * DAY_MS),
  );
  let queued = 0;
  for (const { identity } of candidates) {
    const v = await verdictOf(prisma, identity, now);
    const deadline = v.window?.deadline;
    if (v.list !== 'GREY' || !v.window?.started || !deadline || deadline.getTime() <= now.getTime())
      continue;
    if (v.reasons.includes('PROOF_UNDER_REVIEW')) continue;
    const left = deadline.getTime() - now.getTime();
    const which = left <= DAY_MS ? '1d' : left <= 7 * DAY_MS ? '7d' : null;
    if (!which) continue;
    const numbers = await prisma.$queryRawUnsafe<{ msisdn: string }[]>(
      `SELECT DISTINCT msisdn FROM network_registrations WHERE identity = $1 AND msisdn <> '' AND "lastSeenAt" >= $2`,
      identity,
      new Date(now.getTime() - REMINDER_MSISDN_DAYS * DAY_MS),
    );
    const recipients = [
      ...new Set(numbers.map((n) => msisdnToE164(n.msisdn)).filter((x): x is string => x !== null)),
    ];
    if (recipients.length === 0) continue;
    const { body } = renderMessage('GREY_REMINDER', 'both', { imei: v.imei, deadline, now }, 'SMS');
    await prisma.$transaction(async (tx) => {
      // Filed meanwhile? Then no reminder (checked again inside the transaction that writes).
      const filed = await tx.applicationDevice.findFirst({
        where: { identity },
        select: { applicationId: true },
      });
      if (filed) return;
      const ids = await enqueueMessages(
        tx,
        recipients.map((to) => ({
          channel: 'SMS' as const,
          recipient: to,
          locale: 'both' as const,
          kind: 'GREY_REMINDER' as const,
          subject: null,
          body,
          dedupeKey: `grey:${identity}:${deadline.toISOString()}:${which}:${to}`,
        })),
        now,
      );
      queued += ids.length;
    });
  }
  return queued;
}

/** (b) Applications waiting for the owner's documents: a reminder 2 days before the respond-by date. */
export async function scanInfoReminders(prisma: Db, now: Date): Promise<number> {
  const due = await prisma.application.findMany({
    where: {
      status: 'INFO_REQUESTED',
      respondBy: { gt: now, lte: new Date(now.getTime() + 2 * DAY_MS) },
    },
    select: { id: true, reference: true, respondBy: true },
  });
  let queued = 0;
  for (const a of due) {
    const ids = await prisma.$transaction((tx) =>
      notifyApplication(
        tx,
        a.id,
        'INFO_REMINDER',
        { reference: a.reference, respondBy: a.respondBy! },
        now,
        {
          dedupeKey: `info-reminder:${a.id}:${a.respondBy!.toISOString()}`,
        },
      ),
    );
    queued += ids.length;
  }
  return queued;
}

/**
 * (c) An open application whose every device is now WHITE by other facts (a supplier's record,
 * grandfathering) closes as NOT_NEEDED, and the owner is told, in one transaction. Candidates are
 * open applications with a device that has a legality record or a registration before the cut-off.
 */
export async function scanNotNeeded(prisma: Db, now: Date): Promise<number> {
  const candidates = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `SELECT DISTINCT a.id FROM applications a JOIN application_devices d ON d."applicationId" = a.id
      WHERE a.status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED')
        AND (EXISTS (SELECT 1 FROM legality_records l WHERE l.identity = d.identity)
          OR EXISTS (SELECT 1 FROM network_registrations r WHERE r.identity = d.identity AND r."firstSeenAt" < $1))`,
    config().rules.grandfatherCutoff,
  );
  let closed = 0;
  for (const { id } of candidates) {
    const a = await prisma.application.findUnique({ where: { id }, include: { devices: true } });
    if (!a || !OPEN.includes(a.status) || a.devices.length === 0) continue;
    let allWhite = true;
    for (const d of a.devices)
      if ((await verdictOf(prisma, d.identity, now, d.imei)).list !== 'WHITE') allWhite = false;
    if (!allWhite) continue;
    const done = await prisma.$transaction(async (tx) => {
      const updated = await tx.application.updateMany({
        where: { id, version: a.version, status: { in: OPEN } },
        data: { status: 'NOT_NEEDED', decidedAt: now, version: { increment: 1 } },
      });
      if (updated.count !== 1) return false;
      await tx.applicationDevice.updateMany({
        where: { applicationId: id },
        data: { openIdentity: null },
      });
      await tx.applicationEvent.create({
        data: { applicationId: id, at: now, type: 'NOT_NEEDED', actor: 'system' },
      });
      await markDirty(
        prismaSql(tx),
        a.devices.map((d) => d.identity),
      );
      await notifyApplication(tx, id, 'NOT_NEEDED', { reference: a.reference }, now, {
        dedupeKey: `not-needed:${id}`,
      });
      return true;
    });
    if (done) closed++;
  }
  return closed;
}

/**
 * (d) Watched devices: each active watch's device is verified now; when its list differs from the
 * one last told, the owner gets WATCH_CHANGED (with the unsubscribe link) and lastList moves, in one
 * transaction guarded by the old list.
 */
export async function scanWatches(prisma: Db, now: Date): Promise<number> {
  const watches = await prisma.watch.findMany({
    where: { unsubscribedAt: null },
    orderBy: { id: 'asc' },
  });
  if (watches.length === 0 || !config().notify.sms) return 0;
  const verdicts = new Map<string, List>();
  let told = 0;
  for (const w of watches) {
    let list = verdicts.get(w.identity);
    if (!list) {
      list = (await verdictOf(prisma, w.identity, now, w.imei)).list;
      verdicts.set(w.identity, list);
    }
    if (list === w.lastList) continue;
    const newList = list;
    const locale = w.locale === 'ru' ? 'ru' : 'kk';
    const { body } = renderMessage(
      'WATCH_CHANGED',
      locale,
      { imei: w.imei, list: newList, unsubscribeToken: w.unsubscribeToken },
      'SMS',
    );
    const done = await prisma.$transaction(async (tx) => {
      const updated = await tx.watch.updateMany({
        where: { id: w.id, lastList: w.lastList, unsubscribedAt: null },
        data: { lastList: newList },
      });
      if (updated.count !== 1) return false;
      await enqueueMessages(
        tx,
        [
          {
            channel: 'SMS',
            recipient: w.msisdn,
            locale,
            kind: 'WATCH_CHANGED',
            subject: null,
            body,
            dedupeKey: `watch:${w.id}:${w.lastList}>${newList}:${now.getTime()}`,
          },
        ],
        now,
      );
      return true;
    });
    if (done) told++;
  }
  return told;
}

export type ScanReport = {
  greyReminders: number;
  infoReminders: number;
  notNeeded: number;
  watches: number;
};

/** Every rule, in order (closures first, so a closed application gets no reminder). */
export async function runScan(prisma: Db, now = new Date()): Promise<ScanReport> {
  const notNeeded = await scanNotNeeded(prisma, now);
  const infoReminders = await scanInfoReminders(prisma, now);
  const greyReminders = config().notify.sms ? await scanGreyReminders(prisma, now) : 0;
  const watches = await scanWatches(prisma, now);
  // Codes a day past their 5 minutes are of no use to anyone: they go.
  await purgeCodes(prisma, now);
  return { greyReminders, infoReminders, notNeeded, watches };
}
