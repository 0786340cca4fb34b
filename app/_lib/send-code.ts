import 'server-only';
import { db } from '@/lib/data/prisma';
import { config } from '@/lib/config';
import { requestCode, type CodeRequest } from '@/lib/data/one-time-codes';
import { codeSender } from '@/lib/data/code-sender';
import { requestIp } from '@/lib/data/request-ip';
import { clockTime } from './clock-time';
import { actionFailure, fail, type Failure } from './server-action';

export type CodeActionResult =
  | { ok: true; challengeId: string; masked: string; possession: boolean }
  | (Failure & { retryAtText?: string });

/** Sends a code (any purpose) and answers in the owner's terms. */
export async function sendCode(
  locale: 'kk' | 'ru',
  req: Pick<CodeRequest, 'purpose' | 'identities' | 'to'>,
): Promise<CodeActionResult> {
  // No transport: say so before any limit counts the request.
  if (!config().notify.sms) return fail('SMS_UNAVAILABLE');
  try {
    const prisma = await db();
    const r = await requestCode(
      prisma,
      { ...req, locale, ip: await requestIp() },
      codeSender(prisma),
    );
    if (r.ok)
      return { ok: true, challengeId: r.challengeId, masked: r.masked, possession: r.possession };
    const field = 'seen' in req.to ? 'to' : 'phone';
    if (r.code === 'TOO_MANY_CODES')
      return { ...fail(r.code), retryAtText: await clockTime(locale, r.retryAt) };
    if (r.code === 'PHONE_FORMAT' || r.code === 'PHONE_REQUIRED' || r.code === 'NUMBER_UNKNOWN')
      return fail(r.code, { [field]: [r.code] });
    return fail(r.code);
  } catch (e) {
    return actionFailure('sending a code failed', e);
  }
}
