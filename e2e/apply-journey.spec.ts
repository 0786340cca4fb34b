import { expect, test, type Locator, type Page } from '@playwright/test';
import { MESSAGES, LOCALES, type Locale } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  JPEG,
  PDF,
  codesIn,
  continueToReview,
  decide,
  fillApplication,
  fillDetails,
  freshPhone,
  lookUpStatus,
  ownAddress,
  passDeviceStep,
  readCode,
  send,
  typed,
} from './support/apply-helpers';
import { demoDevice } from '../lib/demo-devices';
import { expectAccessible } from './support/axe';
import { iinCheckDigit } from '../lib/domain/iin';

/**
 * The owner's journey through the application and the status page: nothing typed is lost (Back,
 * a reload, the other language), a keyboard alone gets from the header link to the confirmation,
 * and the forms work without JavaScript.
 */
const OTHER: Record<Locale, Locale> = { kk: 'ru', ru: 'kk' };
/** A valid IIN that is not the applicant's. */
const OTHER_IIN = (() => {
  for (let s = 0; ; s++) {
    const first11 = '850704400' + String(s).padStart(2, '0');
    const c = iinCheckDigit(first11);
    if (c !== null && first11 + c !== APPLICANT.iin) return first11 + c;
  }
})();

/** Presses Tab until `target` has focus (a keyboard user's way there). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

LOCALES.forEach((locale, li) => {
  const m = MESSAGES[locale];
  const o = MESSAGES[OTHER[locale]];
  // each test its own grey device (serials 7005xx), shifted on a retry
  const n = (k: number) => e2eImei(500 + li * 10 + k + 40 * test.info().retry);

  test.describe(`the owner's journey (${locale})`, () => {
    test('browser Back from check your answers returns to the filled form; Forward comes back', async ({
      page,
    }) => {
      await page.goto(`/${locale}/apply?imei=${n(0)}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      await page.goBack();
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.detailsTitle }),
      ).toBeFocused();
      await expect(page.getByLabel(m.fields.fullName)).toHaveValue(APPLICANT.fullName);
      await expect(page.getByLabel(m.fields.iin, { exact: true })).toHaveValue(APPLICANT.iin);
      await expect(page.getByRole('list', { name: m.fields.chosenFiles })).toContainText(PDF.name);
      await expect(page.getByLabel(m.fields.consent)).toBeChecked();
      await page.goBack();
      await expect(page.getByRole('heading', { level: 1, name: m.apply.title })).toBeFocused();
      await expect(page.getByLabel(m.fields.imei1, { exact: true })).toHaveValue(n(0));
      await page.goForward();
      await page.goForward();
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.reviewTitle }),
      ).toBeFocused();
      await expect(page.getByTestId('review')).toContainText(APPLICANT.fullName);
      // nothing personal in the URL
      expect(page.url()).not.toContain(APPLICANT.iin);
    });

    test('the other language keeps the answers and says plainly that files must be chosen again', async ({
      page,
    }) => {
      await page.goto(`/${locale}/apply`);
      // on the first step: the IMEI survives
      await page.getByLabel(m.fields.imei1, { exact: true }).fill(n(1));
      await page.getByTestId('language-switch').click();
      await expect(page).toHaveURL(new RegExp(`/${OTHER[locale]}/apply`));
      await expect(page.getByLabel(o.fields.imei1, { exact: true })).toHaveValue(n(1));
      // on the second: every answer but the files
      await passDeviceStep(page, OTHER[locale]);
      await fillDetails(page, OTHER[locale]);
      await page.getByTestId('language-switch').click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/apply`));
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.detailsTitle }),
      ).toBeVisible();
      await expect(page.getByLabel(m.fields.fullName)).toHaveValue(APPLICANT.fullName);
      await expect(page.getByLabel(m.fields.iin, { exact: true })).toHaveValue(APPLICANT.iin);
      await expect(page.getByLabel(m.fields.entryDate)).toHaveValue('2026-10-20');
      await expect(page.getByLabel(m.fields.consent)).toBeChecked();
      await expect(page.getByTestId('files-again')).toHaveText(m.apply.filesAgain);
      expect(page.url()).not.toContain(APPLICANT.iin);
      await page.getByLabel(m.fields.documents, { exact: true }).setInputFiles([PDF, JPEG]);
      await expect(page.getByTestId('files-again')).toHaveCount(0);
      await continueToReview(page, locale);
      await expect(
        page.getByTestId('review').locator('[data-field="entryDate"] dd').first(),
      ).toHaveText(locale === 'kk' ? '2026 жылғы 20 қазан' : '20 октября 2026 г.');
    });

    test('a reload of check your answers keeps the answers', async ({ page }) => {
      await page.goto(`/${locale}/apply?imei=${n(2)}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      await page.reload();
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.detailsTitle }),
      ).toBeVisible();
      await expect(page.getByLabel(m.fields.fullName)).toHaveValue(APPLICANT.fullName);
      await expect(page.getByTestId('files-again')).toBeVisible();
    });

    test('keyboard only: from the header link to the confirmation', async ({ page }) => {
      const imei = n(3);
      const phone = freshPhone();
      await ownAddress(page);
      await page.goto(`/${locale}`);
      await tabTo(
        page,
        page
          .getByRole('navigation', { name: m.common.mainNav })
          .getByRole('link', { name: m.common.navApply }),
      );
      await page.keyboard.press('Enter');
      const imei1 = page.getByLabel(m.fields.imei1, { exact: true });
      await tabTo(page, imei1);
      await page.keyboard.type(imei);
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.detailsTitle }),
      ).toBeFocused();

      await tabTo(page, page.getByLabel(m.fields.fullName));
      await page.keyboard.type(APPLICANT.fullName);
      await tabTo(page, page.getByLabel(m.fields.iin, { exact: true }));
      await page.keyboard.type(APPLICANT.iin);
      const method = page.getByLabel(m.fields.arrivalMethod);
      await tabTo(page, method);
      // a closed list changes with the arrow keys
      for (let i = 0; i < 8 && (await method.inputValue()) !== 'GIFT'; i++)
        await page.keyboard.press('ArrowDown');
      await expect(method).toHaveValue('GIFT');
      const date = page.getByLabel(m.fields.entryDate);
      await tabTo(page, date);
      // the date's parts in the order the browser shows them
      const order = await page.evaluate(() =>
        new Intl.DateTimeFormat()
          .formatToParts(new Date(2026, 9, 20))
          .filter((p) => p.type !== 'literal')
          .map((p) => p.type),
      );
      for (const part of order)
        await page.keyboard.type(part === 'year' ? '2026' : part === 'month' ? '10' : '20');
      await expect(date).toHaveValue('2026-10-20');
      const country = page.getByLabel(m.fields.purchaseCountry);
      await tabTo(page, country);
      await page.keyboard.press('ArrowDown');
      await expect(country).not.toHaveValue('');
      await tabTo(page, page.getByLabel(m.fields.documents, { exact: true }));
      const chooser = page.waitForEvent('filechooser');
      await page.keyboard.press('Space');
      await (await chooser).setFiles([PDF]);
      await tabTo(page, page.getByLabel(m.fields.consent));
      await page.keyboard.press('Space');
      await tabTo(
        page,
        page.getByTestId('details-step').getByRole('button', { name: m.apply.continue }),
      );
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.reviewTitle }),
      ).toBeFocused();

      await tabTo(page, page.getByRole('button', { name: m.apply.toVerify }));
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('heading', { level: 1, name: m.apply.verifyTitle }),
      ).toBeFocused();
      const step = page.getByTestId('code-step');
      // the network saw a number in this device: choose "another number" with the arrow keys
      const other = step.getByLabel(m.codes.otherNumber);
      await tabTo(page, step.getByRole('radio').first());
      await page.keyboard.press('Space');
      for (let i = 0; i < 5 && !(await other.isChecked()); i++)
        await page.keyboard.press('ArrowDown');
      await expect(other).toBeChecked();
      await tabTo(page, step.getByLabel(m.codes.phone, { exact: true }));
      await page.keyboard.type(typed(phone));
      const before = await codesIn(phone);
      await page.keyboard.press('Enter');
      await expect(step.getByTestId('code-sent')).toBeFocused();
      // the typed number, whole, as people read it (+7 707 123 45 67)
      await expect(step.getByTestId('code-sent')).toContainText(
        typed(phone).replace(/ /g, '\u00a0'),
      );
      const code = await readCode(phone, before);
      await tabTo(page, step.getByLabel(m.codes.code, { exact: true }));
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: m.apply.doneTitle })).toBeVisible();
      await expect(page.getByTestId('reference')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    });

    test('status: problems listed at the top, the title says "Error", and the other language keeps the answers and the status', async ({
      page,
    }) => {
      await page.goto(`/${locale}/status`);
      const title = await page.title();
      await page.getByRole('button', { name: m.status.show }).click();
      const summary = page.getByTestId('error-summary');
      await expect(summary).toBeFocused();
      await expect(page).toHaveTitle(m.errorSummary.titlePrefix + title);
      await expect(summary.getByRole('link')).toHaveText([
        m.errors.REFERENCE_REQUIRED,
        m.errors.IIN_REQUIRED,
      ]);
      await summary.getByRole('link', { name: m.errors.IIN_REQUIRED }).click();
      await expect(page.getByLabel(m.status.iin, { exact: true })).toBeFocused();

      const reference = demoDevice('grey-under-review').proof!.reference;
      await lookUpStatus(page, locale, reference, APPLICANT.iin);
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'IN_REVIEW',
      );
      await expect(page).toHaveTitle(title);
      await page.getByTestId('language-switch').click();
      await expect(page).toHaveURL(new RegExp(`/${OTHER[locale]}/status$`));
      await expect(page.getByLabel(o.status.reference, { exact: true })).toHaveValue(reference);
      await expect(page.getByLabel(o.status.iin, { exact: true })).toHaveValue(APPLICANT.iin);
      await expect(page.getByTestId('application-status')).toContainText(
        o.status.statuses.IN_REVIEW,
      );
    });

    test('"not found" moves focus to the message', async ({ page }) => {
      await lookUpStatus(page, locale, demoDevice('grey-under-review').proof!.reference, OTHER_IIN);
      await expect(page.getByTestId('status-problem')).toHaveText(m.errors.APPLICATION_NOT_FOUND);
      await expect(page.getByTestId('status-problem-box')).toBeFocused();
    });
  });

  test.describe(`without JavaScript (${locale})`, () => {
    test.use({ javaScriptEnabled: false });

    test('the status form works and shows the same errors', async ({ page }) => {
      await page.goto(`/${locale}/status`);
      await page.getByRole('button', { name: m.status.show }).click();
      await expect(page.locator('#reference-error')).toHaveText(m.errors.REFERENCE_REQUIRED);
      await expect(page.locator('#iin-error')).toHaveText(m.errors.IIN_REQUIRED);
      await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
        m.errors.REFERENCE_REQUIRED,
        m.errors.IIN_REQUIRED,
      ]);
      const reference = demoDevice('grey-under-review').proof!.reference;
      await page.getByLabel(m.status.reference, { exact: true }).fill(reference);
      await page.getByLabel(m.status.iin, { exact: true }).fill(APPLICANT.iin);
      await page.getByRole('button', { name: m.status.show }).click();
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'IN_REVIEW',
      );
      expect(page.url()).not.toContain(APPLICANT.iin);
    });

    test('documents asked for are added without JavaScript; a wrong file is refused with the same error', async ({
      page,
      browser,
    }) => {
      test.slow(); // an application filed (with its SMS code) before the test proper
      // an application that awaits more information, filed as in the journey above
      const filing = await browser.newContext({ javaScriptEnabled: true });
      const filer = await filing.newPage();
      await filer.goto(`/${locale}/apply?imei=${n(5)}`);
      await fillApplication(filer, locale);
      await continueToReview(filer, locale);
      const reference = await send(filer, locale);
      decide(reference, 'request-info', '--note', 'Приложите таможенную декларацию');

      await ownAddress(page);
      await lookUpStatus(page, locale, reference, APPLICANT.iin);
      const status = page.getByTestId('application-status');
      await expect(status).toHaveAttribute('data-status', 'INFO_REQUESTED');
      const asked = status.getByTestId('info-requested');
      await expect(asked).toContainText('Приложите таможенную декларацию');

      // a text file named .pdf: refused by its content, the error in the summary linked to the input
      await asked
        .getByLabel(m.status.addDocuments)
        .setInputFiles([
          { name: 'декларация.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') },
        ]);
      await asked.getByRole('button', { name: m.status.sendDocuments }).click();
      const summary = page.getByTestId('documents-summary');
      await expect(summary.getByRole('link')).toHaveText([m.errors.DOCUMENT_TYPE]);
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#more-documents');
      await expect(page.locator('#more-documents-error')).toHaveText(m.errors.DOCUMENT_TYPE);
      await expect(page.locator('#more-documents')).toHaveAttribute(
        'aria-describedby',
        /more-documents-error/,
      );
      // nothing changed: still awaiting information, no document added
      await expect(status).toHaveAttribute('data-status', 'INFO_REQUESTED');
      await expect(status).not.toContainText('декларация.pdf');
      await expect(status.getByTestId('timeline')).not.toContainText(
        m.status.events.DOCUMENTS_ADDED,
      );
      expect(page.url()).not.toContain(APPLICANT.iin);
      // axe needs script: it runs on this very markup, scripts removed, in a page that has script
      const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
      const axePage = await filing.newPage();
      await axePage.goto(`/${locale}/status`);
      await axePage.setContent(html);
      await expectAccessible(axePage, 'the status without script, a document refused');
      await filing.close();

      // a real PDF: added, the new status and the document listed
      await asked
        .getByLabel(m.status.addDocuments)
        .setInputFiles([{ ...PDF, name: 'customs.pdf' }]);
      await asked.getByRole('button', { name: m.status.sendDocuments }).click();
      await expect(status).toHaveAttribute('data-status', 'IN_REVIEW');
      await expect(status).toContainText(m.status.statuses.IN_REVIEW);
      await expect(status.getByTestId('timeline')).toContainText(m.status.events.DOCUMENTS_ADDED);
      await expect(status).toContainText('customs.pdf');
      await expect(page.getByTestId('documents-summary')).toHaveCount(0);
      expect(page.url()).not.toContain(APPLICANT.iin);
    });

    test('an application is filed without JavaScript, refused early and with the same errors', async ({
      page,
    }) => {
      const phone = freshPhone();
      await ownAddress(page);
      await page.goto(`/${locale}/apply`);
      const imei1 = page.getByLabel(m.fields.imei1, { exact: true });
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(page.locator('#imei1-error')).toHaveText(m.errors.IMEI_REQUIRED);
      await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
        m.errors.IMEI_REQUIRED,
      ]);
      // a white device is refused before anything else is asked
      await imei1.fill(demoDevice('white-import-record').imei);
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(page.getByTestId('refusal')).toHaveAttribute('data-code', 'ALREADY_WHITE');
      await expect(page.getByLabel(m.fields.fullName)).toHaveCount(0);
      await imei1.fill(n(4));
      await page.getByRole('button', { name: m.apply.continue }).click();

      // the phone and its code first (the files then travel once, with the code)
      const step = page.getByTestId('code-step');
      await step.getByLabel(m.codes.otherNumber).check();
      await step.getByLabel(m.codes.phone, { exact: true }).fill(typed(phone));
      const before = await codesIn(phone);
      await step.getByRole('button', { name: m.codes.send }).click();
      const details = page.getByTestId('details-step');
      await expect(details).toBeVisible();
      const code = await readCode(phone, before);

      const fillAll = async () => {
        await page.getByLabel(m.fields.documents, { exact: true }).setInputFiles([PDF]);
        await page.getByLabel(m.codes.code, { exact: true }).fill(code);
      };
      await page.getByLabel(m.fields.fullName, { exact: true }).fill(APPLICANT.fullName);
      await page.getByLabel(m.fields.iin, { exact: true }).fill(APPLICANT.iin);
      await page
        .getByLabel(m.fields.arrivalMethod)
        .selectOption({ label: m.apply.arrival.PERSONAL });
      await page.getByLabel(m.fields.entryDate).fill('2026-10-20');
      await page.getByLabel(m.fields.purchaseCountry).selectOption('AE');
      await fillAll();
      // no consent: the same error as with script, the answers kept, the files asked for again
      await page.getByRole('button', { name: m.apply.send }).click();
      await expect(page.locator('#consent-error')).toHaveText(m.errors.CONSENT_REQUIRED);
      await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
        m.errors.CONSENT_REQUIRED,
      ]);
      await expect(page.getByLabel(m.fields.fullName, { exact: true })).toHaveValue(
        APPLICANT.fullName,
      );
      await expect(page.getByTestId('files-again')).toHaveText(m.apply.filesAgain);
      await fillAll();
      await page.getByLabel(m.fields.consent).check();
      await page.getByRole('button', { name: m.apply.send }).click();
      await expect(page.getByRole('heading', { name: m.apply.doneTitle })).toBeVisible();
      await expect(page.getByTestId('reference')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      expect(page.url()).not.toContain(APPLICANT.iin);
    });
  });
});
