import { expect, test, type Locator } from '@playwright/test';
import { MESSAGES, checkImei, say } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  continueToReview,
  fillApplication,
  lookUpStatus,
  send,
  PDF,
} from './support/apply-helpers';
import { STAFF, formReady, signIn, signInOk } from './support/staff-helpers';
import { query } from './support/db';
import type { Page } from '@playwright/test';

// Staff tests file their own applications, each for its own device of the e2e set (40..59,
// shifted on a retry so that a retried test never meets its own earlier application).
async function fileApplication(
  page: Page,
  locale: 'kk' | 'ru',
  slot: number,
): Promise<{ reference: string; imei: string }> {
  const imei = e2eImei(40 + slot + 200 * test.info().retry);
  await page.goto(`/${locale}/apply?imei=${imei}`);
  await fillApplication(page, locale);
  await continueToReview(page, locale);
  return { reference: await send(page, locale), imei };
}

/**
 * Presses a staff decision's button and waits for the application's new status. Known issue
 * (README): now and then a decision's server action is never sent in this suite; a person would
 * press again, and so does this, once, when nothing changed within 20 s. A second press of a
 * decision that did go through is refused by the server (already decided) and changes nothing.
 */
async function pressUntil(button: Locator, state: Locator, status: string, confirm?: Locator) {
  await button.click();
  if (confirm) await confirm.click();
  if (
    !(await expect(state)
      .toHaveAttribute('data-status', status, { timeout: 20_000 })
      .then(
        () => true,
        () => false,
      ))
  ) {
    await button.click();
    if (confirm) await confirm.click();
  }
  await expect(state).toHaveAttribute('data-status', status, { timeout: 40_000 });
}

/** Approve asks first: the button, then "Yes, approve". */
async function approve(page: Page, locale: 'kk' | 'ru') {
  const m = MESSAGES[locale].admin;
  await pressUntil(
    page.getByTestId('approve').getByRole('button', { name: m.approve }),
    page.getByTestId('application-state'),
    'APPROVED',
    page.getByTestId('approve-confirm').getByRole('button', { name: m.approveYes }),
  );
}

