import { expect, test, type Page } from '@playwright/test';
import { LOCALES, MESSAGES } from './fixtures';

/** The framework's own English pages: none of this may reach a person. */
const FRAMEWORK_ENGLISH =
  /could not be found|Application error|client-side exception|server-side exception|Internal Server Error|404:/i;

async function expectNotFoundPage(page: Page, locale: (typeof LOCALES)[number]) {
  const m = MESSAGES[locale];
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.notFound.title);
  await expect(page.getByText(m.notFound.text)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(FRAMEWORK_ENGLISH);
  await expect(page).not.toHaveTitle(FRAMEWORK_ENGLISH);
  await page.getByRole('link', { name: m.notFound.home }).click();
  await expect(page).toHaveURL(new RegExp(`/${locale}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.home.heading);
}

test.describe("error and not-found pages speak the reader's language", () => {
  for (const locale of LOCALES) {
    test.describe(locale, () => {
      test('an unknown page under the language is a translated 404', async ({ page }) => {
        const response = await page.goto(`/${locale}/no-such-page/at-all`);
        expect(response?.status()).toBe(404);
        await expectNotFoundPage(page, locale);
      });

      test('an unknown path outside the languages follows the language cookie', async ({
        page,
        context,
        baseURL,
      }) => {
        await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
        const response = await page.goto('/no-such-file.txt');
        expect(response?.status()).toBe(404);
        await expectNotFoundPage(page, locale);
      });

      test('without a cookie, it follows the browser language', async ({ browser, baseURL }) => {
        const context = await browser.newContext({
          baseURL,
          locale: locale === 'ru' ? 'ru-RU' : 'kk-KZ',
          viewport: { width: 360, height: 780 },
        });
        const page = await context.newPage();
        const response = await page.goto('/missing/image.png');
        expect(response?.status()).toBe(404);
        await expectNotFoundPage(page, locale);
        await context.close();
      });
    });
  }

  test('a browser asking for neither language gets Kazakh, the default', async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({
      baseURL,
      locale: 'en-US',
      viewport: { width: 360, height: 780 },
    });
    const page = await context.newPage();
    expect((await page.goto('/no-such-file.txt'))?.status()).toBe(404);
    await expectNotFoundPage(page, 'kk');
    await context.close();
  });
});
