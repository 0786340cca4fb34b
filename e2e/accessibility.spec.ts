import { expect, test } from '@playwright/test';
import { LOCALES, MESSAGES, checkImei, claimOwnAddress } from './fixtures';
import { DEMO_WRONG_CHECK_DIGIT, demoDevice } from '../lib/demo-devices';
import { STAFF, SLOW, signInOk } from './support/staff-helpers';
import { expectAccessible } from './support/axe';

/**
 * axe (WCAG 2.2 AA) finds nothing on each page and state a person meets: the public pages, every
 * kind of check result, a form error, the not-found page, and the staff workspace, in kk and ru.
 * axe is slow on a busy machine: each state is a test of its own, with room to take its time.
 */
const PUBLIC_PAGES = ['', '/apply', '/status', '/my', '/admin/sign-in', '/no-such-page'];
const RESULTS = [
  'white-import-record',
  'grey-days-left',
  'grey-under-review',
  'black-gsma',
  'black-expired',
  'black-unknown-tac',
];
const STAFF_PAGES = [
  '/admin',
  '/admin/audit',
  '/admin/feeds',
  '/admin/outbox',
  '/admin/api-clients',
  '/admin/staff',
];

for (const locale of LOCALES) {
  test.describe(`accessibility (${locale})`, () => {
    test.describe.configure({ timeout: 3 * SLOW });

    for (const path of PUBLIC_PAGES) {
      test(`${path || 'the home page'} has no axe violations (${locale})`, async ({ page }) => {
        await claimOwnAddress(page);
        await page.goto(`/${locale}${path}`);
        await expect(page.locator('h1').first()).toBeVisible();
        await expectAccessible(page, `/${locale}${path}`);
      });
    }

    for (const key of RESULTS) {
      test(`the check result for ${key} has no axe violations (${locale})`, async ({ page }) => {
        await checkImei(page, locale, demoDevice(key).imei);
        await expectAccessible(page, `the result for ${key}`);
      });
    }

    test(`the result for a wrong check digit and a form error have no axe violations (${locale})`, async ({
      page,
    }) => {
      await checkImei(page, locale, DEMO_WRONG_CHECK_DIGIT);
      await expectAccessible(page, 'the result for a wrong check digit');
      await page.getByLabel(MESSAGES[locale].form.label, { exact: true }).fill('12345');
      await page.getByRole('button', { name: MESSAGES[locale].form.submit }).click();
      await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
      await expectAccessible(page, 'the check form with an error');
    });

    test(`the staff workspace has no axe violations (${locale})`, async ({ page }) => {
      test.setTimeout(8 * SLOW);
      await signInOk(page, locale, STAFF.admin);
      for (const path of STAFF_PAGES) {
        await page.goto(`/${locale}${path}`);
        await expect(page.locator('h1').first()).toBeVisible();
        await expectAccessible(page, path);
      }
      await page.goto(`/${locale}/admin/devices/${demoDevice('grey-under-review').imei}`);
      await expect(page.locator('h1').first()).toBeVisible();
      await expectAccessible(page, 'a device page');
    });
  });
}
