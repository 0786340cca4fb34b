/**
 * Watching a device: an owner with a code-verified number is told whenever the device's list
 * changes, whatever changed it (lib/notify's periodic scan compares and sends).
 */
import 'server-only';
import crypto from 'node:crypto';
import { config } from '../config';
import { parseImei } from '../domain/imei';
import { verify } from '../domain/verdict';
import { loadDeviceFacts } from './device-facts';
import type { Db } from './prisma';

export type WatchResult =
  { ok: true; list: 'WHITE' | 'GREY' | 'BLACK' } | { ok: false; code: 'IMEI_INVALID' };

/** Starts (or restarts) watching; the list now is the one the first message will differ from. */
export async function watchDevice(
  prisma: Db,
  input: { imei: string; msisdn: string; locale: 'kk' | 'ru'; now?: Date },
): Promise<WatchResult> {
  const now = input.now ?? new Date();
  const parsed = parseImei(input.imei);
  if (!parsed.ok) return { ok: false, code: 'IMEI_INVALID' };
  const verdict = verify(
    parsed.value,
    await loadDeviceFacts(prisma, parsed.value.identity),
    now,
    config().rules,
  );
  const token = crypto.randomBytes(24).toString('base64url');
  await prisma.watch.upsert({
    where: { identity_msisdn: { identity: parsed.value.identity, msisdn: input.msisdn } },
    create: {
      identity: parsed.value.identity,
      imei: parsed.value.imei,
      msisdn: input.msisdn,
      locale: input.locale,
      lastList: verdict.list,
      createdAt: now,
      unsubscribeToken: token,
    },
    update: {
      imei: parsed.value.imei,
      locale: input.locale,
      lastList: verdict.list,
      unsubscribedAt: null,
    },
  });
  return { ok: true, list: verdict.list };
}

/** Stops a watch by its link's token; the IMEI it was (for the page), or null for an unknown token. */
export async function unsubscribe(
  prisma: Db,
  token: string,
  now = new Date(),
): Promise<{ imei: string } | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const w = await prisma.watch.findUnique({
    where: { unsubscribeToken: token },
    select: { id: true, imei: true, unsubscribedAt: true },
  });
  if (!w) return null;
  if (!w.unsubscribedAt)
    await prisma.watch.update({ where: { id: w.id }, data: { unsubscribedAt: now } });
  return { imei: w.imei };
}

/** What the unsubscribe page shows before the owner confirms: the IMEI (the token is all it needs). */
export async function watchForToken(
  prisma: Db,
  token: string,
): Promise<{ imei: string; active: boolean } | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const w = await prisma.watch.findUnique({
    where: { unsubscribeToken: token },
    select: { imei: true, unsubscribedAt: true },
  });
  return w ? { imei: w.imei, active: !w.unsubscribedAt } : null;
}
