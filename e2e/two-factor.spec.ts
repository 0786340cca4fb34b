import { expect, test, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { MESSAGES, type Locale } from './fixtures';
import {
  SLOW,
  STAFF,
  codeAt,
  enrolOnPage,
  enterCode,
  formReady,
  secretOnPage,
  signIn,
  signInOk,
} from './support/staff-helpers';
import { query } from './support/db';
import { hashPassword } from '../lib/auth/password';

// Staff two-factor sign-in: enrolment with the key shown for typing by hand (the tests are the
// authenticator app), recovery codes, the code step, an administrator's reset, and what a
// password alone opens (nothing).

const PASSWORD = 'two factor password 123';

/** A staff account of this test's own, without a second factor (as `npm run staff:create` makes it). */
async function newAccount(
  kind: string,
  locale: Locale,
): Promise<{ email: string; password: string }> {
  const email = `${kind}-${locale}-${test.info().retry}-${Date.now().toString(36)}@e2e.test`;
  const now = new Date();
  await query(
    `INSERT INTO staff_users (email, role, "passwordHash", "createdAt", "passwordChangedAt") VALUES ($1, 'support', $2, $3, $3)`,
    [email, await hashPassword(PASSWORD), now],
  );
  return { email, password: PASSWORD };
}

const currentStep = () => Math.floor(Date.now() / 30_000);

/** The field's error is its own: the input points at it and is marked invalid. */
async function expectFieldError(input: Locator, text: string) {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId).toBeTruthy();
  await expect(input.page().locator(`[id="${errorId}"]`)).toHaveText(text);
}

async function signOut(page: Page, locale: Locale) {
  await page.getByRole('button', { name: MESSAGES[locale].admin.signOut }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    MESSAGES[locale].admin.signInTitle,
  );
}

