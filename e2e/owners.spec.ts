import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { MESSAGES, LOCALES, checkImei, fill } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  codesIn,
  continueToReview,
  fillApplication,
  freshPhone,
  lookUpStatus,
  ownAddress,
  readCode,
  send,
  typed,
} from './support/apply-helpers';
import { inbox } from './support/notify-helpers';
import { e2eDatabaseUrl, query } from './support/db';
import { STAFF, signInOk } from './support/staff-helpers';
import { iinCheckDigit } from '../lib/domain/iin';

// The owners' side of issue 8: codes to the phone, possession, limits, "my applications", watching.
// Each test uses its own e2e grey devices (serials 7003xx) and fresh numbers.
LOCALES.forEach((locale, li) => {
  const m = MESSAGES[locale];
  const n = (k: number) => e2eImei(300 + li * 20 + k + 100 * test.info().retry);
  /** The number the network saw in e2e device n (scripts' registrations feed: 7705 + 1000000+n). */
  const seenNumberOf = (imei: string) =>
    `+7705${String(1_000_000 + Number(imei.slice(8, 14)) - 700000)}`;

  async function apply(page: Page, imei: string, options: Parameters<typeof send>[2] = {}) {
    await page.goto(`/${locale}/apply?imei=${imei}`);
    await fillApplication(page, locale);
    await continueToReview(page, locale);
    return send(page, locale, options);
  }

  async function openMyApplications(page: Page, phone: string) {
    await ownAddress(page);
    await page.goto(`/${locale}/my`);
    const step = page.getByTestId('my-sign-in');
    await step.getByLabel(m.codes.phone, { exact: true }).fill(typed(phone));
    const before = await codesIn(phone);
    await step.getByRole('button', { name: m.codes.send }).click();
    await step.getByLabel(m.codes.code, { exact: true }).fill(await readCode(phone, before));
    await step.getByRole('button', { name: m.my.open }).click();
    await expect(page.getByTestId('my-applications')).toBeVisible();
  }

  test.describe(`owners prove their phone (${locale})`, () => {
    test('a code to the number the network saw in the phone proves possession, and an unproven application gives way to it', async ({
      page,
    }) => {
      const imei = n(0);
      const seen = seenNumberOf(imei);
      // the first applicant types a number of their own: phone verified, possession not proven
      const stranger = freshPhone();
      const first = await apply(page, imei, { phone: stranger });
      await expect(page.getByTestId('messages-to')).toContainText(typed(stranger));
      // the filing is confirmed by SMS, in the page's language, with the reference
      await expect
        .poll(
          async () =>
            (await inbox(stranger))
              .filter((x) => x.channel === 'SMS' && x.text.includes(first))
              .map((x) => x.text)
              .join('\n'),
          { timeout: 30_000 },
        )
        .toContain(locale === 'kk' ? `Өтініш ${first} қабылданды` : `Заявление ${first} принято`);
      // the holder of the SIM the network saw in the device proves possession and takes over
      const second = await apply(page, imei, { seen });
      expect(second).not.toBe(first);
      const rows = await query<{
        reference: string;
        status: string;
        possessionProven: boolean;
        phone: string;
      }>(
        'SELECT reference, status, "possessionProven", phone FROM applications WHERE reference = ANY($1) ORDER BY id',
        [[first, second]],
      );
      expect(rows).toEqual([
        { reference: first, status: 'SUPERSEDED', possessionProven: false, phone: stranger },
        { reference: second, status: 'SUBMITTED', possessionProven: true, phone: seen },
      ]);
      // the first applicant is told, in the application's language
      const superseded = fill(m.notifications.SUPERSEDED.sms, {
        reference: first,
        url: `${new URL(page.url()).origin}/${locale}/apply`,
      });
      await expect
        .poll(async () => (await inbox(stranger)).map((x) => x.text), { timeout: 30_000 })
        .toContain(superseded);
      // and sees it on their status page
      await lookUpStatus(page, locale, first, APPLICANT.iin);
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'SUPERSEDED',
      );
      await expect(page.getByTestId('application-status')).toContainText(
        m.status.statuses.SUPERSEDED,
      );

      // staff see the difference
      await signInOk(page, locale, STAFF.support);
      await page.goto(`/${locale}/admin/applications/${second}`);
      await expect(page.getByTestId('possession')).toHaveText(m.admin.possessionProvenLong);
      await page.goto(`/${locale}/admin/applications/${first}`);
      await expect(page.getByTestId('possession')).toHaveText(m.admin.possessionNotProvenLong);
      await expect(page.getByTestId('application-state')).toHaveAttribute(
        'data-status',
        'SUPERSEDED',
      );
    });

    test('a wrong code says how many tries are left, an expired one asks for a new code, a fourth code in the hour waits', async ({
      page,
    }) => {
      const phone = freshPhone();
      await ownAddress(page);
      await page.goto(`/${locale}/my`);
      const step = page.getByTestId('my-sign-in');
      await step.getByLabel(m.codes.phone, { exact: true }).fill(typed(phone));
      await step.getByRole('button', { name: m.codes.send }).click();
      // the number typed is shown whole, grouped as people read it, so a typo can be seen
      await expect(step.getByTestId('code-sent')).toContainText(
        typed(phone).replace(/ /g, '\u00a0'),
      );
      const code = await readCode(phone);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await step.getByLabel(m.codes.code, { exact: true }).fill(wrong);
      await step.getByRole('button', { name: m.my.open }).click();
      await expect(step.getByTestId('code-problem')).toContainText(
        locale === 'kk' ? fill(m.codes.codeWrong, { count: 4 }) : 'Осталось 4 попытки',
      );
      await expect(step.getByLabel(m.codes.code, { exact: true })).toHaveAttribute(
        'aria-invalid',
        'true',
      );

      // five minutes pass (moved in the data, not by sleeping)
      await query(
        `UPDATE otp_challenges SET "expiresAt" = now() - interval '1 second' WHERE msisdn = $1`,
        [phone],
      );
      await step.getByLabel(m.codes.code, { exact: true }).fill(code);
      await step.getByRole('button', { name: m.my.open }).click();
      await expect(step.getByTestId('code-problem')).toHaveText(m.errors.CODE_EXPIRED);

      // two more codes are sent; the fourth within the hour is refused with the time to wait
      const codes = [code];
      for (let i = 0; i < 2; i++) {
        await step.getByRole('button', { name: m.codes.newCode }).click();
        await step.getByRole('button', { name: m.codes.send }).click();
        await expect(step.getByTestId('code-sent')).toBeVisible();
        codes.push(await readCode(phone, codes));
      }
      await step.getByRole('button', { name: m.codes.newCode }).click();
      await step.getByRole('button', { name: m.codes.send }).click();
      await expect(step.getByTestId('code-problem')).toContainText(
        m.codes.tooManyCodes.split('{time}')[0].trim(),
      );
      await expect(step.getByTestId('code-problem')).toContainText(/\d{2}:\d{2}/);
      expect((await inbox(phone)).filter((x) => x.channel === 'SMS')).toHaveLength(3);
    });

    test('guessing IINs stops after 5 tries; the owner still finds the application in "my applications"', async ({
      page,
    }) => {
      const imei = n(1);
      const phone = freshPhone();
      const reference = await apply(page, imei, { phone });
      // later, on another device: no session from the filing
      await page.context().clearCookies();
      await ownAddress(page);
      // a valid IIN, but not the applicant's
      const wrongIin = (() => {
        for (let k = 0; ; k++) {
          const first11 = '850704400' + String(k).padStart(2, '0');
          const c = iinCheckDigit(first11);
          if (c !== null && first11 + c !== APPLICANT.iin) return first11 + c;
        }
      })();
      for (let i = 0; i < 5; i++) {
        await lookUpStatus(page, locale, reference, wrongIin);
        await expect(page.getByTestId('status-problem')).toBeVisible();
      }
      // now even the right IIN gets "try again after", which says nothing about the reference
      await lookUpStatus(page, locale, reference, APPLICANT.iin);
      const problem = page.getByTestId('status-problem');
      await expect(problem).toContainText(/\d{2}:\d{2}/);
      await expect(page.getByTestId('application-status')).toHaveCount(0);
      await problem.getByRole('link', { name: m.status.throttledMy }).click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/my$`));

      await openMyApplications(page, phone);
      const mine = page.getByTestId('my-applications');
      await expect(mine.getByTestId('my-number')).toContainText(typed(phone));
      const card = mine.getByTestId('application-status');
      await expect(card).toHaveCount(1);
      await expect(card).toContainText(reference);
      await expect(card).toContainText(m.status.statuses.SUBMITTED);
      await expect(card).toContainText(imei);
      // the session lasts; nothing personal is in the URL; signing out closes it
      await page.reload();
      await expect(page.getByTestId('my-applications')).toContainText(reference);
      expect(page.url()).not.toContain(phone.slice(1));
      await page.getByRole('button', { name: m.my.signOut }).click();
      await expect(page.getByTestId('my-sign-in')).toBeVisible();
    });

    test('an owner watching a device gets an SMS when it turns white, and can unsubscribe', async ({
      page,
    }) => {
      const imei = n(2);
      const phone = freshPhone();
      await ownAddress(page);
      const result = await checkImei(page, locale, imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      const watch = page.getByTestId('watch'); // just under the result card
      await watch.getByText(m.watch.summary).click();
      await watch.getByLabel(m.codes.phone, { exact: true }).fill(typed(phone));
      await watch.getByRole('button', { name: m.codes.send }).click();
      await watch.getByLabel(m.codes.code, { exact: true }).fill(await readCode(phone));
      await watch.getByRole('button', { name: m.watch.confirm }).click();
      await expect(page.getByTestId('watching')).toHaveText(m.watch.watching);

      // an importer's record arrives through the real feed import: the device is white now
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'legal-'));
      const file = path.join(dir, 'legal.csv');
      fs.writeFileSync(
        file,
        `imei,source,organisation,document,recorded_at\n${imei},importer,ТОО Тест Импорт,ГТД-${imei.slice(-6)},${new Date().toISOString()}\n`,
      );
      const r = spawnSync(
        'npx',
        ['tsx', '--conditions=react-server', 'scripts/data-import.ts', 'legal-imports', file],
        {
          env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
          encoding: 'utf8',
        },
      );
      expect(r.status, r.stderr).toBe(0);

      let text = '';
      await expect
        .poll(
          async () => {
            text =
              (await inbox(phone))
                .filter((x) => x.channel === 'SMS' && x.text.includes(imei))
                .map((x) => x.text)
                .pop() ?? '';
            return text !== '';
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      const link = /https?:\/\/\S+\/unsubscribe\?t=[A-Za-z0-9_-]+/.exec(text)?.[0];
      expect(link, text).toBeTruthy();
      await page.goto(link!.replace(/^https?:\/\/[^/]+/, ''));
      await page.getByRole('button', { name: m.watch.unsubscribeButton }).click();
      await expect(page.getByTestId('unsubscribed')).toContainText(imei);
      const [row] = await query<{ off: boolean }>(
        'SELECT "unsubscribedAt" IS NOT NULL AS off FROM watches WHERE imei = $1',
        [imei],
      );
      expect(row.off).toBe(true);
    });
  });
});
