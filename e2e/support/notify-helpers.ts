/**
 * For the notification tests: applications written straight into the e2e database (the owner's
 * form is not what these tests are about), grey devices registered in the past through the real
 * feed import, and the test inbox's messages (scripts/test-inbox.ts, started by playwright.config.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { e2eDatabaseUrl, query } from './db';
import { APPLICANT } from './apply-helpers';
import { makeReference } from '../../lib/domain/reference';
import { luhnCheckDigit } from '../../lib/domain/imei';
import { E2E_TAC } from './e2e-devices';
import type { InboxMessage } from '../../lib/notify/test-inbox-process';

export function inboxUrl(): string {
  const url = process.env.INBOX_URL;
  if (!url) throw new Error('INBOX_URL is not set (playwright.config.ts sets it)');
  return url;
}

/** What reached the local SMS gateway and SMTP server for this recipient, oldest first. */
export async function inbox(to: string): Promise<InboxMessage[]> {
  const res = await fetch(`${inboxUrl()}/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as InboxMessage[];
}

/** A device of its own for a notification test (serials 900000…, outside the feed's e2e devices). */
export function notifyImei(n: number): string {
  const identity = E2E_TAC + String(900000 + n).padStart(6, '0');
  return identity + luhnCheckDigit(identity);
}

/** An open application as filed by an owner in `locale`, with this phone and email. */
export async function insertApplication(o: {
  imei: string;
  locale: 'kk' | 'ru';
  phone: string;
  email: string | null;
  status?: string;
}): Promise<{ id: number; reference: string }> {
  const reference = makeReference(Array.from({ length: 7 }, () => crypto.randomInt(30)));
  const identity = o.imei.slice(0, 14);
  const [a] = await query<{ id: number }>(
    `INSERT INTO applications (reference, status, locale, "fullName", iin, phone, email, "arrivalMethod", "purchaseCountry", "filedAt", version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'PERSONAL', 'AE', now(), 0) RETURNING id`,
    [
      reference,
      o.status ?? 'SUBMITTED',
      o.locale,
      APPLICANT.fullName,
      APPLICANT.iin,
      o.phone,
      o.email,
    ],
  );
  await query(
    `INSERT INTO application_devices ("applicationId", identity, slot, imei, "openIdentity") VALUES ($1, $2, 1, $3, $2)`,
    [a.id, identity, o.imei],
  );
  await query(
    `INSERT INTO application_events ("applicationId", at, type, actor) VALUES ($1, now(), 'SUBMITTED', 'owner')`,
    [a.id],
  );
  await query(`INSERT INTO list_dirty (identity) VALUES ($1)`, [identity]);
  return { id: a.id, reference };
}

/** Reports, through the real registrations feed import, that the network saw `imei` with `msisdn` `daysAgo` days ago. */
export function registerSeen(imei: string, msisdn: string, daysAgo: number, dir: string): void {
  const seen = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const file = path.join(dir, `registrations-${imei}.csv`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    file,
    `imei,imsi,msisdn,operator,seen_at\n${imei},401017${imei.slice(-9)},${msisdn},Kcell,${seen}\n`,
  );
  const r = spawnSync(
    'npx',
    ['tsx', '--conditions=react-server', 'scripts/data-import.ts', 'registrations', file],
    {
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
}
