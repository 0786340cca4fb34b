import crypto from 'node:crypto';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { createTranslator } from 'use-intl/core';
import kk from '../messages/kk.json' with { type: 'json' };
import ru from '../messages/ru.json' with { type: 'json' };

export const LOCALES = ['kk', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const MESSAGES = { kk, ru } as const;

/** Browser contexts that have a client address of their own (X-Forwarded-For, trusted from loopback). */
const addressed = new WeakSet<BrowserContext>();

/** A random client address of this test's own, so the per-address limits of one test never meet another's. */
export function randomAddress(): string {
  return `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
}

/** Gives the page's browser context its own client address (e2e/support/apply-helpers.ts ownAddress). */
export async function claimOwnAddress(page: Page, address = randomAddress()): Promise<string> {
  await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': address });
  addressed.add(page.context());
  return address;
}

/**
 * Fills in the IMEI on the check page of `locale` and submits it; waits for the result card. A
 * test without an address of its own gets one here: the check page asks for the proof-of-work
 * challenge past 20 checks from one address, and the suite's tests would otherwise share 127.0.0.1.
 */
export async function checkImei(page: Page, locale: Locale, imei: string) {
  const m = MESSAGES[locale];
  if (!addressed.has(page.context())) await claimOwnAddress(page);
  await page.goto(`/${locale}`);
  await page.getByLabel(m.form.label, { exact: true }).fill(imei);
  await page.getByRole('button', { name: m.form.submit }).click();
  const result = page.getByTestId('result');
  await expect(result).toBeVisible();
  await expect(page.getByRole('heading', { name: m.result.heading })).toBeFocused();
  return result;
}

/** A message (a dotted key) as the portal renders it, ICU plurals included. */
export function say(locale: Locale, key: string, values?: Record<string, string | number>): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
  return t(key, values);
}

/** A message with ICU arguments filled in the simplest way (no plurals). */
export function fill(text: string, values: Record<string, string | number>) {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
}
