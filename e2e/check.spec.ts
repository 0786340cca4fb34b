import { expect, test } from '@playwright/test';
import { DEMO_WRONG_CHECK_DIGIT, demoDevice } from '../lib/demo-devices';
import { LOCALES, MESSAGES, checkImei, fill } from './fixtures';

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const days = 30;

  test.describe(`the IMEI check (${locale})`, () => {
    test('a white device by supplier record shows the white list, the checks and the model', async ({ page }) => {
      const d = demoDevice('white-import-record');
      const result = await checkImei(page, locale, d.imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.WHITE);
      await expect(result.getByTestId('check-authenticity')).toHaveAttribute('data-outcome', 'PASS');
      await expect(result.getByTestId('check-gsmaBlacklist')).toHaveAttribute('data-outcome', 'PASS');
      await expect(result.getByTestId('check-importLegality')).toContainText(m.result.outcome.PASS);
      await expect(result.locator('[data-reason="IMPORT_RECORD"]')).toHaveText(m.reasons.IMPORT_RECORD);
      await expect(result.getByTestId('device')).toHaveText('Samsung Galaxy A55 5G');
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.WHITE);
      await expect(result.getByTestId('grey-window')).toHaveCount(0);
    });

    test('a grandfathered device is white', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('white-grandfathered').imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.locator('[data-reason="GRANDFATHERED"]')).toBeVisible();
    });

    test('a device whose proof was approved is white', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('white-proof-approved').imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.locator('[data-reason="PROOF_APPROVED"]')).toHaveText(m.reasons.PROOF_APPROVED);
    });

    test('a grey device shows the deadline in Astana time, the days left and what to prepare', async ({ page }) => {
      // typed the way people do: with spaces and dashes
      const imei = demoDevice('grey-days-left').imei;
      const typed = `${imei.slice(0, 2)} ${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`;
      const result = await checkImei(page, locale, typed);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.GREY);
      await expect(result.getByTestId('check-importLegality')).toHaveAttribute('data-outcome', 'PENDING');
      await expect(result.getByTestId('days-left')).toHaveText(locale === 'kk' ? '18 күн қалды' : 'Осталось 18 дней');
      const deadline = result.getByTestId('deadline');
      await expect(deadline).toContainText(locale === 'kk' ? 'Астана уақыты' : 'время Астаны');
      // the date is formatted on the server, in the page's language (browsers lack Kazakh formats)
      await expect(deadline).toContainText(locale === 'kk' ? /\d{4} ж\./ : /\d{4} г\./);
      await expect(result.locator('[data-reason="NOT_IN_IMPORT_DATA"]')).toHaveText(m.reasons.NOT_IN_IMPORT_DATA);
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.GREY);
      await expect(result.getByText(m.result.prepare.receipt)).toBeVisible();
    });

    test('a grey device never registered says the 30 days have not started', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('grey-not-started').imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('window-not-started')).toHaveText(fill(m.result.windowNotStarted, { days }));
      await expect(result.getByTestId('days-left')).toHaveCount(0);
    });

    test('a proof filed in time keeps the device grey past its deadline', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('grey-under-review').imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.locator('[data-reason="PROOF_UNDER_REVIEW"]')).toHaveText(m.reasons.PROOF_UNDER_REVIEW);
      await expect(result.getByTestId('under-review')).toHaveText(m.result.underReview);
    });

    test('a device on the GSMA blacklist is black, with the GSMA reason', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-gsma').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.BLACK);
      await expect(result.getByTestId('check-gsmaBlacklist')).toHaveAttribute('data-outcome', 'FAIL');
      // the real cause only (stolen), not the list of every cause the blacklist has
      await expect(result.locator('[data-reason="GSMA_BLACKLISTED"]')).toHaveText(`${m.reasons.GSMA_BLACKLISTED} ${fill(m.result.blacklistReasonsLabel, { reasons: m.blacklistReasons.stolen })}`);
      await expect(result.locator('[data-reason="GSMA_BLACKLISTED"]')).not.toContainText(m.blacklistReasons.lost);
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.GSMA);
    });

    test('a device whose 30 days ran out is black', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-expired').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.locator('[data-reason="GREY_PERIOD_EXPIRED"]')).toHaveText(fill(m.reasons.GREY_PERIOD_EXPIRED, { days }));
      await expect(result.getByTestId('check-importLegality')).toHaveAttribute('data-outcome', 'FAIL');
      await expect(result.getByTestId('expired')).toBeVisible();
    });

    test('an unknown TAC is black and shows no model', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-unknown-tac').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.locator('[data-reason="UNKNOWN_TAC"]')).toHaveText(m.reasons.UNKNOWN_TAC);
      await expect(result.getByTestId('device-unknown')).toHaveText(m.result.deviceUnknown);
    });

    test('a wrong check digit is flagged as you type and explained after checking', async ({ page }) => {
      await page.goto(`/${locale}`);
      const field = page.getByLabel(m.form.label, { exact: true });
      await field.pressSequentially(DEMO_WRONG_CHECK_DIGIT.slice(0, 14));
      await expect(page.getByText(fill(m.form.counter, { count: 14 }))).toBeVisible();
      await field.press(DEMO_WRONG_CHECK_DIGIT[14]);
      await expect(page.getByText(m.form.checkDigitWarning)).toBeVisible();
      await expect(field).toHaveAttribute('aria-describedby', /imei-warning/);
      await field.press('Enter');
      const result = page.getByTestId('result');
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.getByTestId('invalid-imei')).toContainText(m.result.invalidTitle);
      await expect(result.getByTestId('invalid-imei')).toContainText(m.result.invalidIfReal);
      await expect(result.locator('[data-reason="INVALID_CHECK_DIGIT"]')).toHaveText(m.reasons.INVALID_CHECK_DIGIT);
    });

    test('input that is not an IMEI gets a translated error tied to the field, and no result', async ({ page }) => {
      await page.goto(`/${locale}`);
      const field = page.getByLabel(m.form.label, { exact: true });
      await page.getByRole('button', { name: m.form.submit }).click();
      await expect(page.locator('#imei-error')).toHaveText(m.errors.IMEI_REQUIRED);
      await expect(field).toBeFocused();
      await expect(page.locator('#imei-error')).toHaveRole('alert');
      await field.fill('35209900176148A');
      await expect(page.locator('#imei-error')).toHaveText(m.errors.IMEI_NOT_DIGITS);
      await field.fill('3520990017614');
      await expect(page.locator('#imei-error')).toHaveText(m.errors.IMEI_WRONG_LENGTH);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAttribute('aria-describedby', /imei-error/);
      await field.press('Enter');
      await expect(page.getByTestId('result')).toHaveCount(0);
    });

    test('the page fits a 360 px phone without sideways scrolling', async ({ page }) => {
      await checkImei(page, locale, demoDevice('grey-days-left').imei);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
}
