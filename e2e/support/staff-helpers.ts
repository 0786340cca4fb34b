import { expect, type Page } from '@playwright/test';
import { MESSAGES, type Locale } from '../fixtures';

export const STAFF = {
  admin: { email: 'admin@e2e.test', password: 'e2e-password-admin-123' },
  support: { email: 'support@e2e.test', password: 'e2e-password-support-123' },
  throttled: { email: 'throttled@e2e.test', password: 'e2e-password-throttled-123' },
  instances: { email: 'instances@e2e.test', password: 'e2e-password-instances-123' },
  // e2e/limits.spec.ts: wrong passwords from many addresses, and a throttle an administrator clears
  'challenge-kk': { email: 'challenge-kk@e2e.test', password: 'e2e-password-challenge-kk-123' },
  'challenge-ru': { email: 'challenge-ru@e2e.test', password: 'e2e-password-challenge-ru-123' },
  cleared: { email: 'cleared@e2e.test', password: 'e2e-password-cleared-123' },
};

export async function signIn(page: Page, locale: Locale, who: { email: string; password: string }) {
  const a = MESSAGES[locale].admin;
  await page.goto(`/${locale}/admin/sign-in`);
  await formReady(page, 'sign-in');
  await page.getByLabel(a.email).fill(who.email);
  await page.getByLabel(a.password).fill(who.password);
  await page.getByRole('button', { name: a.signIn }).click();
}

export async function signInOk(page: Page, locale: Locale, who: { email: string; password: string }) {
  await signIn(page, locale, who);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES[locale].admin.queueTitle);
  await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
}

/** Waits until a staff form is interactive (hydrated). */
export async function formReady(page: Page, testId: string) {
  await expect(page.getByTestId(testId)).toHaveAttribute('data-ready', 'true');
}
