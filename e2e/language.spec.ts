import { expect, test } from '@playwright/test';
import { MESSAGES } from './fixtures';

test.describe('languages', () => {
  test('/ goes to Kazakh by default', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/kk$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.kk.home.heading);
  });

  test('/ follows the browser language (Accept-Language)', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/ru$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.ru.home.heading);
    await context.close();
  });

  test('the language switch keeps the page and the choice is remembered', async ({ page }) => {
    await page.goto('/kk');
    await page.getByRole('link', { name: MESSAGES.kk.common.switchToLabel }).click();
    await expect(page).toHaveURL(/\/ru$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.ru.home.heading);
    // the cookie now wins over Accept-Language
    await page.goto('/');
    await expect(page).toHaveURL(/\/ru$/);

    await page.goto('/ru/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.ru.notFound.title);
    await page.getByRole('link', { name: MESSAGES.ru.common.switchToLabel }).click();
    await expect(page).toHaveURL(/\/kk\/no-such-page$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MESSAGES.kk.notFound.title);
  });

  test('the form is usable by keyboard alone', async ({ page }) => {
    await page.goto('/kk');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: MESSAGES.kk.common.skipToContent })).toBeFocused();
    await page.getByLabel(MESSAGES.kk.form.label, { exact: true }).focus();
    await page.keyboard.type('490154203237518');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: MESSAGES.kk.form.submit })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('result')).toBeVisible();
  });
});
