/** For the notification tests: a database and a test inbox, and the environment that points the transports at it. */
import crypto from 'node:crypto';
import { beforeEach } from 'vitest';
import { resetConfigForTests } from '../config';
import { makeReference } from '../domain/reference';
import { startTestInbox, type TestInbox } from './test-inbox-process';
import { setUpTestDb } from '../data/test-db';
import type { Db } from '../data/prisma';

/** The environment that sends through the test inbox. */
function inboxEnv(inbox: TestInbox): Record<string, string> {
  return {
    SMS_TRANSPORT: 'http',
    SMS_GATEWAY_URL: inbox.smsUrl,
    SMS_GATEWAY_TOKEN: inbox.token,
    EMAIL_TRANSPORT: 'smtp',
    SMTP_URL: inbox.smtpUrl,
    MAIL_FROM: 'Portal <no-reply@portal.test>',
    PUBLIC_URL: 'https://imei.example.kz',
    SMS_DAILY_LIMIT: '10000',
  };
}

export function useInbox(inbox: TestInbox, extra: Record<string, string> = {}): void {
  Object.assign(process.env, { ...inboxEnv(inbox), ...extra });
  resetConfigForTests();
}

/** What a notification test file works on: a database of its own and a running test inbox. */
export type NotifyTestEnv = { prisma: Db; databaseUrl: string; inbox: TestInbox };

/**
 * A notification test file's setting: its database (setUpTestDb) and test inbox, handed to `take`
 * before its tests; before each test the inbox emptied and the transports pointed at it again;
 * after the tests `closing` (what the file itself opened, such as list pools), then the inbox
 * stopped, the environment as it was and the database dropped.
 */
export function setUpNotifyTests(
  take: (env: NotifyTestEnv) => void,
  { closing }: { closing?: () => Promise<void> } = {},
): void {
  let inbox: TestInbox | undefined;
  setUpTestDb(
    async ({ prisma, databaseUrl }) => {
      inbox = await startTestInbox();
      useInbox(inbox);
      take({ prisma, databaseUrl, inbox });
    },
    {
      closing: async () => {
        await closing?.();
        const keys = inbox ? Object.keys(inboxEnv(inbox)) : [];
        await inbox?.stop();
        for (const k of keys) delete process.env[k];
        resetConfigForTests();
      },
    },
  );
  beforeEach(async () => {
    await inbox!.reset();
    useInbox(inbox!);
  });
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
