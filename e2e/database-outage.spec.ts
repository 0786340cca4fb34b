import { expect, test, type APIRequestContext } from '@playwright/test';
import { demoDevice } from '../lib/demo-devices';
import { LOCALES, MESSAGES } from './fixtures';
import { lookUpStatus, ownAddress } from './support/apply-helpers';
import { DB_PROXY_URL, OUTAGE_INSTANCE_URL } from '../playwright.config';

// The database unreachable for 10 seconds, for one instance of the portal (port+6), whose
// connections pass through a proxy that this test cuts (e2e/support/db-proxy.ts): the shared
// database server keeps serving every other test. While it is cut, people read "temporarily
// unavailable" in their language, /api/ready answers 503 and the API 503 with Retry-After;
// once it is restored the same instance (no restart) answers again by itself.
const OUTAGE_MS = 10_000;
const DEMO_REFERENCE = 'CP56-78AA';
const DEMO_IIN = '950412400003';

async function proxy(request: APIRequestContext, what: 'cut' | 'restore') {
  const r = await request.post(`${DB_PROXY_URL}/${what}`);
  expect(r.status()).toBe(200);
}

test.describe('the database unreachable for 10 seconds', () => {
  // One proxy, one instance: the languages take turns.
  test.describe.configure({ mode: 'serial', timeout: 180_000 });

  for (const locale of LOCALES) {
    test(`${locale}: pages say so, ready and the API answer 503, and it recovers by itself`, async ({
      browser,
      request,
    }) => {
      const m = MESSAGES[locale];
      const white = demoDevice('white-import-record').imei;
      const context = await browser.newContext({ baseURL: OUTAGE_INSTANCE_URL });
      const page = await context.newPage();
      await ownAddress(page);
      const api = (path: string) =>
        request.get(`${OUTAGE_INSTANCE_URL}${path}`, {
          headers: { 'x-forwarded-for': '10.99.0.1' },
        });
      try {
        await expect
          .poll(async () => (await api('/api/ready')).status(), { timeout: 60_000 })
          .toBe(200);
        await page.goto(`/${locale}`);
        await page.getByLabel(m.form.label, { exact: true }).fill(white);

        await proxy(request, 'cut');
        const cutAt = Date.now();

        // the check form: a translated "temporarily unavailable", not a framework error
        await page.getByRole('button', { name: m.form.submit }).click();
        await expect(page.getByTestId('check-error')).toHaveText(m.errors.DATABASE_UNAVAILABLE);
        await expect(page.getByTestId('result')).toHaveCount(0);

        // a page that reads the database as it renders: its error boundary says the same
        const rendered = await context.newPage();
        await rendered.goto(`/${locale}/unsubscribe?t=outage-test-token`);
        const unavailable = rendered.getByTestId('service-unavailable');
        await expect(unavailable.getByRole('heading', { level: 1 })).toHaveText(
          m.serverError.unavailableTitle,
        );
        await expect(unavailable).toContainText(m.serverError.unavailableText);

        // the status lookup (its limits live in the database too)
        await lookUpStatus(page, locale, DEMO_REFERENCE, DEMO_IIN);
        await expect(page.getByTestId('status-problem')).toHaveText(m.errors.DATABASE_UNAVAILABLE);

        // machines: the readiness probe and the API
        const ready = await api('/api/ready');
        expect(ready.status()).toBe(503);
        expect(await ready.json()).toMatchObject({
          status: 'not-ready',
          code: 'DATABASE_UNREACHABLE',
        });
        const answer = await api(`/api/v1/imei/${white}`);
        expect(answer.status()).toBe(503);
        expect(answer.headers()['content-type']).toContain('application/problem+json');
        expect(Number(answer.headers()['retry-after'])).toBeGreaterThan(0);
        expect(await answer.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });

        // the outage lasts 10 seconds in all, and the instance still says so at its end
        await page.waitForTimeout(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
        expect((await api('/api/ready')).status()).toBe(503);

        await proxy(request, 'restore');

        // back by itself: no restart, the pools open new connections (a bounded wait, polled)
        await expect
          .poll(async () => (await api('/api/ready')).status(), { timeout: 60_000 })
          .toBe(200);
        await expect
          .poll(async () => (await api(`/api/v1/imei/${white}`)).status(), { timeout: 60_000 })
          .toBe(200);
        expect(await (await api(`/api/v1/imei/${white}`)).json()).toMatchObject({ list: 'WHITE' });

        // the error page's "try again" shows the page itself
        await unavailable.getByRole('button', { name: m.serverError.retry }).click();
        await expect(rendered.getByTestId('unsubscribe-unknown')).toHaveText(
          m.watch.unsubscribeUnknown,
        );

        // the status lookup and the check form work again
        await lookUpStatus(page, locale, DEMO_REFERENCE, DEMO_IIN);
        await expect(page.getByTestId('application-status')).toBeVisible();
        await page.goto(`/${locale}`);
        await page.getByLabel(m.form.label, { exact: true }).fill(white);
        await page.getByRole('button', { name: m.form.submit }).click();
        await expect(page.getByTestId('result')).toHaveAttribute('data-list', 'WHITE');
      } finally {
        await request.post(`${DB_PROXY_URL}/restore`).catch(() => undefined);
        await context.close();
      }
    });
  }
});
