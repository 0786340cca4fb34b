import { expect, type Page } from '@playwright/test';
import kk from '../messages/kk.json' with { type: 'json' };
import ru from '../messages/ru.json' with { type: 'json' };

export const LOCALES = ['kk', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const MESSAGES = { kk, ru } as const;

/** Fills in the IMEI on the check page of `locale` and submits it; waits for the result card. */
export async function checkImei(page: Page, locale: Locale, imei: string) {
  const m = MESSAGES[locale];
  await page.goto(`/${locale}`);
  await page.getByLabel(m.form.label, { exact: true }).fill(imei);
  await page.getByRole('button', { name: m.form.submit }).click();
  const result = page.getByTestId('result');
  await expect(result).toBeVisible();
  await expect(page.getByRole('heading', { name: m.result.heading })).toBeFocused();
  return result;
}

/** A message with ICU arguments filled in the simplest way (no plurals). */
export function fill(text: string, values: Record<string, string | number>) {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}
