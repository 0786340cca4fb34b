/** For the notification tests: the environment that points the transports at a test inbox. */
import crypto from 'node:crypto';
import { resetConfigForTests } from '../config';
import { makeReference } from '../domain/reference';
import type { TestInbox } from './test-inbox-process';
import type { Db } from '../data/prisma';

export function useInbox(inbox: TestInbox, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    SMS_TRANSPORT: 'http',
    SMS_GATEWAY_URL: inbox.smsUrl,
    SMS_GATEWAY_TOKEN: inbox.token,
    EMAIL_TRANSPORT: 'smtp',
    SMTP_URL: inbox.smtpUrl,
    MAIL_FROM: 'Portal <no-reply@portal.test>',
    PUBLIC_URL: 'https://imei.example.kz',
    SMS_DAILY_LIMIT: '10000',
    ...extra,
  });
  resetConfigForTests();
}

/** An application row as the owner's form would leave it (the data layer's rules are not the point here). */
export async function insertApplication(
  prisma: Db,
  o: {
    identity: string;
    imei: string;
    status?: string;
    locale?: string;
    phone?: string;
    email?: string | null;
    filedAt?: Date;
    respondBy?: Date | null;
  },
) {
  const ref = makeReference(Array.from({ length: 7 }, () => crypto.randomInt(30)));
  const status = o.status ?? 'SUBMITTED';
  const open = ['SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED'].includes(status);
  return prisma.application.create({
    data: {
      reference: ref,
      status,
      locale: o.locale ?? 'kk',
      fullName: 'Test Owner',
      iin: '880301400011',
      phone: o.phone ?? '+77051112233',
      email: o.email === undefined ? null : o.email,
      filedAt: o.filedAt ?? new Date(),
      respondBy: o.respondBy ?? null,
      devices: {
        create: [
          { slot: 1, identity: o.identity, imei: o.imei, openIdentity: open ? o.identity : null },
        ],
      },
      events: { create: [{ at: o.filedAt ?? new Date(), type: 'SUBMITTED', actor: 'owner' }] },
    },
  });
}
