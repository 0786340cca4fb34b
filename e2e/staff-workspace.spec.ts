import { expect, test, type Page } from '@playwright/test';
import { MESSAGES, type Locale } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  continueToReview,
  decide,
  fillApplication,
  JPEG,
  PDF,
  send,
} from './support/apply-helpers';
import { insertApplication } from './support/notify-helpers';
import { STAFF, formReady, signInOk } from './support/staff-helpers';
import { query } from './support/db';

// The staff workspace at desktop width (issue 9, items 10 to 12).
test.use({ viewport: { width: 1280, height: 900 } });
// Each test files an application and signs staff in (scrypt at full cost): generous on a busy machine.
test.describe.configure({ timeout: 300_000 });

// Each test files for its own device of the e2e set (500..539, shifted on a retry).
async function fileApplication(
  page: Page,
  locale: Locale,
  k: number,
): Promise<{ reference: string; imei: string }> {
  const imei = e2eImei(500 + k + 40 * test.info().retry);
  await page.goto(`/${locale}/apply?imei=${imei}`);
  await fillApplication(page, locale);
  await continueToReview(page, locale);
  return { reference: await send(page, locale), imei };
}

for (const [li, locale] of (['kk', 'ru'] as const).entries()) {
  const m = MESSAGES[locale];
  const a = m.admin;

  test(`the staff area has its own menu, on the sign-in page too (${locale})`, async ({ page }) => {
    await page.goto(`/${locale}/admin/sign-in`);
    await expect(page.getByRole('navigation', { name: m.common.mainNav })).toHaveCount(0);
    const menu = page.getByRole('navigation', { name: a.menu });
    await expect(menu.getByRole('link', { name: a.signInTitle })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await signInOk(page, locale, STAFF.admin);
    await expect(page.getByRole('navigation', { name: m.common.mainNav })).toHaveCount(0);
    await expect(menu.getByRole('link')).toHaveText([
      a.navQueue,
      a.navAudit,
      a.navFeeds,
      a.navOutbox,
      a.navApiClients,
      a.navStaff,
    ]);
    await expect(menu.getByRole('link', { name: a.navQueue })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await menu.getByRole('link', { name: a.navAudit }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.auditTitle);
    await expect(menu.getByRole('link', { name: a.navAudit })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page).toHaveTitle(new RegExp(`^${a.auditTitle} — ${a.areaName}`));
    await expect(menu.getByRole('link', { name: a.navQueue })).not.toHaveAttribute(
      'aria-current',
      /.*/,
    );
  });

  test(`queue: the applicant's name, the age in words, filters in the address without personal data (${locale})`, async ({
    page,
    browser,
  }) => {
    const { reference } = await fileApplication(page, locale, li * 10 + 1);
    const staff = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await signInOk(staff, locale, STAFF.support);
    await expect(staff.getByRole('navigation', { name: a.menu }).getByRole('link')).toHaveText([
      a.navQueue,
      a.navOutbox,
    ]);
    const filters = staff.getByTestId('queue-filters');
    await filters.getByLabel(a.filterAge).selectOption('today');
    await filters.getByLabel(a.possession).selectOption('notProven');
    await filters.getByLabel(a.sortLabel).selectOption('newest');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(staff).toHaveURL(/[?&]age=today/);
    expect(staff.url()).toContain('sort=newest');
    expect(staff.url()).not.toContain(APPLICANT.iin);
    await expect(filters.getByLabel(a.filterAge)).toHaveValue('today');
    const row = staff.getByTestId('queue').locator(`tr[data-reference="${reference}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('applicant-name')).toHaveText(APPLICANT.fullName);
    await expect(row.getByTestId('age')).toHaveText(locale === 'kk' ? 'бүгін' : 'сегодня');
    // the reference stays on one line
    const link = row.getByRole('link', { name: reference });
    expect(await link.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');

    // filed yesterday (Astana calendar): "yesterday", and no longer among today's
    await query(
      `UPDATE applications SET "filedAt" = "filedAt" - interval '1 day' WHERE reference = $1`,
      [reference],
    );
    await staff.reload();
    await expect(row).toHaveCount(0);
    await filters.getByLabel(a.filterAge).selectOption('days1to3');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(row.getByTestId('age')).toHaveText(locale === 'kk' ? 'кеше' : 'вчера');
    // three days ago, in words with the plural
    await query(
      `UPDATE applications SET "filedAt" = "filedAt" - interval '2 days' WHERE reference = $1`,
      [reference],
    );
    await staff.reload();
    await expect(row.getByTestId('age')).toHaveText(
      locale === 'kk' ? '3 күн бұрын' : '3 дня назад',
    );
    // a status filter: approved only, the open application is not there
    await filters.getByLabel(a.colStatus).selectOption('APPROVED');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(staff).toHaveURL(/[?&]status=APPROVED/);
    await expect(row).toHaveCount(0);
  });

  test(`application page: documents beside the data and the decision, one audit entry per document opened, approve asks first (${locale})`, async ({
    page,
    browser,
  }) => {
    const { reference } = await fileApplication(page, locale, li * 10 + 2);
    const staff = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await signInOk(staff, locale, STAFF.support);
    const views = async () =>
      (
        await query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM audit_log WHERE action = 'DOCUMENT_VIEWED' AND target = $1`,
          [reference],
        )
      )[0].n;
    await staff.goto(`/${locale}/admin/applications/${reference}`);
    const viewer = staff.getByTestId('document-viewer');
    await expect(viewer).toHaveAttribute('data-ready', 'true');
    // the first document is shown, the second is not loaded: one view recorded, not two
    await expect(viewer.getByTestId('document')).toHaveCount(1);
    await expect.poll(views).toBe(1);
    // documents, the applicant's data and the decision all in view at once
    await expect(viewer.getByTestId('document').locator('iframe')).toBeInViewport();
    await expect(staff.getByText(APPLICANT.fullName)).toBeInViewport();
    await expect(
      staff.getByTestId('approve').getByRole('button', { name: a.approve }),
    ).toBeInViewport();

    const position = viewer.getByTestId('document-position');
    const pos = (i: number) =>
      a.documentPosition.replace('{index}', String(i)).replace('{count}', '2');
    await expect(position).toHaveText(pos(1));
    await viewer.getByRole('button', { name: a.nextDocument }).click();
    await expect(position).toHaveText(pos(2));
    await expect(viewer.locator('figure[data-testid="document"]:not([hidden])')).toContainText(
      JPEG.name,
    );
    await expect.poll(views).toBe(2);
    // shortcuts: with a modifier only
    await staff.locator('h1').click();
    await staff.keyboard.press('ArrowLeft');
    await expect(position).toHaveText(pos(2));
    await staff.keyboard.press('Alt+Shift+ArrowLeft');
    await expect(position).toHaveText(pos(1));
    await expect(viewer.locator('figure[data-testid="document"]:not([hidden])')).toContainText(
      PDF.name,
    );
    await staff.keyboard.press('Alt+Shift+ArrowRight');
    await expect(position).toHaveText(pos(2));
    // going back and forth opens nothing new
    expect(await views()).toBe(2);
    // and they can be turned off
    await viewer.getByLabel(a.documentShortcuts).uncheck();
    await staff.locator('h1').click();
    await staff.keyboard.press('Alt+Shift+ArrowLeft');
    await expect(position).toHaveText(pos(2));

    // approve asks first; "cancel" decides nothing
    await formReady(staff, 'approve');
    await staff.getByTestId('approve').getByRole('button', { name: a.approve }).click();
    const confirm = staff.getByTestId('approve-confirm');
    await expect(confirm).toContainText(reference);
    await expect(confirm.getByRole('paragraph')).toBeFocused();
    await confirm.getByRole('button', { name: a.cancel }).click();
    await expect(confirm).toHaveCount(0);
    await expect(staff.getByTestId('application-state')).toHaveAttribute(
      'data-status',
      'SUBMITTED',
    );
    await staff.getByTestId('approve').getByRole('button', { name: a.approve }).click();
    await confirm.getByRole('button', { name: a.approveYes }).click();
    await expect(staff.getByTestId('application-state')).toHaveAttribute(
      'data-status',
      'APPROVED',
      { timeout: 40_000 },
    );
  });

  test(`audit log: in words, filtered, paged, its table reachable by keyboard (${locale})`, async ({
    page,
  }) => {
    const { reference } = await insertApplication({
      imei: e2eImei(520 + li * 5 + 40 * test.info().retry),
      locale,
      phone: `+7701555${String(1000 + li).slice(-4)}`,
      email: null,
    });
    decide(reference, 'reject', '--reason', 'DOCUMENTS_MISMATCH');
    await query(
      `INSERT INTO audit_log (at, "actorId", "actorEmail", action, target, details, ip) VALUES (now(), NULL, 'support@e2e.test', 'DOCUMENT_VIEWED', $1, 'document 4 (application/pdf)', '::ffff:10.1.2.3')`,
      [reference],
    );
    await signInOk(page, locale, STAFF.admin);
    await page.goto(`/${locale}/admin/audit`);
    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel(a.colTarget, { exact: true }).fill(reference);
    await filters.getByRole('button', { name: a.show }).click();
    await expect(page).toHaveURL(new RegExp(`target=${reference}`));
    const log = page.getByTestId('audit-log');
    await expect(log.locator('tbody tr')).toHaveCount(2);
    const decided = log.locator('tr[data-action="APPLICATION_DECIDED"]');
    await expect(decided).toContainText(
      `${m.status.statuses.REJECTED}: ${m.rejectionReasons.DOCUMENTS_MISMATCH}`,
    );
    await expect(decided).toContainText(a.auditActors.cli);
    const viewed = log.locator('tr[data-action="DOCUMENT_VIEWED"]');
    await expect(viewed).toContainText(
      a.auditDetails.document.replace('{id}', '4').replace('{type}', 'PDF'),
    );
    await expect(viewed).toContainText('10.1.2.3');
    await expect(log).not.toContainText('::ffff:');
    await expect(log).not.toContainText('DOCUMENTS_MISMATCH');
    await expect(log).not.toContainText('application/pdf');
    // by action, by actor, by date
    await filters.getByLabel(a.colWhat, { exact: true }).selectOption('DOCUMENT_VIEWED');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(log.locator('tbody tr')).toHaveCount(1);
    await expect(log.locator('tbody tr')).toHaveAttribute('data-action', 'DOCUMENT_VIEWED');
    await filters.getByLabel(a.colWhat, { exact: true }).selectOption('');
    await filters.getByLabel(a.colWho, { exact: true }).selectOption('cli');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(log.locator('tbody tr')).toHaveCount(1);
    await expect(log.locator('tbody tr')).toHaveAttribute('data-action', 'APPLICATION_DECIDED');
    await filters.getByLabel(a.colWho, { exact: true }).selectOption('');
    await filters.getByLabel(a.auditTo, { exact: true }).fill('2025-01-01');
    await filters.getByRole('button', { name: a.show }).click();
    await expect(page).toHaveURL(/to=2025-01-01/);
    await expect(log.locator('tbody tr')).toHaveCount(0);
    // paging: 55 entries for one target, 50 a page, the filters kept
    const target = `paging-${locale}-${test.info().retry}-${Date.now()}`;
    await query(
      `INSERT INTO audit_log (at, "actorId", "actorEmail", action, target, ip) SELECT now() - (g || ' seconds')::interval, NULL, 'cli', 'FEED_IMPORTED', $1, NULL FROM generate_series(1, 55) g`,
      [`tac ${target}.csv`],
    );
    await page.goto(`/${locale}/admin/audit?target=${target}`);
    await expect(log.locator('tbody tr')).toHaveCount(50);
    await expect(log.locator('tbody tr').first()).toContainText(
      `${a.feedKinds.tac} · ${target}.csv`,
    );
    await page
      .getByRole('navigation', { name: a.pagination })
      .getByRole('link', { name: a.next })
      .click();
    await expect(page).toHaveURL(/page=2/);
    await expect(log.locator('tbody tr')).toHaveCount(5);
    // the scroll region around the table can be reached and is named
    const region = page.getByRole('region', { name: a.auditTitle });
    await region.focus();
    await expect(region).toBeFocused();
  });
}
