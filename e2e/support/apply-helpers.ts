import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { e2eDatabaseUrl, query } from './db';
import { MESSAGES, type Locale } from '../fixtures';
import { DEMO_APPLICANT } from '../../lib/demo-devices';

export const APPLICANT = { ...DEMO_APPLICANT, fullName: 'Нұрлан Әбілқасымұлы Тестов', phone: '+7 705 123 45 67' };

export const PDF = { name: 'чек.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };
export const JPEG = { name: 'declaration.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]) };

/** Fills in every field of the application with valid values (IMEI 1 already there or given). */
export async function fillApplication(page: Page, locale: Locale, options: { imei1?: string; imei2?: string; files?: (typeof PDF)[] } = {}) {
  const f = MESSAGES[locale].fields;
  const a = MESSAGES[locale].apply;
  if (options.imei1) await page.getByLabel(f.imei1, { exact: true }).fill(options.imei1);
  if (options.imei2) await page.getByLabel(f.imei2, { exact: false }).fill(options.imei2);
  await page.getByLabel(f.fullName).fill(APPLICANT.fullName);
  await page.getByLabel(f.iin, { exact: true }).fill(APPLICANT.iin);
  await page.getByLabel(f.phone).fill(APPLICANT.phone);
  await page.getByLabel(f.arrivalMethod).selectOption({ label: a.arrival.PERSONAL });
  await page.getByLabel(f.entryDate).fill('2026-10-20');
  await page.getByLabel(f.purchaseCountry).selectOption('AE');
  await page.getByLabel(f.documents, { exact: true }).setInputFiles(options.files ?? [PDF, JPEG]);
  await page.getByLabel(f.consent).check();
}

export async function continueToReview(page: Page, locale: Locale) {
  await page.getByRole('button', { name: MESSAGES[locale].apply.continue }).click();
  await expect(page.getByRole('heading', { name: MESSAGES[locale].apply.reviewTitle })).toBeFocused();
}

/** Sends from the review step and returns the reference on the confirmation page. */
export async function send(page: Page, locale: Locale): Promise<string> {
  await page.getByRole('button', { name: MESSAGES[locale].apply.send }).click();
  await expect(page.getByRole('heading', { name: MESSAGES[locale].apply.doneTitle })).toBeVisible();
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return reference;
}

/** The operator's interim decision command, as a QA engineer would run it. */
export function decide(reference: string, ...args: string[]) {
  const r = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/applications-decide.ts', reference, ...args], {
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Reads the e2e database directly, to count what a test created. */
export async function countApplicationsFor(imei: string): Promise<number> {
  const [row] = await query<{ n: number }>('SELECT COUNT(DISTINCT "applicationId")::int AS n FROM application_devices WHERE imei = $1', [imei]);
  return row.n;
}

export async function lookUpStatus(page: Page, locale: Locale, reference: string, iin: string) {
  const s = MESSAGES[locale].status;
  await page.goto(`/${locale}/status`);
  await page.getByLabel(s.reference, { exact: true }).fill(reference);
  await page.getByLabel(s.iin, { exact: true }).fill(iin);
  await page.getByRole('button', { name: s.show }).click();
}