test.describe('support staff', () => {
  // Staff tests sign in several users (scrypt is deliberately slow) and file applications first.
  test.describe.configure({ timeout: 180_000 });

  test('sign-in, and a wrong email and a wrong password get the same answer', async ({ page }) => {
    const a = MESSAGES.kk.admin;
    await signIn(page, 'kk', { email: STAFF.support.email, password: 'not-the-password' });
    await expect(page.getByTestId('sign-in-problem')).toHaveText(
      MESSAGES.kk.errors.INVALID_CREDENTIALS,
    );
    await signIn(page, 'kk', { email: 'nobody@e2e.test', password: STAFF.support.password });
    await expect(page.getByTestId('sign-in-problem')).toHaveText(
      MESSAGES.kk.errors.INVALID_CREDENTIALS,
    );
    await signInOk(page, 'kk', STAFF.support);
    await page.getByRole('button', { name: a.signOut }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.signInTitle);
    await page.goto('/kk/admin');
    await expect(page).toHaveURL(/\/kk\/admin\/sign-in$/);
  });

  test('sign-in is throttled after repeated failures, with a clear message', async ({ page }) => {
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'ru', { email: STAFF.throttled.email, password: `wrong-${i}-password` });
      await expect(page.getByTestId('sign-in-problem')).toHaveText(
        MESSAGES.ru.errors.INVALID_CREDENTIALS,
      );
    }
    await signIn(page, 'ru', STAFF.throttled); // even the right password waits now
    await expect(page.getByTestId('sign-in-problem')).toContainText(
      'Слишком много неудачных попыток',
    );
  });

  for (const locale of ['kk', 'ru'] as const) {
    test(`approve: the public check shows WHITE at once (${locale})`, async ({ page, browser }) => {
      const m = MESSAGES[locale];
      const { reference, imei } = await fileApplication(page, locale, locale === 'kk' ? 1 : 6);
      const staffPage = await (await browser.newContext()).newPage();
      await signInOk(staffPage, locale, STAFF.support);
      await staffPage.getByLabel(m.admin.searchLabel).fill(APPLICANT.iin);
      await staffPage.getByRole('button', { name: m.admin.search }).click();
      await staffPage
        .locator(`section[aria-labelledby="search-title"] [data-reference="${reference}"]`)
        .getByRole('link')
        .click();
      await expect(staffPage.getByRole('heading', { level: 1 })).toContainText(reference);
      await expect(staffPage.getByText(APPLICANT.fullName)).toBeVisible();
      await expect(staffPage.getByTestId('document').first()).toContainText(PDF.name);
      await formReady(staffPage, 'approve');
      await staffPage.getByTestId('assign').click();
      await expect(staffPage.getByTestId('application-state')).toHaveAttribute(
        'data-status',
        'IN_REVIEW',
      );
      await approve(staffPage, locale);
      const result = await checkImei(page, locale, imei);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await expect(result.locator('[data-reason="PROOF_APPROVED"]')).toBeAttached(); // folded under "details"
    });
  }

  test('reject: the owner sees the reason in their language', async ({ page, browser }) => {
    const { reference } = await fileApplication(page, 'kk', 2);
    const staffPage = await (await browser.newContext()).newPage();
    await signInOk(staffPage, 'ru', STAFF.support);
    await staffPage.goto(`/ru/admin/applications/${reference}`);
    await formReady(staffPage, 'reject');
    const form = staffPage.getByTestId('reject');
    await form.getByLabel(MESSAGES.ru.admin.rejectReason).selectOption('DOCUMENTS_MISMATCH');
    await form.getByLabel(MESSAGES.ru.admin.noteToOwner).fill('IMEI в чеке другой');
    await form.getByRole('button', { name: MESSAGES.ru.admin.reject }).click();
    await expect(staffPage.getByTestId('application-state')).toHaveAttribute(
      'data-status',
      'REJECTED',
    );
    // the owner filed in Kazakh and reads the reason in Kazakh
    await lookUpStatus(page, 'kk', reference, APPLICANT.iin);
    await expect(page.getByTestId('rejection')).toContainText(
      MESSAGES.kk.rejectionReasons.DOCUMENTS_MISMATCH,
    );
    await expect(page.getByTestId('rejection')).toContainText('IMEI в чеке другой');
  });

  test('request information: the owner adds a document and staff see it', async ({
    page,
    browser,
  }) => {
    const { reference } = await fileApplication(page, 'ru', 3);
    const staffPage = await (await browser.newContext()).newPage();
    await signInOk(staffPage, 'ru', STAFF.support);
    await staffPage.goto(`/ru/admin/applications/${reference}`);
    await formReady(staffPage, 'request-info');
    await staffPage
      .getByTestId('request-info')
      .getByLabel(MESSAGES.ru.admin.whatToAdd)
      .fill('Приложите таможенную декларацию');
    await staffPage
      .getByTestId('request-info')
      .getByRole('button', { name: MESSAGES.ru.admin.requestInfo })
      .click();
    await expect(staffPage.getByTestId('application-state')).toHaveAttribute(
      'data-status',
      'INFO_REQUESTED',
    );
    await lookUpStatus(page, 'ru', reference, APPLICANT.iin);
    const card = page.getByTestId('info-requested');
    await expect(card).toContainText('Приложите таможенную декларацию');
    await card
      .getByLabel(MESSAGES.ru.status.addDocuments)
      .setInputFiles([{ ...PDF, name: 'customs.pdf' }]);
    await card.getByRole('button', { name: MESSAGES.ru.status.sendDocuments }).click();
    await expect(page.getByTestId('application-status')).toHaveAttribute(
      'data-status',
      'IN_REVIEW',
    );
    await staffPage.reload();
    await expect(
      staffPage.getByTestId('document-list').getByRole('button', { name: 'customs.pdf' }),
    ).toBeVisible();
  });

  test('two reviewers deciding at once: the second gets a conflict and nothing is overwritten', async ({
    page,
    browser,
  }) => {
    const { reference } = await fileApplication(page, 'ru', 4);
    const [one, two] = [
      await (await browser.newContext()).newPage(),
      await (await browser.newContext()).newPage(),
    ];
    await signInOk(one, 'ru', STAFF.support);
    await signInOk(two, 'ru', STAFF.admin);
    await one.goto(`/ru/admin/applications/${reference}`);
    await two.goto(`/ru/admin/applications/${reference}`);
    await formReady(one, 'approve');
    await formReady(two, 'reject');
    await approve(one, 'ru');
    const form = two.getByTestId('reject');
    await form.getByLabel(MESSAGES.ru.admin.rejectReason).selectOption('NOT_LEGAL_IMPORT');
    await form.getByRole('button', { name: MESSAGES.ru.admin.reject }).click();
    // Known issue (README): now and then a staff decision's server action gets no answer in this
    // suite. A person would press the button again; so does the test, once, before it judges.
    const alert = form.getByRole('alert');
    if (
      !(await alert.waitFor({ timeout: 20_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      await form.getByRole('button', { name: MESSAGES.ru.admin.reject }).click();
    }
    await expect(alert).toHaveText(MESSAGES.ru.errors.DECISION_CONFLICT, { timeout: 40_000 });
    await two.reload();
    await expect(two.getByTestId('application-state')).toHaveAttribute('data-status', 'APPROVED');
  });

  test('a support user is refused from staff management', async ({ page }) => {
    await signInOk(page, 'kk', STAFF.support);
    await expect(page.getByRole('link', { name: MESSAGES.kk.admin.navStaff })).toHaveCount(0);
    await page.goto('/kk/admin/staff');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      MESSAGES.kk.admin.forbiddenTitle,
    );
    await page.goto('/kk/admin/audit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      MESSAGES.kk.admin.forbiddenTitle,
    );
  });

  test('a direct POST to an admin action without a session changes nothing', async ({
    page,
    playwright,
  }) => {
    await signInOk(page, 'ru', STAFF.admin);
    await page.goto('/ru/admin/staff');
    await formReady(page, 'create-staff');
    // capture what the browser would send to the create-staff action, then send it without the cookie
    let captured: { url: string; headers: Record<string, string>; body: Buffer | null } | null =
      null;
    await page.route('**/admin/staff', async (route) => {
      const r = route.request();
      if (r.method() === 'POST') {
        captured = { url: r.url(), headers: r.headers(), body: r.postDataBuffer() };
        await route.abort();
      } else await route.continue();
    });
    const form = page.getByTestId('create-staff');
    await form.getByLabel(MESSAGES.ru.admin.email).fill('intruder@e2e.test');
    await form.getByLabel(MESSAGES.ru.admin.role, { exact: true }).selectOption('admin');
    await form.getByLabel(MESSAGES.ru.admin.password, { exact: true }).fill('intruder-password-1');
    await form.getByRole('button', { name: MESSAGES.ru.admin.createStaff }).click();
    await expect.poll(() => captured).not.toBeNull();
    const anonymous = await playwright.request.newContext();
    const { cookie: _cookie, ...headers } = captured!.headers;
    void _cookie;
    const res = await anonymous.post(captured!.url, { headers, data: captured!.body! });
    expect(res.status()).toBeLessThan(500);
    expect(await res.text()).toContain('UNAUTHORIZED');
    await anonymous.dispose();
    const [exists] = await query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM staff_users WHERE email = $1',
      ['intruder@e2e.test'],
    );
    expect(exists.n).toBe(0);
  });

  test('an expired session is sent back to sign-in', async ({ page }) => {
    await signInOk(page, 'kk', STAFF.support);
    // 31 minutes without activity
    await query(
      `UPDATE staff_sessions SET "lastSeenAt" = $1 WHERE "userId" = (SELECT id FROM staff_users WHERE email = $2)`,
      [new Date(Date.now() - 31 * 60_000), STAFF.support.email],
    );
    await page.reload();
    await expect(page).toHaveURL(/\/kk\/admin\/sign-in$/);
  });

  test('a document URL is refused without a session', async ({ page, playwright }) => {
    await fileApplication(page, 'kk', 5);
    const [{ id }] = await query<{ id: number }>('SELECT MAX(id) AS id FROM application_documents');
    const anonymous = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
    });
    const res = await anonymous.get(`/api/admin/documents/${id}`);
    expect(res.status()).toBe(401);
    expect(res.headers()['cache-control']).toBe('no-store');
    await anonymous.dispose();
    // and served, inline with its type, to support staff
    await signInOk(page, 'kk', STAFF.support);
    const ok = await page.request.get(`/api/admin/documents/${id}`);
    expect(ok.status()).toBe(200);
    expect(ok.headers()['content-type']).toMatch(/^(application\/pdf|image\/jpeg)/);
    expect(ok.headers()['content-disposition']).toMatch(/^inline;/);
    expect(ok.headers()['cache-control']).toBe('no-store');
  });

  test('the device page shows the whole record and the list history', async ({ page }) => {
    await signInOk(page, 'ru', STAFF.support);
    await page.getByLabel(MESSAGES.ru.admin.deviceLookup).fill('861234069177247'); // black-expired demo device
    await page.getByRole('button', { name: MESSAGES.ru.admin.open }).click();
    await expect(page.getByTestId('device-verdict')).toHaveAttribute('data-list', 'BLACK');
    const history = page.getByTestId('list-history');
    await expect(history.locator('li')).toHaveCount(2);
    await expect(history.locator('li').first()).toHaveAttribute('data-list', 'GREY');
    await expect(history.locator('li').last()).toHaveAttribute('data-list', 'BLACK');
  });

  test('feeds: a refused file is reported by line; a good one is imported and in the history', async ({
    page,
  }) => {
    const m = MESSAGES.kk.admin;
    await signInOk(page, 'kk', STAFF.admin);
    await page.goto('/kk/admin/feeds');
    await formReady(page, 'feed-upload');
    const form = page.getByTestId('feed-upload');
    await form.getByLabel(m.feedKind).selectOption('tac');
    await form.getByLabel(m.feedFile).setInputFiles({
      name: 'bad-tac.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('tac,brand,model\n1234,Nokia,3310\n'),
    });
    await form.getByRole('button', { name: m.import }).click();
    await expect(page.getByTestId('feed-report')).toContainText('2-жол, tac');
    await form.getByLabel(m.feedKind).selectOption('tac');
    await form.getByLabel(m.feedFile).setInputFiles({
      name: 'good-tac.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('tac,brand,model\n12345678,Nokia,3310\n'),
    });
    await form.getByRole('button', { name: m.import }).click();
    await expect(page.getByTestId('feed-report')).toContainText('good-tac.csv');
    await expect(page.getByTestId('import-history')).toContainText(STAFF.admin.email);
  });

  test('feeds: an overlong value and a repeated TAC are refused with their reasons, lines named (ru)', async ({
    page,
  }) => {
    const m = MESSAGES.ru.admin;
    const fe = MESSAGES.ru.feedErrors;
    await signInOk(page, 'ru', STAFF.admin);
    await page.goto('/ru/admin/feeds');
    await formReady(page, 'feed-upload');
    const form = page.getByTestId('feed-upload');
    const upload = async (name: string, text: string) => {
      await form.getByLabel(m.feedKind).selectOption('tac');
      await form
        .getByLabel(m.feedFile)
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
      await form.getByRole('button', { name: m.import }).click();
      await expect(page.getByTestId('feed-report')).toContainText(name);
    };
    await upload('long-tac.csv', `tac,brand,model\n12345681,${'x'.repeat(60_000)},3310\n`);
    await expect(page.getByTestId('feed-report')).toContainText(
      `Строка 2, brand: ${fe.FIELD_TOO_LONG.replace('{kib}', '8')}`,
    );
    await upload(
      'twice-tac.csv',
      'tac,brand,model\n12345682,Nokia,3310\n12345683,Nokia,3410\n12345682,Nokia,3311\n',
    );
    await expect(page.getByTestId('feed-report')).toContainText(
      `Строка 4, tac: ${fe.DUPLICATE_TAC.replace('{first}', '2')}`,
    );
    expect(
      await query('SELECT tac FROM tac_records WHERE tac IN ($1, $2, $3)', [
        '12345681',
        '12345682',
        '12345683',
      ]),
    ).toEqual([]);
  });

  test('staff management: create a support user, disable them (their session ends), reset the password', async ({
    page,
    browser,
  }) => {
    const m = MESSAGES.kk.admin;
    const email = `new-${test.info().retry}@e2e.test`;
    await signInOk(page, 'kk', STAFF.admin);
    await page.getByRole('link', { name: m.navStaff }).click();
    await formReady(page, 'create-staff');
    const create = page.getByTestId('create-staff');
    await create.getByLabel(m.email, { exact: true }).fill(email);
    await create.getByLabel(m.role, { exact: true }).selectOption('support');
    await create.getByLabel(m.password, { exact: true }).fill('short');
    await create.getByRole('button', { name: m.createStaff }).click();
    await expect(create.locator('.field-error')).toHaveText(
      say('kk', 'errors.PASSWORD_TOO_SHORT', { passwordMin: 12 }),
    );
    await create.getByLabel(m.password, { exact: true }).fill('first password 123');
    await create.getByRole('button', { name: m.createStaff }).click();
    await expect(page.getByTestId('staff-list').locator(`tr[data-email="${email}"]`)).toBeVisible();

    const other = await (await browser.newContext()).newPage();
    await signInOk(other, 'kk', { email, password: 'first password 123' });

    await page.getByTestId(`toggle-${email}`).click();
    await expect(page.getByTestId('staff-list').locator(`tr[data-email="${email}"]`)).toContainText(
      m.enable,
    );
    await other.reload();
    await expect(other).toHaveURL(/\/kk\/admin\/sign-in$/);
    await page.getByTestId(`toggle-${email}`).click();

    const row = page.getByTestId('staff-list').locator(`tr[data-email="${email}"]`);
    await row.getByText(m.resetPassword, { exact: true }).first().click();
    await row.getByLabel(m.newPassword).fill('second password 456');
    await row.getByRole('button', { name: m.resetPassword }).click();
    await expect(row.getByRole('status')).toHaveText(m.passwordReset);
    await signIn(other, 'kk', { email, password: 'first password 123' });
    await expect(other.getByTestId('sign-in-problem')).toHaveText(
      MESSAGES.kk.errors.INVALID_CREDENTIALS,
    );
    await signInOk(other, 'kk', { email, password: 'second password 456' });
  });

  test('the audit log records sign-ins, failures and decisions, with personal data masked', async ({
    page,
  }) => {
    await signIn(page, 'ru', { email: 'ghost@e2e.test', password: 'whatever-password' });
    await signInOk(page, 'ru', STAFF.admin);
    await page.goto('/ru/admin/audit');
    const log = page.getByTestId('audit-log');
    // Other tests sign in meanwhile: look for this sign-in among the latest, not at the very top.
    await expect(
      log.locator('tr[data-action="SIGN_IN"]', { hasText: STAFF.admin.email }).first(),
    ).toBeVisible();
    await expect(log.locator('tr[data-action="SIGN_IN_FAILED"]').first()).toBeVisible();
    await expect(log).not.toContainText(APPLICANT.iin);
  });
});
