import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { MESSAGES, fill, type Locale } from './fixtures';
import { STAFF, formReady, signInOk } from './support/staff-helpers';
import { query } from './support/db';
import type { Page } from '@playwright/test';

const TOKEN = /^kzimei_[A-Za-z0-9_-]{43}$/;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openApiClients(page: Page, locale: Locale) {
  const a = MESSAGES[locale].admin;
  await signInOk(page, locale, STAFF.admin);
  await page
    .getByRole('navigation', { name: a.menu })
    .getByRole('link', { name: a.navApiClients })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.apiClientsTitle);
  await formReady(page, 'create-api-client');
  return page.getByTestId('create-api-client');
}

test.describe('API clients', () => {
  // Admin tests sign in (scrypt at OWASP's cost) and wait for server actions on a shared machine.
  test.describe.configure({ timeout: 180_000 });
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  // kk: a mobile operator's client; ru: a supplier's.
  for (const locale of ['kk', 'ru'] as const) {
    test(`an admin creates a client, sees its token once, and revokes it (${locale})`, async ({
      page,
    }) => {
      const m = MESSAGES[locale];
      const a = m.admin;
      const name = `E2E ${locale} ${Date.now().toString(36)}-${test.info().retry}`;
      const form = await openApiClients(page, locale);

      // a problem is shown on its field, described by it, and focused
      await form.getByLabel(a.clientName).fill(name);
      if (locale === 'kk') {
        await form.getByLabel(a.apiScopes.eir).check();
        await form.getByRole('button', { name: a.createClient }).click();
        const operator = form.getByLabel(a.operatorLabel);
        await expect(operator).toHaveAttribute('aria-invalid', 'true');
        await expect(operator).toHaveAccessibleDescription(
          new RegExp(escape(m.errors.OPERATOR_REQUIRED)),
        );
        await expect(operator).toBeFocused();
        await operator.fill('Beeline');
        await form.getByLabel(a.apiScopes.lists).check();
      } else {
        await form.getByLabel(a.apiScopes.legality).check();
        await form.getByRole('button', { name: a.createClient }).click();
        const supplier = form.getByLabel(a.supplierLabel);
        await expect(supplier).toHaveAttribute('aria-invalid', 'true');
        await expect(supplier).toHaveAccessibleDescription(
          new RegExp(escape(m.errors.SUPPLIER_REQUIRED)),
        );
        await expect(supplier).toBeFocused();
        await supplier.selectOption('importer');
        await form.getByLabel(a.organisationLabel).fill('ТОО «Альфа Импорт»');
      }
      await form.getByRole('button', { name: a.createClient }).click();

      // the token, once, in a marked box with a warning and a copy button
      const box = page.getByTestId('api-client-token-box');
      await expect(box.getByRole('heading', { level: 2 })).toHaveText(fill(a.tokenTitle, { name }));
      await expect(box.getByRole('heading', { level: 2 })).toBeFocused();
      await expect(box).toContainText(a.tokenWarning);
      const token = ((await box.getByTestId('api-client-token').textContent()) ?? '').trim();
      expect(token).toMatch(TOKEN);
      await box.getByRole('button', { name: a.copyToken }).click();
      await expect(box.getByRole('status')).toHaveText(a.tokenCopied);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      expect(page.url()).not.toContain(token.slice(7));

      // it authenticates: the stored hash is the SHA-256 of the token shown (and nothing else is stored)
      const [stored] = await query<{ tokenHash: string; createdBy: string; json: string }>(
        'SELECT "tokenHash", "createdBy", row_to_json(c)::text AS json FROM api_clients c WHERE name = $1',
        [name],
      );
      expect(stored.tokenHash).toBe(sha256(token));
      expect(stored.createdBy).toBe(STAFF.admin.email);
      expect(stored.json).not.toContain(token.slice(7));

      // the table: who, what, never used, active (text and icon)
      const row = page.locator(`tr[data-client="${name}"]`);
      await expect(row).toHaveAttribute('data-state', 'active');
      await expect(row.getByTestId('client-state')).toHaveText(a.clientActive);
      await expect(row.getByTestId('client-state').locator('svg')).toHaveCount(1);
      await expect(row).toContainText(a.neverUsed);
      await expect(row).toContainText(STAFF.admin.email);
      await expect(row).toContainText(
        locale === 'kk'
          ? fill(a.operatorOf, { operator: 'Beeline' })
          : fill(a.supplierOf, { source: a.sources.importer, organisation: 'ТОО «Альфа Импорт»' }),
      );

      // reloaded: the token is gone for good
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.apiClientsTitle);
      await expect(page.getByTestId('api-client-token-box')).toHaveCount(0);
      expect(await page.content()).not.toContain(token.slice(7));

      // revoking asks first; cancelling changes nothing
      await row.getByRole('button', { name: a.revoke }).click();
      const confirm = row.getByRole('group');
      await expect(confirm).toContainText(fill(a.revokeConfirm, { name }));
      await confirm.getByRole('button', { name: a.cancel }).click();
      await expect(row.getByRole('button', { name: a.revoke })).toBeFocused();
      await expect(row).toHaveAttribute('data-state', 'active');
      await row.getByRole('button', { name: a.revoke }).click();
      await row.getByRole('button', { name: a.revokeYes }).click();
      await expect(row).toHaveAttribute('data-state', 'revoked');
      await expect(row.getByTestId('client-state')).toContainText(
        a.clientRevokedOn.split('{date}')[0].trim(),
      );
      await expect(row.getByRole('button', { name: a.revoke })).toHaveCount(0);
      const [after] = await query<{ revokedAt: Date | null }>(
        'SELECT "revokedAt" FROM api_clients WHERE name = $1',
        [name],
      );
      expect(after.revokedAt).not.toBeNull();
      const audits = await query<{ action: string }>(
        'SELECT action FROM audit_log WHERE target = $1 ORDER BY id',
        [name],
      );
      expect(audits.map((x) => x.action)).toEqual(['API_CLIENT_CREATED', 'API_CLIENT_REVOKED']);
    });
  }

  test('keyboard only: create a client, copy its token, revoke it', async ({ page }) => {
    const a = MESSAGES.ru.admin;
    const name = `E2E keys ${Date.now().toString(36)}-${test.info().retry}`;
    const form = await openApiClients(page, 'ru');
    await form.getByLabel(a.clientName).focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab'); // eir
    await page.keyboard.press('Tab'); // registrations
    await page.keyboard.press('Tab'); // legality
    await page.keyboard.press('Tab'); // lists
    await expect(form.getByLabel(a.apiScopes.lists)).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // operator
    await page.keyboard.press('Tab'); // supplier
    await page.keyboard.press('Tab'); // organisation
    await page.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: a.createClient })).toBeFocused();
    await page.keyboard.press('Enter');
    const box = page.getByTestId('api-client-token-box');
    await expect(box.getByRole('heading', { level: 2 })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(box.getByRole('button', { name: a.copyToken })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(box.getByRole('status')).toHaveText(a.tokenCopied);
    const token = ((await box.getByTestId('api-client-token').textContent()) ?? '').trim();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // "I have stored it": the box goes
    await expect(box).toHaveCount(0);
    const row = page.locator(`tr[data-client="${name}"]`);
    await row.getByRole('button', { name: a.revoke }).focus();
    await page.keyboard.press('Enter');
    await expect(row.getByRole('group').getByText(fill(a.revokeConfirm, { name }))).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(row.getByRole('button', { name: a.revokeYes })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(row).toHaveAttribute('data-state', 'revoked');
  });

  test('a name that is taken is refused on its field', async ({ page }) => {
    const m = MESSAGES.ru;
    const name = `E2E taken ${Date.now().toString(36)}-${test.info().retry}`;
    await query(
      `INSERT INTO api_clients (name, scopes, "tokenHash", "createdAt", "createdBy") VALUES ($1, '{lists}', $2, now(), 'cli')`,
      [name, sha256(name)],
    );
    const form = await openApiClients(page, 'ru');
    await form.getByLabel(m.admin.clientName).fill(name);
    await form.getByLabel(m.admin.apiScopes.lists).check();
    await form.getByRole('button', { name: m.admin.createClient }).click();
    const field = form.getByLabel(m.admin.clientName);
    await expect(field).toHaveAccessibleDescription(new RegExp(escape(m.errors.NAME_TAKEN)));
    await expect(field).toBeFocused();
    await expect(page.getByTestId('api-client-token-box')).toHaveCount(0);
  });

  test('a support user cannot reach the API clients', async ({ page }) => {
    await signInOk(page, 'kk', STAFF.support);
    await expect(page.getByRole('link', { name: MESSAGES.kk.admin.navApiClients })).toHaveCount(0);
    for (const locale of ['kk', 'ru'] as const) {
      await page.goto(`/${locale}/admin/api-clients`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        MESSAGES[locale].admin.forbiddenTitle,
      );
      await expect(page.getByTestId('create-api-client')).toHaveCount(0);
    }
  });

  test('a direct POST to the create action without a session creates nothing', async ({
    page,
    playwright,
  }) => {
    const a = MESSAGES.kk.admin;
    const form = await openApiClients(page, 'kk');
    let captured: { url: string; headers: Record<string, string>; body: Buffer | null } | null =
      null;
    await page.route('**/admin/api-clients', async (route) => {
      const r = route.request();
      if (r.method() === 'POST') {
        captured = { url: r.url(), headers: r.headers(), body: r.postDataBuffer() };
        await route.abort();
      } else await route.continue();
    });
    await form.getByLabel(a.clientName).fill('intruder client');
    await form.getByLabel(a.apiScopes.lists).check();
    await form.getByRole('button', { name: a.createClient }).click();
    await expect.poll(() => captured).not.toBeNull();
    const anonymous = await playwright.request.newContext();
    const { cookie: _cookie, ...headers } = captured!.headers;
    void _cookie;
    const res = await anonymous.post(captured!.url, { headers, data: captured!.body! });
    expect(res.status()).toBeLessThan(500);
    const text = await res.text();
    expect(text).toContain('UNAUTHORIZED');
    expect(text).not.toMatch(/kzimei_/);
    await anonymous.dispose();
    const [n] = await query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM api_clients WHERE name = $1',
      ['intruder client'],
    );
    expect(n.n).toBe(0);
  });
});
