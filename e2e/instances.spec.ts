import { expect, test, type Page } from '@playwright/test';
import { MESSAGES, checkImei } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  continueToReview,
  fillApplication,
  lookUpStatus,
  send,
} from './support/apply-helpers';
import { STAFF, formReady, signIn, signInOk } from './support/staff-helpers';
import { SECOND_INSTANCE_URL } from '../playwright.config';

// Two instances of the portal on one database, as behind a load balancer (playwright.config.ts
// starts both). Nothing another instance needs lives in one process's memory: sign-in throttles,
// sessions and applications are in PostgreSQL.
test.describe('two instances, one database', () => {
  test.describe.configure({ timeout: 180_000 });

  test('a staff account throttled by wrong passwords on one instance is throttled on the other', async ({
    browser,
  }) => {
    const first = await (await browser.newContext()).newPage();
    for (let i = 0; i < 5; i++) {
      await signIn(first, 'kk', { email: STAFF.instances.email, password: `wrong-${i}-password` });
      await expect(first.getByTestId('sign-in-problem')).toHaveText(
        MESSAGES.kk.errors.INVALID_CREDENTIALS,
      );
    }
    const second = await (await browser.newContext({ baseURL: SECOND_INSTANCE_URL })).newPage();
    await signIn(second, 'kk', STAFF.instances); // the right password, on the other instance
    // "Too many failed attempts. Try again in N minutes."
    await expect(second.getByTestId('sign-in-problem')).toContainText(
      MESSAGES.kk.errors.THROTTLED.split('.')[0],
    );
    await expect(second).toHaveURL(/\/kk\/admin\/sign-in$/);
  });

  test('an application filed on one instance is decided on the other, and the owner sees it on the first', async ({
    page,
    browser,
  }) => {
    const m = MESSAGES.ru;
    const imei = e2eImei(60 + 200 * test.info().retry);
    await page.goto(`/ru/apply?imei=${imei}`);
    await fillApplication(page, 'ru');
    await continueToReview(page, 'ru');
    const reference = await send(page, 'ru');

    const staff: Page = await (
      await browser.newContext({ baseURL: SECOND_INSTANCE_URL })
    ).newPage();
    await signInOk(staff, 'ru', STAFF.support);
    await staff.getByLabel(m.admin.searchLabel).fill(reference);
    await staff.getByRole('button', { name: m.admin.search }).click();
    await staff
      .locator(`section[aria-labelledby="search-title"] [data-reference="${reference}"]`)
      .getByRole('link')
      .click();
    await expect(staff.getByRole('heading', { level: 1 })).toContainText(reference);
    await formReady(staff, 'approve');
    await staff.getByTestId('approve').getByRole('button', { name: m.admin.approve }).click();
    await staff
      .getByTestId('approve-confirm')
      .getByRole('button', { name: m.admin.approveYes })
      .click();
    await expect(staff.getByTestId('application-state')).toHaveAttribute('data-status', 'APPROVED');

    await lookUpStatus(page, 'ru', reference, APPLICANT.iin);
    await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'APPROVED');
    const result = await checkImei(page, 'ru', imei);
    await expect(result).toHaveAttribute('data-list', 'WHITE');
  });

  test('both instances answer the health and readiness probes', async ({ request }) => {
    for (const base of [test.info().project.use.baseURL!, SECOND_INSTANCE_URL]) {
      const health = await request.get(`${base}/api/health`);
      expect(health.status()).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await request.get(`${base}/api/ready`);
      expect(ready.status()).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect(ready.headers()['cache-control']).toBe('no-store');
    }
  });
});
