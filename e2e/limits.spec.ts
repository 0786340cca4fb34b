import crypto from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { LOCALES, MESSAGES, fill, randomAddress, claimOwnAddress, type Locale } from './fixtures';
import { demoDevice } from '../lib/demo-devices';
import { STAFF, enterCode, signIn, signInOk } from './support/staff-helpers';
import { query } from './support/db';
import corpus from './corpus/check-form.json' with { type: 'json' };

// The limits of the public surfaces and the proof-of-work challenge (lib/data/rate-limits.ts,
// lib/data/challenges.ts), at the default settings: each test has client addresses of its own
// (X-Forwarded-For, which the e2e servers trust from loopback).

/** The check page's defaults (README, "Configuration"). */
const CHALLENGE_AFTER = 20;
const CHECKS_PER_MINUTE = 120;
const API_PER_MINUTE = 60;

/** The rate_limits key rate-limiter-flexible stores for a per-address limit (lib/data/rate-limits.ts storedKey). */
function limitKey(name: string, address: string): string {
  return `${name}:${crypto.createHash('sha256').update(address).digest('base64url').slice(0, 32)}`;
}

/** One check through the form on an open check page, without reloading it; the answer's locator. */
async function submitCheck(page: Page, locale: Locale, imei: string) {
  const m = MESSAGES[locale];
  await page.getByLabel(m.form.label, { exact: true }).fill(imei);
  await page.getByRole('button', { name: m.form.submit }).click();
}

async function openCheckPage(page: Page, locale: Locale) {
  await page.goto(`/${locale}`);
  await expect(page.locator('form.check-form')).toBeVisible();
}