test.describe('staff two-factor sign-in', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const locale of ['kk', 'ru'] as const) {
    test(`the first sign-in enrols; recovery codes are shown once; a recovery code signs in once (${locale})`, async ({
      page,
    }) => {
      const m = MESSAGES[locale];
      const t = m.admin.twoFactor;
      const who = await newAccount('enrol', locale);
      await signIn(page, locale, who);
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/sign-in/two-factor$`), {
        timeout: SLOW,
      });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.enrolTitle);
      // The QR code is drawn on the server (inline SVG, nothing fetched from elsewhere), with the
      // issuer, the account and the key in groups for typing by hand.
      await expect(page.getByTestId('totp-qr').locator('svg')).toBeVisible();
      await expect(page.getByRole('img', { name: t.qrLabel })).toBeVisible();
      await expect(page.getByText(t.issuer, { exact: true })).toBeVisible();
      await expect(page.getByText(who.email, { exact: true })).toBeVisible();
      await expect(page.getByTestId('totp-secret')).toHaveText(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const secret = await secretOnPage(page);

      // A wrong code: refused, the error tied to the field, nothing enrolled.
      await formReady(page, 'two-factor-enrol');
      const field = page.getByLabel(t.enrolCodeLabel);
      const wrong = (await codeAt(secret, currentStep() + 5)) === '000000' ? '111111' : '000000';
      await field.fill(wrong);
      await page.getByRole('button', { name: t.enrolSubmit, exact: true }).click();
      await expectFieldError(field, m.errors.TWO_FACTOR_WRONG);
      expect(
        (await query(`SELECT "totpSecret" FROM staff_users WHERE email = $1`, [who.email]))[0]
          .totpSecret,
      ).toBeNull();

      // The right code: ten recovery codes, once.
      await field.fill(await codeAt(secret, currentStep()));
      await page.getByRole('button', { name: t.enrolSubmit, exact: true }).click();
      const list = page.getByTestId('recovery-codes');
      await expect(list.getByRole('listitem')).toHaveCount(10);
      await expect(page.getByRole('heading', { name: t.recoveryCodesTitle })).toBeVisible();
      const first = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(first.every((c) => /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/.test(c))).toBe(true);
      // Only hashes are stored.
      const stored = await query<{ codeHash: string }>(
        `SELECT "codeHash" FROM staff_recovery_codes r JOIN staff_users u ON u.id = r."userId" WHERE u.email = $1`,
        [who.email],
      );
      expect(stored).toHaveLength(10);
      expect(JSON.stringify(stored)).not.toContain(first[0].replaceAll('-', ''));
      // Reloaded: the codes are not shown again; new ones replace them.
      await page.reload();
      await expect(page.getByTestId('recovery-codes-lost')).toBeVisible();
      await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
      await expect(page.getByText(first[0])).toHaveCount(0);
      await page.getByRole('button', { name: t.newRecoveryCodes }).click();
      await expect(list.getByRole('listitem')).toHaveCount(10);
      const codes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(codes).not.toContain(first[0]);
      // The session opens only once the codes are saved (the box must be ticked).
      await formReady(page, 'recovery-saved');
      await page.getByRole('button', { name: t.continue }).click();
      await expect(page.getByText(m.errors.RECOVERY_CODES_SAVED_REQUIRED)).toBeVisible();
      await expect(page.getByLabel(t.recoveryCodesSaved)).toHaveAttribute('aria-invalid', 'true');
      await page.getByLabel(t.recoveryCodesSaved).check();
      await page.getByRole('button', { name: t.continue }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.admin.queueTitle);
      await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
      await signOut(page, locale);

      // Phone lost: a recovery code signs in, and says how many are left.
      await signIn(page, locale, who);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.verifyTitle, {
        timeout: SLOW,
      });
      await formReady(page, 'two-factor-verify');
      await page.getByLabel(t.codeLabel).fill(codes[2].toUpperCase());
      await page.getByRole('button', { name: t.verifySubmit, exact: true }).click();
      await expect(page.getByTestId('recovery-used')).toContainText(
        locale === 'kk' ? '9 резервтік код қалды' : 'Осталось 9 резервных кодов',
      );
      await page.getByRole('link', { name: t.continue }).click();
      await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
      await signOut(page, locale);

      // Spent: the same code again is refused, tied to the field; the app's code still signs in.
      await signIn(page, locale, who);
      await expect(page.getByTestId('two-factor-verify')).toHaveAttribute('data-ready', 'true', {
        timeout: SLOW,
      });
      const codeField = page.getByLabel(t.codeLabel);
      await codeField.fill(codes[2]);
      await page.getByRole('button', { name: t.verifySubmit, exact: true }).click();
      await expectFieldError(codeField, m.errors.TWO_FACTOR_WRONG);
      await enterCode(page, locale, who.email, secret);
      await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
      const audit = await query<{ action: string }>(
        `SELECT action FROM audit_log WHERE "actorEmail" = $1`,
        [who.email],
      );
      expect(audit.map((r) => r.action)).toEqual(
        expect.arrayContaining(['TWO_FACTOR_ENROLLED', 'TWO_FACTOR_FAILED', 'SIGN_IN']),
      );
    });

    test(`an administrator resets a colleague's second factor and the colleague enrols again (${locale})`, async ({
      page,
      browser,
    }) => {
      const m = MESSAGES[locale];
      const colleague = await newAccount('reset', locale);
      const other = await (await browser.newContext()).newPage();
      await signInOk(other, locale, colleague); // enrols on the page

      await signInOk(page, locale, STAFF.admin);
      await page.goto(`/${locale}/admin/staff`);
      const row = page.getByTestId('staff-list').locator(`tr[data-email="${colleague.email}"]`);
      await expect(row).toContainText(m.admin.twoFactor.enrolled);
      // Not one's own: there is no such button on the administrator's own row.
      await expect(page.getByTestId(`reset-two-factor-${STAFF.admin.email}`)).toHaveCount(0);
      await page.getByTestId(`reset-two-factor-${colleague.email}`).click();
      await expect(row).toContainText(m.admin.twoFactor.notEnrolled);

      // The colleague's session ended; at the next sign-in they enrol again.
      await other.reload();
      await expect(other).toHaveURL(new RegExp(`/${locale}/admin/sign-in$`));
      await signIn(other, locale, colleague);
      await expect(other.getByRole('heading', { level: 1 })).toHaveText(
        m.admin.twoFactor.enrolTitle,
        { timeout: SLOW },
      );
      await enrolOnPage(other, locale, colleague.email);
      await expect(other.getByTestId('signed-in-as')).toContainText(colleague.email);

      await page.goto(`/${locale}/admin/audit`);
      await expect(
        page.getByTestId('audit-log').locator('tr[data-action="STAFF_TWO_FACTOR_RESET"]').first(),
      ).toContainText(m.admin.auditActions.STAFF_TWO_FACTOR_RESET);
    });

    test(`a password alone opens no admin page, and the pending step expires (${locale})`, async ({
      page,
      context,
    }) => {
      const m = MESSAGES[locale];
      await signIn(page, locale, STAFF.support);
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/sign-in/two-factor$`), {
        timeout: SLOW,
      });
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        m.admin.twoFactor.verifyTitle,
      );
      // Only the single-purpose, httpOnly pending cookie; no session cookie.
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name.endsWith('imei_staff_pending'))).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
      });
      expect(cookies.find((c) => c.name.endsWith('imei_staff'))).toBeUndefined();
      for (const path of ['/admin', '/admin/staff', '/admin/audit', '/admin/feeds']) {
        await page.goto(`/${locale}${path}`);
        await expect(page).toHaveURL(new RegExp(`/${locale}/admin/sign-in$`));
      }
      // The pending state is bound to its few minutes: past them, back to the password step.
      await page.goto(`/${locale}/admin/sign-in/two-factor`);
      await formReady(page, 'two-factor-verify');
      // (this browser's pending sign-in only: other tests sign in as the same account meanwhile)
      const token = (await context.cookies()).find((c) =>
        c.name.endsWith('imei_staff_pending'),
      )!.value;
      const id = createHash('sha256').update(token).digest('hex');
      expect(
        await query(
          `UPDATE staff_pending_sign_ins SET "expiresAt" = "createdAt" + interval '1 millisecond' WHERE id = $1 RETURNING id`,
          [id],
        ),
      ).toHaveLength(1);
      await page.getByLabel(m.admin.twoFactor.codeLabel).fill('123456');
      await page.getByRole('button', { name: m.admin.twoFactor.verifySubmit, exact: true }).click();
      await expect(page.getByTestId('two-factor-verify-problem')).toContainText(
        m.errors.PENDING_EXPIRED,
      );
      await page.reload();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/sign-in$`));
    });
  }
});
