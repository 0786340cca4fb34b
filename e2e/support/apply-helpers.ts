import { expect, type Page } from '@playwright/test';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { inbox } from './notify-helpers';
import { e2eDatabaseUrl, query } from './db';
import { MESSAGES, claimOwnAddress, type Locale } from '../fixtures';
import { DEMO_APPLICANT } from '../../lib/demo-devices';
import { tinyPdf, TINY_JPEG_BASE64 } from '../../lib/documents/test-files';

export const APPLICANT = { ...DEMO_APPLICANT, fullName: 'Нұрлан Әбілқасымұлы Тестов' };

/** A fresh mobile number (E.164) of the test's own: codes and messages to it are the test's alone. */
export function freshPhone(): string {
  return '+7707' + String(crypto.randomInt(0, 10_000_000)).padStart(7, '0');
}

/** +77071234567 as a person types it: +7 707 123 45 67 */
export function typed(e164: string): string {
  return `${e164.slice(0, 2)} ${e164.slice(2, 5)} ${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;
}

/**
 * Each test its own client address: the limits per address (10 codes an hour) are the portal's
 * real ones, and every test would otherwise come from 127.0.0.1.
 */
export async function ownAddress(page: Page): Promise<void> {
  await claimOwnAddress(page);
}

/** The codes already sent to `to` (read before asking for a new one, so an old one is never taken for it). */
export async function codesIn(to: string): Promise<string[]> {
  return (await inbox(to)).flatMap((m) =>
    m.channel === 'SMS' ? [...m.text.matchAll(/\b(\d{6})\b/g)].map((x) => x[1]) : [],
  );
}

/** The code in an SMS to `to` that is not one of `seen` (read from the local SMS gateway). */
export async function readCode(to: string, seen: string[] = []): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        code = (await codesIn(to)).filter((c) => !seen.includes(c)).pop() ?? '';
        return code !== '';
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return code;
}

/**
 * On the "confirm your phone" step: the code goes to a typed number (`phone`, fresh by default) or,
 * with `seen`, to the number the network saw in the device (its E.164); then the code is typed.
 */
export async function proveAndConfirm(
  page: Page,
  locale: Locale,
  options: { phone?: string; seen?: string; confirm?: 'click' | 'dblclick' } = {},
): Promise<string> {
  const c = MESSAGES[locale].codes;
  const step = page.getByTestId('code-step');
  await expect(step).toBeVisible();
  const to = options.seen ?? options.phone ?? freshPhone();
  if (options.seen) {
    await step
      .getByLabel(
        `${options.seen.slice(0, 2)} ${options.seen[2]}** *** ** ${options.seen.slice(-2)}`,
      )
      .check();
  } else {
    const other = step.getByLabel(c.otherNumber);
    if (await other.count()) await other.check();
    await step.getByLabel(c.phone, { exact: true }).fill(typed(to));
  }
  const before = await codesIn(to);
  await step.getByRole('button', { name: c.send }).click();
  await expect(step.getByTestId('code-sent')).toBeVisible();
  await step.getByLabel(c.code, { exact: true }).fill(await readCode(to, before));
  const button = step.getByTestId('confirm-code');
  if (options.confirm === 'dblclick') await button.dblclick();
  else await button.click();
  return to;
}

// Real documents: the server parses every PDF and decodes every image it is given.
export const PDF = { name: 'чек.pdf', mimeType: 'application/pdf', buffer: tinyPdf() };
export const JPEG = {
  name: 'declaration.jpg',
  mimeType: 'image/jpeg',
  buffer: Buffer.from(TINY_JPEG_BASE64, 'base64'),
};

/** The application's first step: the device (IMEI 1 already there or given), checked before anything else is asked. */
export async function passDeviceStep(
  page: Page,
  locale: Locale,
  options: { imei1?: string; imei2?: string } = {},
) {
  const f = MESSAGES[locale].fields;
  const a = MESSAGES[locale].apply;
  if (options.imei1) await page.getByLabel(f.imei1, { exact: true }).fill(options.imei1);
  if (options.imei2) await page.getByLabel(f.imei2, { exact: false }).fill(options.imei2);
  await page.getByTestId('device-step').getByRole('button', { name: a.continue }).click();
  await expect(page.getByRole('heading', { level: 1, name: a.detailsTitle })).toBeFocused();
}

/** Passes the device step, then fills in every other field of the application with valid values. */
export async function fillApplication(
  page: Page,
  locale: Locale,
  options: { imei1?: string; imei2?: string; files?: (typeof PDF)[] } = {},
) {
  await passDeviceStep(page, locale, options);
  await fillDetails(page, locale, options);
}

/** The second step's fields, all valid. */
export async function fillDetails(
  page: Page,
  locale: Locale,
  options: { files?: (typeof PDF)[] } = {},
) {
  const f = MESSAGES[locale].fields;
  const a = MESSAGES[locale].apply;
  await page.getByLabel(f.fullName).fill(APPLICANT.fullName);
  await page.getByLabel(f.iin, { exact: true }).fill(APPLICANT.iin);
  await page.getByLabel(f.arrivalMethod).selectOption({ label: a.arrival.PERSONAL });
  await page.getByLabel(f.entryDate).fill('2026-10-20');
  await page.getByLabel(f.purchaseCountry).selectOption('AE');
  await page.getByLabel(f.documents, { exact: true }).setInputFiles(options.files ?? [PDF, JPEG]);
  await page.getByLabel(f.consent).check();
}

export async function continueToReview(page: Page, locale: Locale) {
  await page.getByRole('button', { name: MESSAGES[locale].apply.continue }).click();
  await expect(
    page.getByRole('heading', { name: MESSAGES[locale].apply.reviewTitle }),
  ).toBeFocused();
}

/**
 * From the review step: on to the phone, the code to a fresh typed number (or as `options` say),
 * and the confirmation page; returns the reference.
 */
export async function send(
  page: Page,
  locale: Locale,
  options: Parameters<typeof proveAndConfirm>[2] = {},
): Promise<string> {
  await ownAddress(page);
  await page.getByRole('button', { name: MESSAGES[locale].apply.toVerify }).click();
  await proveAndConfirm(page, locale, options);
  await expect(page.getByRole('heading', { name: MESSAGES[locale].apply.doneTitle })).toBeVisible();
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return reference;
}

/** The operator's interim decision command, as a QA engineer would run it. */
export function decide(reference: string, ...args: string[]) {
  const r = spawnSync(
    'npx',
    ['tsx', '--conditions=react-server', 'scripts/applications-decide.ts', reference, ...args],
    {
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Reads the e2e database directly, to count what a test created. */
export async function countApplicationsFor(imei: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    'SELECT COUNT(DISTINCT "applicationId")::int AS n FROM application_devices WHERE imei = $1',
    [imei],
  );
  return row.n;
}

export async function lookUpStatus(page: Page, locale: Locale, reference: string, iin: string) {
  const s = MESSAGES[locale].status;
  await page.goto(`/${locale}/status`);
  await page.getByLabel(s.reference, { exact: true }).fill(reference);
  await page.getByLabel(s.iin, { exact: true }).fill(iin);
  await page.getByRole('button', { name: s.show }).click();
}
