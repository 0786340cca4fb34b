/**
 * The security headers (lib/domain/security-headers.ts, proxy.ts, next.config.ts): every public
 * page and every staff page, in kk and ru, carries a Content-Security-Policy with a fresh nonce
 * and no inline scripts, and still works under it: no violation is reported, the forms hydrate.
 * The machine interfaces get a policy that allows nothing; staff documents may be framed by the
 * staff application page only.
 */
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';
import { LOCALES, MESSAGES, checkImei } from './fixtures';
import { demoDevice } from '../lib/demo-devices';
import { e2eImei } from './support/e2e-devices';
import { continueToReview, fillApplication, send } from './support/apply-helpers';
import { STAFF, formReady, signInOk } from './support/staff-helpers';

/** Collects every CSP or Permissions-Policy complaint the page (or a frame in it) reports. */
async function watchPolicies(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (
      /Refused to|Content[- ]Security[- ]Policy|Permissions-Policy|Unrecognized feature/i.test(text)
    )
      problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Refused to (securitypolicyviolation) ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}

function directives(policy: string | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const d of (policy ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, ...values] = d.split(/\s+/);
    m.set(name, values);
  }
  return m;
}

function expectPageHeaders(res: Response | APIResponse | null) {
  expect(res, 'a response').not.toBeNull();
  const h = res!.headers();
  const csp = directives(h['content-security-policy']);
  const script = csp.get('script-src') ?? [];
  expect(script).toContain("'strict-dynamic'");
  expect(script.some((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s))).toBe(true);
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(h['permissions-policy']).toMatch(/(^|, )camera=\(\)/);
  expect(h['permissions-policy']).toMatch(/(^|, )microphone=\(\)/);
  expect(h['permissions-policy']).toMatch(/(^|, )geolocation=\(\)/);
  expect(h['permissions-policy']).toMatch(/(^|, )payment=\(\)/);
  expect(h['cross-origin-opener-policy']).toBe('same-origin');
  expect(h['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-frame-options']).toBe('DENY');
  return script.find((s) => s.startsWith("'nonce-"))!;
}

test.describe('security headers', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const locale of LOCALES) {
    test(`every public page carries the policy, reports no violation and works (${locale})`, async ({
      page,
    }) => {
      const problems = await watchPolicies(page);
      const nonces = new Set<string>();
      for (const path of [
        '',
        '/apply',
        '/status',
        '/my',
        '/unsubscribe?t=not-a-token',
        '/apply/done',
        '/no-such-page',
      ]) {
        const res = await page.goto(`/${locale}${path}`);
        const nonce = expectPageHeaders(res).slice("'nonce-".length, -1);
        nonces.add(nonce);
        // every script in the HTML carries this request's nonce (the page was rendered for it);
        // the chunks those scripts load later are trusted through 'strict-dynamic'
        const html = await res!.text();
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
      }
      // a fresh nonce for every request
      expect(nonces.size).toBe(7);
      // the page hydrates and its server action answers under the policy
      const result = await checkImei(page, locale, demoDevice('white-import-record').imei);
      await expect(result).toBeVisible();
      expect(problems).toEqual([]);
    });

    test(`every staff page carries the policy, reports no violation and works; documents are framed by our page only (${locale})`, async ({
      page,
    }) => {
      const problems = await watchPolicies(page);
      // an application with documents, filed through the form (also proves the apply form works under the policy)
      const imei = e2eImei((locale === 'kk' ? 590 : 595) + test.info().retry);
      await page.goto(`/${locale}/apply?imei=${imei}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      const reference = await send(page, locale);

      const res = await page.goto(`/${locale}/admin/sign-in`);
      expectPageHeaders(res);
      await formReady(page, 'sign-in');
      await signInOk(page, locale, STAFF.admin);
      for (const path of [
        '/admin',
        '/admin/api-clients',
        '/admin/audit',
        '/admin/feeds',
        '/admin/outbox',
        '/admin/staff',
        '/admin/forbidden',
        `/admin/devices/${demoDevice('grey-days-left').imei}`,
      ]) {
        expectPageHeaders(await page.goto(`/${locale}${path}`));
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      }
      expectPageHeaders(await page.goto(`/${locale}/admin/applications/${reference}`));
      await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
      const frame = page.locator('iframe.document-frame').first();
      await expect(frame).toBeAttached();
      const src = await frame.getAttribute('src');
      const doc = await page.request.get(src!);
      expect(doc.status()).toBe(200);
      const docPolicy = directives(doc.headers()['content-security-policy']);
      expect(docPolicy.get('frame-ancestors')).toEqual(["'self'"]);
      expect(docPolicy.get('default-src')).toEqual(["'none'"]);
      expect(doc.headers()['x-frame-options']).toBe('SAMEORIGIN');
      // give the frames time to load; a refused frame is reported on the console
      await page.waitForLoadState('load');
      await expect(
        page.getByRole('button', { name: MESSAGES[locale].admin.signOut }),
      ).toBeVisible();
      expect(problems).toEqual([]);
    });
  }

  test('the machine interfaces get a policy that allows nothing; a page cannot be framed by another site', async ({
    request,
  }) => {
    for (const path of [
      `/api/v1/imei/${demoDevice('white-import-record').imei}`,
      '/api/health',
      '/api/openapi.json',
      '/api/v1/imei/12',
    ]) {
      const res = await request.get(path);
      const csp = directives(res.headers()['content-security-policy']);
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(res.headers()['x-content-type-options']).toBe('nosniff');
      expect(res.headers()['permissions-policy']).toContain('camera=()');
    }
  });
});
