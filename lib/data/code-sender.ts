import 'server-only';
/** The one-time codes' sender: an SMS sent now through the configured transport (lib/notify). */
import { sendCodeSms } from '../notify/deliver';
import type { CodeSender } from './one-time-codes';
import type { Db } from './prisma';

export function codeSender(prisma: Db): CodeSender {
  return (m) => sendCodeSms(prisma, m);
}
