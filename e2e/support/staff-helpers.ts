import { expect, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { MESSAGES, type Locale } from '../fixtures';
import { query } from './db';

/**
 * The e2e staff accounts. Each has a known TOTP secret, enrolled by scripts/e2e-server.sh through
 * `npm run staff:create -- --totp-secret-stdin` (the same values there): the tests are the
 * authenticator app.
 */
export const STAFF = {
  admin: {
    email: 'admin@e2e.test',
    password: 'e2e-password-admin-123',
    totpSecret: 'ZT6SNPL6BSBATL7D4GMOPC22JJOR2ONY',
  },
  support: {
    email: 'support@e2e.test',
    password: 'e2e-password-support-123',
    totpSecret: 'SFVBQTAPEP7SW2PT42QGTBKR24SQJKY7',
  },
  throttled: {
    email: 'throttled@e2e.test',
    password: 'e2e-password-throttled-123',
    totpSecret: 'EJ4MJ5DIKNFI464FTFGFPWJV7LTMAZZC',
  },
  instances: {
    email: 'instances@e2e.test',
    password: 'e2e-password-instances-123',
    totpSecret: 'WQUHO3OTTO247FMP5DKIWIO7ERD5ARX7',
  },
  // e2e/limits.spec.ts: wrong passwords from many addresses, and a throttle an administrator clears
  'challenge-kk': {
    email: 'challenge-kk@e2e.test',
    password: 'e2e-password-challenge-kk-123',
    totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  },
  'challenge-ru': {
    email: 'challenge-ru@e2e.test',
    password: 'e2e-password-challenge-ru-123',
    totpSecret: 'OV3HO6DZPJQWEY3EMVTGO2DJNJVWY3LO',
  },
  cleared: {
    email: 'cleared@e2e.test',
    password: 'e2e-password-cleared-123',
    totpSecret: 'NZXXA4LSON2HK5TXPB4XUYLCMNSGKZTH',
  },
};

export type StaffLogin = { email: string; password: string; totpSecret?: string };

/** Secrets of accounts a test enrolled through the page (signInOk enrols an account that has none). */
const enrolledHere = new Map<string, string>();

/** The password step only (what the sign-in page answers). */
export async function signIn(page: Page, locale: Locale, who: { email: string; password: string }) {
  const a = MESSAGES[locale].admin;
  await page.goto(`/${locale}/admin/sign-in`);
  await formReady(page, 'sign-in');
  await page.getByLabel(a.email).fill(who.email);
  await page.getByLabel(a.password).fill(who.password);
  await page.getByRole('button', { name: a.signIn }).click();
}

/** Both steps: the password, then the code from the app (enrolling first when the account has no second factor). */
export async function signInOk(page: Page, locale: Locale, who: StaffLogin) {
  await signIn(page, locale, who);
  // The password is checked at scrypt's full cost: generous on a busy machine.
  await expect(page).toHaveURL(new RegExp(`/${locale}/admin/sign-in/two-factor$`), {
    timeout: SLOW,
  });
  const enrol = page.getByTestId('two-factor-enrol');
  const verify = page.getByTestId('two-factor-verify');
  await expect(enrol.or(verify)).toHaveAttribute('data-ready', 'true', { timeout: SLOW });
  if (await enrol.isVisible()) await enrolOnPage(page, locale, who.email);
  else await enterCode(page, locale, who.email, who.totpSecret ?? enrolledHere.get(who.email));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    MESSAGES[locale].admin.queueTitle,
    { timeout: SLOW },
  );
  await expect(page.getByTestId('signed-in-as')).toContainText(who.email);
}

/** For what waits on a password check or a sign-in's redirect (a busy machine takes its time). */
export const SLOW = 60_000;

/** The app's code for a time step (30 s each). */
export function codeAt(secret: string, step: number): Promise<string> {
  return generate({ secret, epoch: step * 30 });
}
const currentStep = () => Math.floor(Date.now() / 30_000);

/** The secret shown for typing by hand on the enrolment page. */
export async function secretOnPage(page: Page): Promise<string> {
  return ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
}

/** Enrols on the page as a person would with the key typed into an app; returns the recovery codes shown. */
export async function enrolOnPage(page: Page, locale: Locale, email: string): Promise<string[]> {
  const t = MESSAGES[locale].admin.twoFactor;
  const secret = await secretOnPage(page);
  enrolledHere.set(email, secret);
  await page.getByLabel(t.enrolCodeLabel).fill(await codeAt(secret, currentStep()));
  await page.getByTestId('two-factor-enrol').getByRole('button', { name: t.enrolSubmit }).click();
  const list = page.getByTestId('recovery-codes');
  await expect(list.getByRole('listitem')).toHaveCount(10, { timeout: SLOW });
  const codes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  await expect(page.getByTestId('recovery-saved')).toHaveAttribute('data-ready', 'true');
  await page.getByLabel(t.recoveryCodesSaved).check();
  await page.getByRole('button', { name: t.continue }).click();
  return codes;
}

/**
 * The code step. A time step is accepted once per account, and tests running in parallel sign in
 * as the same accounts: the code used is that of the first step after the last one the account
 * used (read from the database), within the one step of drift the server allows, waiting for the
 * next step only when all of those are taken; refused as used (a parallel test took it), again.
 */
export async function enterCode(
  page: Page,
  locale: Locale,
  email: string,
  secret: string | undefined,
) {
  if (!secret) throw new Error(`no TOTP secret known for ${email}`);
  const t = MESSAGES[locale].admin.twoFactor;
  const used = MESSAGES[locale].errors.TWO_FACTOR_USED;
  const form = page.getByTestId('two-factor-verify');
  for (let attempt = 0; attempt < 6; attempt++) {
    const [row] = await query<{ totpLastStep: number | null }>(
      'SELECT "totpLastStep" FROM staff_users WHERE email = $1',
      [email],
    );
    const step = Math.max(currentStep(), (row?.totpLastStep ?? 0) + 1);
    // Codes up to one step ahead are good; further ahead, wait until they are.
    while (step > currentStep() + 1) await page.waitForTimeout(1000);
    const refusal = form.locator('.field-error');
    await form.getByLabel(t.codeLabel).fill(await codeAt(secret, step));
    await expect(refusal).toBeHidden(); // the previous try's answer goes once the field changes
    await form.getByRole('button', { name: t.verifySubmit }).click();
    const signedIn = page.getByTestId('signed-in-as');
    await expect(signedIn.or(refusal)).toBeVisible({ timeout: SLOW });
    if (await signedIn.isVisible()) return;
    await expect(refusal).toHaveText(used);
  }
  throw new Error(`the code step kept refusing ${email}`);
}

/** Waits until a staff form is interactive (hydrated). */
export async function formReady(page: Page, testId: string) {
  await expect(page.getByTestId(testId)).toHaveAttribute('data-ready', 'true');
}
