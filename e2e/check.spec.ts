import { expect, test } from '@playwright/test';
import { DEMO_WRONG_CHECK_DIGIT, demoDevice } from '../lib/demo-devices';
import { LOCALES, MESSAGES, checkImei, fill } from './fixtures';

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const days = 30;

  test.describe(`the IMEI check (${locale})`, () => {
    test('a white device by supplier record shows the white list, the checks and the model', async ({
      page,
    }) => {
      const d = demoDevice('white-import-record');
      const result = await checkImei(page, locale, d.imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.WHITE);
      await expect(result.getByTestId('check-authenticity')).toHaveAttribute(
        'data-outcome',
        'PASS',
      );
      await expect(result.getByTestId('check-gsmaBlacklist')).toHaveAttribute(
        'data-outcome',
        'PASS',
      );
      await expect(result.getByTestId('check-importLegality')).toContainText(m.result.outcome.PASS);
      await expect(result.locator('[data-reason="IMPORT_RECORD"]')).toHaveText(
        m.reasons.IMPORT_RECORD,
      );
      await expect(result.getByTestId('device')).toHaveText('Samsung Galaxy A55 5G');
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.WHITE);
      await expect(result.getByTestId('grey-window')).toHaveCount(0);
    });

    test('a grandfathered device is white', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('white-grandfathered').imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      // the checks and reasons are folded under the answer
      await expect(result.locator('[data-reason="GRANDFATHERED"]')).toBeHidden();
      await result.getByText(m.result.detailsSummary).click();
      await expect(result.locator('[data-reason="GRANDFATHERED"]')).toBeVisible();
    });

    test('a device whose proof was approved is white', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('white-proof-approved').imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.locator('[data-reason="PROOF_APPROVED"]')).toHaveText(
        m.reasons.PROOF_APPROVED,
      );
    });

    test('a grey device shows the deadline in Astana time, the days left and what to prepare', async ({
      page,
    }) => {
      // typed the way people do: with spaces and dashes
      const imei = demoDevice('grey-days-left').imei;
      const typed = `${imei.slice(0, 2)} ${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`;
      const result = await checkImei(page, locale, typed);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.GREY);
      await expect(result.getByTestId('check-importLegality')).toHaveAttribute(
        'data-outcome',
        'PENDING',
      );
      await expect(result.getByTestId('days-left')).toHaveText(
        locale === 'kk' ? '18 күн қалды' : 'Осталось 18 дней',
      );
      const deadline = result.getByTestId('deadline');
      await expect(deadline).toContainText(locale === 'kk' ? 'Астана уақыты' : 'время Астаны');
      // the date is formatted on the server, in the page's language (browsers lack Kazakh formats)
      await expect(deadline).toContainText(locale === 'kk' ? /\d{4} ж\./ : /\d{4} г\./);
      await expect(result.locator('[data-reason="NOT_IN_IMPORT_DATA"]')).toHaveText(
        m.reasons.NOT_IN_IMPORT_DATA,
      );
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.GREY);
      await result.getByText(m.result.prepareSummary).click();
      await expect(result.getByText(m.result.prepare.receipt)).toBeVisible();
      await expect(result.getByTestId('apply-link')).toBeVisible();
    });

    test('on a 360 × 780 phone the answer, the deadline and the next action are on the first screen', async ({
      page,
    }) => {
      const result = await checkImei(page, locale, demoDevice('grey-days-left').imei);
      for (const id of ['verdict', 'deadline', 'days-left', 'next-step', 'apply-link']) {
        await expect(result.getByTestId(id), id).toBeInViewport({ ratio: 1 });
      }
      // the long parts are folded below
      await expect(result.getByTestId('details')).not.toHaveAttribute('open');
      await expect(result.getByTestId('check-authenticity')).toBeHidden();
    });

    test('a black device shows its answer and what to do on the first screen', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-gsma').imei);
      await expect(result.getByTestId('verdict')).toBeInViewport({ ratio: 1 });
      await expect(result.getByTestId('next-step')).toBeInViewport({ ratio: 1 });
    });

    test('a grey device never registered says the 30 days have not started', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('grey-not-started').imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.getByTestId('window-not-started')).toHaveText(
        fill(m.result.windowNotStarted, { days }),
      );
      await expect(result.getByTestId('days-left')).toHaveCount(0);
    });

    test('a proof filed in time keeps the device grey past its deadline', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('grey-under-review').imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await expect(result.locator('[data-reason="PROOF_UNDER_REVIEW"]')).toHaveText(
        m.reasons.PROOF_UNDER_REVIEW,
      );
      await expect(result.getByTestId('under-review')).toHaveText(m.result.underReview);
    });

    test('a device on the GSMA blacklist is black, with the GSMA reason', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-gsma').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.BLACK);
      await expect(result.getByTestId('check-gsmaBlacklist')).toHaveAttribute(
        'data-outcome',
        'FAIL',
      );
      // the real cause only (stolen), not the list of every cause the blacklist has
      await expect(result.locator('[data-reason="GSMA_BLACKLISTED"]')).toHaveText(
        `${m.reasons.GSMA_BLACKLISTED} ${fill(m.result.blacklistReasonsLabel, { reasons: m.blacklistReasons.stolen })}`,
      );
      await expect(result.locator('[data-reason="GSMA_BLACKLISTED"]')).not.toContainText(
        m.blacklistReasons.lost,
      );
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.GSMA);
    });

    test('a device whose 30 days ran out is black', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-expired').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.locator('[data-reason="GREY_PERIOD_EXPIRED"]')).toHaveText(
        fill(m.reasons.GREY_PERIOD_EXPIRED, { days }),
      );
      await expect(result.getByTestId('check-importLegality')).toHaveAttribute(
        'data-outcome',
        'FAIL',
      );
      await expect(result.getByTestId('expired')).toBeVisible();
    });

    test('an unknown TAC is black and shows no model', async ({ page }) => {
      const result = await checkImei(page, locale, demoDevice('black-unknown-tac').imei);
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result.locator('[data-reason="UNKNOWN_TAC"]')).toHaveText(m.reasons.UNKNOWN_TAC);
      await expect(result.getByTestId('device-unknown')).toHaveText(m.result.deviceUnknown);
      // first registered 5 days ago, but black: no grey countdown under the black list
      await expect(result.getByTestId('grey-window')).toHaveCount(0);
      await expect(result.getByTestId('days-left')).toHaveCount(0);
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.AUTHENTICITY);
    });

    test('a wrong check digit is flagged as you type and explained after checking', async ({
      page,
    }) => {
      await page.goto(`/${locale}`);
      const field = page.getByLabel(m.form.label, { exact: true });
      await field.pressSequentially(DEMO_WRONG_CHECK_DIGIT.slice(0, 14));
      await expect(page.getByText(fill(m.form.counter, { count: 14 }))).toBeVisible();
      await field.press(DEMO_WRONG_CHECK_DIGIT[14]);
      await expect(page.getByText(m.form.checkDigitWarning)).toBeVisible();
      await expect(field).toHaveAttribute('aria-describedby', /imei-warning/);
      await field.press('Enter');
      const result = page.getByTestId('result');
      // the verdict is still BLACK (as the API says), but the page opens with "check what you typed"
      await expect(result).toHaveAttribute('data-list', 'BLACK');
      await expect(result).toHaveAttribute('data-lead', 'CHECK_TYPING');
      const typing = result.getByTestId('check-typing');
      await expect(typing).toContainText(m.result.typoTitle);
      await expect(typing).toContainText(m.result.typoText);
      await expect(typing).toContainText('*#06#');
      await expect(typing).toBeInViewport({ ratio: 1 });
      // then: if the phone really shows this number, the black list and why
      await expect(result.getByTestId('typo-if-real')).toHaveText(m.result.typoIfReal);
      await expect(result.getByTestId('verdict')).toContainText(m.result.lists.BLACK);
      const typingBox = await typing.boundingBox();
      const verdictBox = await result.getByTestId('verdict').boundingBox();
      expect(typingBox!.y).toBeLessThan(verdictBox!.y);
      await expect(result.getByTestId('next-step')).toHaveText(m.result.next.CHECK_TYPING);
      // no model name and no "do not buy" for what is most likely a typo
      await expect(result.getByTestId('device')).toHaveCount(0);
      await expect(result).not.toContainText(m.result.next.AUTHENTICITY);
      await expect(result.locator('[data-reason="INVALID_CHECK_DIGIT"]')).toHaveText(
        m.reasons.INVALID_CHECK_DIGIT,
      );
      // "enter it again" takes the owner back to the field
      await result.getByTestId('check-again').click();
      await expect(field).toBeFocused();
    });

    test('input that is not an IMEI gets a translated error tied to the field, and no result', async ({
      page,
    }) => {
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

    test('every public page has its own title, the navigation marks the current page, and there is a favicon', async ({
      page,
    }) => {
      const site = m.meta.title;
      const pages: [string, string, string | null][] = [
        ['', site, m.common.navCheck],
        ['/apply', `${m.apply.title} · ${site}`, m.common.navApply],
        ['/status', `${m.status.title} · ${site}`, m.common.navStatus],
        ['/my', `${m.my.title} · ${site}`, m.common.navMy],
        ['/no-such-page', `${m.notFound.title} · ${site}`, null],
      ];
      const nav = page.getByRole('navigation', { name: m.common.mainNav });
      for (const [path, title, current] of pages) {
        await page.goto(`/${locale}${path}`);
        await expect(page).toHaveTitle(title);
        if (current)
          await expect(nav.getByRole('link', { name: current, exact: true })).toHaveAttribute(
            'aria-current',
            'page',
          );
        await expect(nav.locator('[aria-current="page"]')).toHaveCount(current ? 1 : 0);
      }
      expect(new Set(pages.map(([, title]) => title)).size).toBe(pages.length);
      const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
      expect(icon).toBeTruthy();
      const response = await page.request.get(icon!);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('image/svg+xml');
    });

    test('the page fits a 360 px phone without sideways scrolling', async ({ page }) => {
      await checkImei(page, locale, demoDevice('grey-days-left').imei);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
}