for (const locale of LOCALES) {
  test.describe(`limits on the check page (${locale})`, () => {
    test.describe.configure({ timeout: 180_000 });

    test('a burst of checks from one address meets the challenge; the browser solves it and the check goes on', async ({
      page,
    }) => {
      const m = MESSAGES[locale];
      await claimOwnAddress(page);
      await openCheckPage(page, locale);
      const white = demoDevice('white-import-record').imei;
      for (let i = 0; i < CHALLENGE_AFTER; i++) {
        await submitCheck(page, locale, white);
        await expect(page.getByTestId('result')).toBeVisible();
        await expect(page.getByTestId('result')).toHaveAttribute('data-list', 'WHITE');
        await expect(page.getByRole('button', { name: m.form.submit })).toBeEnabled();
      }
      // The next one asks for the challenge: the widget (loaded now, in the page's language) solves
      // it by itself and the form goes again; the result of the device asked for appears.
      const grey = demoDevice('grey-days-left').imei;
      await submitCheck(page, locale, grey);
      const step = page.getByTestId('challenge-step');
      await expect(step).toBeVisible();
      await expect(step.getByRole('status')).toHaveText(m.form.challengeIntro);
      await expect(page.getByTestId('proof-of-work')).toBeAttached();
      await expect(page.getByTestId('result')).toHaveAttribute('data-list', 'GREY', {
        timeout: 60_000,
      });
      await expect(step).toBeHidden();
      // and the person is not asked again at the next check
      await submitCheck(page, locale, white);
      await expect(page.getByTestId('result')).toHaveAttribute('data-list', 'WHITE');
      await expect(step).toBeHidden();
    });

    test('without JavaScript, past the threshold the page says what to do and until when', async ({
      browser,
    }) => {
      const m = MESSAGES[locale];
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const address = await claimOwnAddress(page);
      await query('INSERT INTO rate_limits (key, points, expire) VALUES ($1, $2, $3)', [
        limitKey('checkChallengePerAddress', address),
        CHALLENGE_AFTER,
        Date.now() + 600_000,
      ]);
      await page.goto(`/${locale}`);
      await page
        .getByLabel(m.form.label, { exact: true })
        .fill(demoDevice('white-import-record').imei);
      await page.getByRole('button', { name: m.form.submit }).click();
      const message = page.getByTestId('challenge-step').getByRole('alert');
      const [before, after] = m.form.challengeNoScript.split('{time}');
      await expect(message).toContainText(before.trim());
      await expect(message).toContainText(after.trim());
      await expect(message).toHaveText(/\d{2}:\d{2}/);
      await expect(page.getByTestId('result')).toHaveCount(0);
      await expect(page.getByTestId('proof-of-work')).toHaveCount(0);
      await context.close();
    });

    test('past the hard limit the page says when to try again', async ({ page }) => {
      const m = MESSAGES[locale];
      const address = await claimOwnAddress(page);
      // This address already checked the minute's ceiling (a burst within one minute would race the clock on a slow machine).
      await query('INSERT INTO rate_limits (key, points, expire) VALUES ($1, $2, $3)', [
        limitKey('checksPerAddress', address),
        CHECKS_PER_MINUTE,
        Date.now() + 60_000,
      ]);
      await openCheckPage(page, locale);
      await submitCheck(page, locale, demoDevice('white-import-record').imei);
      const wait = page.getByTestId('check-wait');
      await expect(wait).toBeVisible();
      await expect(wait).toHaveText(
        new RegExp(
          `^${escape(fill(m.form.tooManyChecks, { time: 'TIME' })).replace('TIME', '\\d{2}:\\d{2}')}$`,
        ),
      );
      await expect(page.getByTestId('result')).toHaveCount(0);
    });
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('limits on the API', () => {
  test('a burst on GET /api/v1/imei gets 429 with Retry-After and problem+json', async ({
    request,
  }) => {
    const headers = { 'x-forwarded-for': randomAddress() };
    const imei = demoDevice('white-import-record').imei;
    for (let i = 0; i < API_PER_MINUTE; i++) {
      const ok = await request.get(`/api/v1/imei/${imei}`, { headers });
      expect(ok.status(), `request ${i + 1}`).toBe(200);
    }
    const refused = await request.get(`/api/v1/imei/${imei}`, { headers });
    expect(refused.status()).toBe(429);
    expect(refused.headers()['content-type']).toContain('application/problem+json');
    const retryAfter = Number(refused.headers()['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await refused.json()).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      retryAfter,
    });
    // another address is not affected; an unknown token is refused rather than counted as anonymous
    expect(
      (
        await request.get(`/api/v1/imei/${imei}`, {
          headers: { 'x-forwarded-for': randomAddress() },
        })
      ).status(),
    ).toBe(200);
    const unknown = await request.get(`/api/v1/imei/${imei}`, {
      headers: { ...headers, Authorization: `Bearer kzimei_${'B'.repeat(43)}` },
    });
    expect(unknown.status()).toBe(401);
  });
});

/** A new page with a client address of its own, on the first instance. */
async function pageFrom(browser: Browser, address = randomAddress()): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await claimOwnAddress(page, address);
  return page;
}

/** A sign-in answer waits for scrypt at OWASP's cost: generous on a machine shared by many. */
const SIGN_IN_WAIT = 60_000;

test.describe('staff sign-in cannot be turned against staff', () => {
  test.describe.configure({ timeout: 480_000 });

  for (const locale of LOCALES) {
    test(`wrong passwords from many addresses do not lock the owner out: they meet the challenge instead (${locale})`, async ({
      browser,
    }) => {
      const who = STAFF[`challenge-${locale}`];
      const m = MESSAGES[locale];
      // someone tries six passwords, each from another (forged) address
      for (let i = 0; i < 6; i++) {
        const attacker = await pageFrom(browser);
        await signIn(attacker, locale, { email: who.email, password: `forged-${i}-password` });
        await expect(attacker.getByTestId('sign-in-problem')).toHaveText(
          i < 5 ? m.errors.INVALID_CREDENTIALS : m.errors.CHALLENGE_REQUIRED,
          { timeout: SIGN_IN_WAIT },
        );
        await attacker.context().close();
      }
      // the owner, from their own address: asked for the challenge, solved by the browser, signed in
      const owner = await pageFrom(browser);
      await signIn(owner, locale, who);
      await expect(owner.getByTestId('sign-in-problem')).toHaveText(m.errors.CHALLENGE_REQUIRED, {
        timeout: SIGN_IN_WAIT,
      });
      // then the second step, as every staff sign-in
      await expect(owner).toHaveURL(new RegExp(`/${locale}/admin/sign-in/two-factor$`), {
        timeout: SIGN_IN_WAIT * 2,
      });
      await expect(owner.getByTestId('two-factor-verify')).toHaveAttribute('data-ready', 'true', {
        timeout: SIGN_IN_WAIT,
      });
      await enterCode(owner, locale, who.email, who.totpSecret);
      await expect(owner.getByRole('heading', { level: 1 })).toHaveText(m.admin.queueTitle, {
        timeout: SIGN_IN_WAIT,
      });
      await expect(owner.getByTestId('signed-in-as')).toContainText(who.email);
    });
  }

  test('an administrator sees a throttle and clears it (audited); the pair may sign in again', async ({
    browser,
  }) => {
    const m = MESSAGES.kk;
    const address = randomAddress();
    const person = await pageFrom(browser, address);
    for (let i = 0; i < 5; i++) {
      await signIn(person, 'kk', { email: STAFF.cleared.email, password: `wrong-${i}-password` });
      await expect(person.getByTestId('sign-in-problem')).toHaveText(m.errors.INVALID_CREDENTIALS, {
        timeout: SIGN_IN_WAIT,
      });
    }
    await signIn(person, 'kk', STAFF.cleared);
    await expect(person.getByTestId('sign-in-problem')).toContainText(
      m.errors.THROTTLED.split('.')[0],
      { timeout: SIGN_IN_WAIT },
    );

    const admin = await pageFrom(browser);
    await signInOk(admin, 'kk', STAFF.admin);
    await admin.goto('/kk/admin/staff');
    const row = admin
      .getByTestId('throttle-list')
      .locator(`tr[data-email="${STAFF.cleared.email}"][data-address="${address}"]`);
    await expect(row).toContainText(m.admin.throttleKinds.PAIR_WAITS);
    await expect(row.getByRole('cell').nth(2)).toHaveText('5');
    await row.getByRole('button', { name: m.admin.clearThrottle }).click();
    await expect(row).toHaveCount(0);
    const audited = await query<{ actorEmail: string; details: string }>(
      `SELECT "actorEmail", details FROM audit_log WHERE action = 'SIGN_IN_THROTTLE_CLEARED' AND details = $1`,
      [`address ${address}`],
    );
    expect(audited).toEqual([{ actorEmail: STAFF.admin.email, details: `address ${address}` }]);

    await signInOk(person, 'kk', STAFF.cleared);
  });
});

test.describe('the check form’s hostile-input corpus (e2e/corpus/check-form.json)', () => {
  // 44 full page loads without JavaScript, one after another
  test.describe.configure({ timeout: 900_000 });

  test('every entry, posted to the real action, gets its translated error, and nothing is stored', async ({
    browser,
  }) => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    // Without JavaScript the form posts to the server action as it is: no check in the browser first.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const address = await claimOwnAddress(page);
    // What a check writes: the limits' counters of its client address (and a spent challenge, with
    // a solution); it only reads the device's facts. Input errors are answered before any of it.
    const written = async () =>
      (
        await query<{ n: string }>(
          'SELECT count(*)::text AS n FROM rate_limits WHERE key = ANY($1)',
          [['checksPerAddress', 'checkChallengePerAddress'].map((name) => limitKey(name, address))],
        )
      )[0].n;
    for (const [i, entry] of corpus.entries()) {
      const locale: Locale = i % 2 === 0 ? 'kk' : 'ru';
      await page.goto(`/${locale}`);
      // set as a script would (no maxlength, control characters kept): the value the server gets
      await page
        .locator('#imei')
        .evaluate((el, v) => ((el as HTMLInputElement).value = v), entry.input);
      await page.getByRole('button', { name: MESSAGES[locale].form.submit }).click();
      await expect(page.locator('#imei-error'), entry.name).toHaveText(
        MESSAGES[locale].errors[entry.code as 'IMEI_REQUIRED'],
      );
      await expect(page.getByTestId('result'), entry.name).toHaveCount(0);
    }
    expect(await written()).toBe('0');
    // and a valid check from the same address is counted (the assertion above can see a write)
    await page.goto('/kk');
    await page
      .getByLabel(MESSAGES.kk.form.label, { exact: true })
      .fill(demoDevice('white-import-record').imei);
    await page.getByRole('button', { name: MESSAGES.kk.form.submit }).click();
    await expect(page.getByTestId('result')).toBeVisible();
    expect(await written()).toBe('2');
    await context.close();
  });
});
