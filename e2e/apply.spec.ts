import { expect, test } from '@playwright/test';
import { MESSAGES, LOCALES, checkImei, fill, say } from './fixtures';
import { e2eImei } from './support/e2e-devices';
import {
  APPLICANT,
  JPEG,
  PDF,
  continueToReview,
  countApplicationsFor,
  decide,
  fillApplication,
  freshPhone,
  lookUpStatus,
  passDeviceStep,
  proveAndConfirm,
  send,
} from './support/apply-helpers';
import { demoDevice } from '../lib/demo-devices';
import { iinCheckDigit } from '../lib/domain/iin';
import { makeReference } from '../lib/domain/reference';

const OTHER_IIN = (() => {
  for (let s = 0; ; s++) {
    const first11 = '850704400' + String(s).padStart(2, '0');
    const c = iinCheckDigit(first11);
    if (c !== null && first11 + c !== APPLICANT.iin) return first11 + c;
  }
})();
const UNKNOWN_REFERENCE = makeReference([29, 28, 27, 26, 25, 24, 23]);
/** An iPhone photo as it leaves the phone: HEIC (ISO base media, brand heic). */
const HEIC = {
  name: 'IMG_0042.HEIC',
  mimeType: 'image/heic',
  buffer: Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic\0\0\0\0mif1heic'),
    Buffer.alloc(64),
  ]),
};

// Each test files for its own grey device (e2eImei(n)), so tests never share state.
LOCALES.forEach((locale, li) => {
  const m = MESSAGES[locale];
  // each test its own device; shifted on a retry so a retried test never meets its own earlier application
  const n = (k: number) => e2eImei(li * 20 + k + 200 * test.info().retry);

  test.describe(`proof of legal import (${locale})`, () => {
    test('from a grey result to a confirmation, then following it on the status page', async ({
      page,
    }) => {
      test.slow(); // several filings, each with its SMS code
      const imei = n(0);
      const result = await checkImei(page, locale, imei);
      await expect(result).toHaveAttribute('data-list', 'GREY');
      await result.getByTestId('apply-link').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.apply.title);
      await expect(page.getByLabel(m.fields.imei1, { exact: true })).toHaveValue(imei);

      await fillApplication(page, locale);
      await expect(page.getByText(PDF.name, { exact: true })).toBeVisible();
      await continueToReview(page, locale);
      // check your answers: values as people read them
      const review = page.getByTestId('review');
      const row = (field: string) => review.locator(`[data-field="${field}"] dd`).first();
      await expect(row('fullName')).toHaveText(APPLICANT.fullName);
      await expect(row('arrivalMethod')).toHaveText(m.apply.arrival.PERSONAL);
      await expect(row('entryDate')).toHaveText(
        locale === 'kk' ? '2026 жылғы 20 қазан' : '20 октября 2026 г.',
      );
      await expect(row('purchaseCountry')).toHaveText(
        new Intl.DisplayNames([locale], { type: 'region' }).of('AE')!,
      );
      await expect(row('documents').getByRole('listitem')).toHaveText([PDF.name, JPEG.name]);
      await expect(row('email')).toHaveText(m.apply.notGiven);
      // "Change" on a row returns to that field, focused, with the answers still there
      await review
        .getByRole('button', { name: `${m.apply.changeField} ${m.fields.fullName}` })
        .click();
      await expect(page.getByLabel(m.fields.fullName)).toBeFocused();
      await expect(page.getByLabel(m.fields.fullName)).toHaveValue(APPLICANT.fullName);
      await continueToReview(page, locale);
      await page
        .getByTestId('review')
        .getByRole('button', { name: `${m.apply.changeField} ${m.fields.imei1}`, exact: true })
        .click();
      await expect(page.getByLabel(m.fields.imei1, { exact: true })).toBeFocused();
      // the device step goes straight back to the answers
      await page.getByTestId('device-step').getByRole('button', { name: m.apply.continue }).click();
      await expect(page.getByRole('heading', { name: m.apply.reviewTitle })).toBeFocused();

      // the code goes to the number the network saw in this device: possession proven
      const reference = await send(page, locale, {
        seen: `+7705${String(1_000_000 + Number(imei.slice(8, 14)) - 700000)}`,
      });
      await expect(page.getByTestId('confirmation')).toContainText(m.apply.nextTitle);
      // the confirmation survives a reload: the reference is in the owner's session, not the URL
      await expect(page).toHaveURL(new RegExp(`/${locale}/apply/done$`));
      await page.reload();
      await expect(page.getByTestId('reference')).toHaveText(reference);

      await page
        .getByRole('navigation', { name: MESSAGES[locale].common.mainNav })
        .getByRole('link', { name: MESSAGES[locale].common.navStatus })
        .click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/status$`));
      await lookUpStatus(page, locale, reference.toLowerCase().replace('-', ''), APPLICANT.iin);
      const status = page.getByTestId('application-status');
      await expect(status).toHaveAttribute('data-status', 'SUBMITTED');
      await expect(status).toContainText(m.status.statuses.SUBMITTED);
      await expect(status.getByTestId('timeline')).toContainText(m.status.events.SUBMITTED);
      await expect(status).toContainText(PDF.name);
      // nothing personal ever went into a URL
      expect(page.url()).not.toContain(APPLICANT.iin);

      // the check page says the proof is under review
      const after = await checkImei(page, locale, imei);
      await expect(after.locator('[data-reason="PROOF_UNDER_REVIEW"]')).toBeAttached(); // folded under "details"

      // applying again for this device is refused on the first step, with where to follow it
      await page.goto(`/${locale}/apply?imei=${imei}`);
      await expect(page.getByLabel(m.fields.imei1, { exact: true })).toHaveValue(imei);
      await page.getByTestId('device-step').getByRole('button', { name: m.apply.continue }).click();
      const refusal = page.getByTestId('refusal');
      await expect(refusal).toHaveAttribute('data-code', 'APPLICATION_EXISTS');
      await expect(refusal.getByRole('heading')).toBeFocused();
      await expect(refusal).toContainText(m.apply.refusal.APPLICATION_EXISTS.next);
      await expect(refusal.getByRole('link', { name: m.common.navStatus })).toBeVisible();
      await expect(page.getByLabel(m.fields.fullName)).toHaveCount(0);
    });

    test('errors: a summary at the top links to each field, the title says "Error", each message once', async ({
      page,
    }) => {
      await page.goto(`/${locale}/apply`);
      const title = await page.title();
      const summary = page.getByTestId('error-summary');
      const imei1 = page.getByLabel(m.fields.imei1, { exact: true });
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('heading')).toHaveText(m.errorSummary.title);
      await expect(page).toHaveTitle(m.errorSummary.titlePrefix + title);
      await expect(summary.getByRole('link')).toHaveText([m.errors.IMEI_REQUIRED]);
      await summary.getByRole('link', { name: m.errors.IMEI_REQUIRED }).click();
      await expect(imei1).toBeFocused();
      await expect(imei1).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('#imei1-error')).toHaveText(m.errors.IMEI_REQUIRED);
      await expect(imei1).toHaveAttribute('aria-describedby', /imei1-error/);

      // wrong IMEIs get their own messages, before anything else is asked
      await imei1.fill('867543057000001');
      await page.getByLabel(m.fields.imei2).fill(n(1).slice(0, 10));
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('link')).toHaveText([
        m.errors.IMEI_CHECK_DIGIT,
        m.errors.IMEI_WRONG_LENGTH,
      ]);
      await expect(page.locator('#imei1-error')).toHaveText(m.errors.IMEI_CHECK_DIGIT);
      await expect(page.locator('#imei2-error')).toHaveText(m.errors.IMEI_WRONG_LENGTH);
      await expect(page.getByLabel(m.fields.fullName)).toHaveCount(0);
      await imei1.fill(n(1));
      await page.getByLabel(m.fields.imei2).fill('');
      await passDeviceStep(page, locale);
      // no errors, no "Error:" in the title
      await expect(page).toHaveTitle(title);

      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(summary).toBeFocused();
      await expect(page).toHaveTitle(m.errorSummary.titlePrefix + title);
      const required = [
        ['fullName', 'NAME_REQUIRED'],
        ['iin', 'IIN_REQUIRED'],
        ['arrivalMethod', 'ARRIVAL_REQUIRED'],
        ['entryDate', 'ENTRY_DATE_REQUIRED'],
        ['purchaseCountry', 'COUNTRY_REQUIRED'],
        ['documents', 'DOCUMENTS_REQUIRED'],
        ['consent', 'CONSENT_REQUIRED'],
      ] as const;
      // one line per field, in the page's order, each linking to its field
      await expect(summary.getByRole('link')).toHaveText(
        required.map(([, code]) => m.errors[code]),
      );
      for (const [id, code] of required) {
        await expect(page.locator(`#${id}-error`), id).toHaveText(m.errors[code]);
        await expect(
          summary.getByRole('link', { name: m.errors[code], exact: true }),
          id,
        ).toHaveAttribute('href', `#${id}`);
      }
      await summary.getByRole('link', { name: m.errors.ENTRY_DATE_REQUIRED }).click();
      await expect(page.getByLabel(m.fields.entryDate)).toBeFocused();

      // wrong values get their own messages
      await page.getByLabel(m.fields.fullName).fill('Agent 007');
      await page.getByLabel(m.fields.iin, { exact: true }).fill('990230300001');
      await page.getByLabel(m.fields.email).fill('name@');
      await page.getByLabel(m.fields.arrivalMethod).selectOption({ label: m.apply.arrival.POST });
      await page.getByLabel(m.fields.customsDeclaration).fill('<x>');
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(summary).toBeFocused();
      await expect(page.locator('#fullName-error')).toHaveText(m.errors.NAME_INVALID);
      await expect(page.locator('#iin-error')).toHaveText(m.errors.IIN_BIRTH_DATE);
      await expect(page.locator('#email-error')).toHaveText(m.errors.EMAIL_INVALID);
      await expect(page.locator('#trackingNumber-error')).toHaveText(m.errors.TRACKING_REQUIRED);
      await expect(page.locator('#customsDeclaration-error')).toHaveText(m.errors.CUSTOMS_INVALID);
      await expect(summary.getByRole('link', { name: m.errors.TRACKING_REQUIRED })).toHaveCount(1);
      await page.getByLabel(m.fields.arrivalMethod).selectOption({ label: m.apply.arrival.OTHER });
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(page.locator('#arrivalExplanation-error')).toHaveText(
        m.errors.EXPLANATION_REQUIRED,
      );
    });

    test('a renamed executable, an empty file and an 11 MB file are refused', async ({ page }) => {
      test.slow(); // an 11 MB upload on a slow machine
      await page.goto(`/${locale}/apply?imei=${n(2)}`);
      await fillApplication(page, locale, {
        files: [
          {
            name: 'scan.pdf',
            mimeType: 'application/pdf',
            buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]),
          },
          { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
          {
            name: 'huge.pdf',
            mimeType: 'application/pdf',
            buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]),
          },
        ],
      });
      await page.getByLabel(m.fields.documents, { exact: true }).setInputFiles([HEIC]);
      await page.getByRole('button', { name: m.apply.continue }).click();
      const list = page.getByRole('list', { name: m.fields.chosenFiles });
      const fixes = m.fileFixes;
      await expect(list.locator('li').nth(0)).toContainText(
        `${m.errors.DOCUMENT_TYPE} ${fixes.DOCUMENT_TYPE}`,
      );
      await expect(list.locator('li').nth(1)).toContainText(
        `${m.errors.DOCUMENT_EMPTY} ${fixes.DOCUMENT_EMPTY}`,
      );
      // too large: how to make it smaller; an iPhone photo: how to save it as JPEG
      await expect(list.locator('li').nth(2)).toContainText(
        `${say(locale, 'errors.DOCUMENT_TOO_LARGE', { fileMb: 10 })} ${fill(fixes.DOCUMENT_TOO_LARGE, { mb: 10 })}`,
      );
      await expect(list.locator('li').nth(3)).toContainText(
        `${m.errors.DOCUMENT_HEIC} ${fixes.DOCUMENT_HEIC}`,
      );
      await expect(page.getByTestId('review')).toHaveCount(0);
      // each file's error is announced, describes the file input, and has its line in the summary
      await expect(list.getByRole('alert')).toHaveCount(4);
      const input = page.getByLabel(m.fields.documents, { exact: true });
      await expect(input).toHaveAttribute(
        'aria-describedby',
        /documents-file-0-error.*documents-file-1-error.*documents-file-2-error.*documents-file-3-error/,
      );
      const summary = page.getByTestId('error-summary');
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('link')).toHaveText([
        fill(m.errorSummary.fileError, { name: 'scan.pdf', error: m.errors.DOCUMENT_TYPE }),
        fill(m.errorSummary.fileError, { name: 'empty.pdf', error: m.errors.DOCUMENT_EMPTY }),
        fill(m.errorSummary.fileError, {
          name: 'huge.pdf',
          error: say(locale, 'errors.DOCUMENT_TOO_LARGE', { fileMb: 10 }),
        }),
        fill(m.errorSummary.fileError, { name: HEIC.name, error: m.errors.DOCUMENT_HEIC }),
      ]);
      await summary.getByRole('link').last().click();
      await expect(input).toBeFocused();
      // removing the bad files and adding a real one lets the owner go on
      for (let i = 0; i < 4; i++) await list.getByRole('button').first().click();
      await page.getByLabel(m.fields.documents, { exact: true }).setInputFiles([PDF]);
      await continueToReview(page, locale);
      expect(await countApplicationsFor(n(2))).toBe(0);
    });

    test('a double-clicked send creates one application', async ({ page }) => {
      test.slow(); // several filings, each with its SMS code
      const imei = n(3);
      const phone = freshPhone();
      await page.goto(`/${locale}/apply?imei=${imei}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      const reference = await send(page, locale, { phone, confirm: 'dblclick' });
      expect(await countApplicationsFor(imei)).toBe(1);
      // a second attempt for the same device, from the same number, is shown the existing reference
      await page.goto(`/${locale}/apply?imei=${imei}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      await page.getByRole('button', { name: m.apply.toVerify }).click();
      await proveAndConfirm(page, locale, { phone });
      const refusal = page.getByTestId('refusal');
      await expect(refusal).toHaveAttribute('data-code', 'APPLICATION_EXISTS');
      await expect(refusal.getByRole('heading')).toBeFocused();
      await expect(refusal).toContainText(reference);
      expect(await countApplicationsFor(imei)).toBe(1);
    });

    test('IMEI 2 of a dual-SIM phone is decided with IMEI 1', async ({ page, request }) => {
      test.slow(); // several filings, each with its SMS code
      const [imei1, imei2] = [n(4), n(5)];
      await page.goto(`/${locale}/apply?imei=${imei1}`);
      await fillApplication(page, locale, { imei2 });
      await continueToReview(page, locale);
      const reference = await send(page, locale);
      decide(reference, 'approve');
      for (const imei of [imei1, imei2]) {
        const body = await (await request.get(`/api/v1/imei/${imei}`)).json();
        expect(body).toMatchObject({ list: 'WHITE', reasons: ['PROOF_APPROVED'] });
      }
      const result = await checkImei(page, locale, imei2);
      await expect(result).toHaveAttribute('data-list', 'WHITE');
      await lookUpStatus(page, locale, reference, APPLICANT.iin);
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'APPROVED',
      );
    });

    test("a rejection shows its reason in the owner's language; more information can be added", async ({
      page,
    }) => {
      test.slow(); // several filings, each with its SMS code
      await page.goto(`/${locale}/apply?imei=${n(6)}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      const rejected = await send(page, locale);
      decide(rejected, 'reject', '--reason', 'DOCUMENTS_UNREADABLE', '--note', 'Фото чека размыто');
      await lookUpStatus(page, locale, rejected, APPLICANT.iin);
      const status = page.getByTestId('application-status');
      await expect(status).toHaveAttribute('data-status', 'REJECTED');
      await expect(status.getByTestId('rejection')).toContainText(
        m.rejectionReasons.DOCUMENTS_UNREADABLE,
      );
      await expect(status.getByTestId('rejection')).toContainText('Фото чека размыто');

      await page.goto(`/${locale}/apply?imei=${n(7)}`);
      await fillApplication(page, locale);
      await continueToReview(page, locale);
      const asked = await send(page, locale);
      decide(asked, 'request-info', '--note', 'Приложите таможенную декларацию');
      await lookUpStatus(page, locale, asked, APPLICANT.iin);
      const card = page.getByTestId('info-requested');
      await expect(card).toContainText('Приложите таможенную декларацию');
      // a text file named .pdf: refused in the browser by its content, listed in the summary, which takes focus
      const notPdf = { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('text') };
      await card.getByLabel(m.status.addDocuments).setInputFiles([notPdf]);
      await card.getByRole('button', { name: m.status.sendDocuments }).click();
      const summary = page.getByTestId('documents-summary');
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('link')).toHaveText([
        say(locale, 'errorSummary.fileError', { name: notPdf.name, error: m.errors.DOCUMENT_TYPE }),
      ]);
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#more-documents');
      await card
        .getByRole('button', { name: say(locale, 'fields.removeFile', { name: notPdf.name }) })
        .click();
      await card.getByLabel(m.status.addDocuments).setInputFiles([{ ...PDF, name: 'customs.pdf' }]);
      await card.getByRole('button', { name: m.status.sendDocuments }).click();
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'IN_REVIEW',
      );
      await expect(page.getByTestId('timeline')).toContainText(m.status.events.DOCUMENTS_ADDED);
      await expect(page.getByTestId('application-status')).toContainText('customs.pdf');
    });

    test('a wrong IIN or reference reveals nothing', async ({ page }) => {
      const reference = demoDevice('grey-under-review').proof!.reference;
      // a valid IIN, but not the applicant's
      await lookUpStatus(page, locale, reference, OTHER_IIN);
      await expect(page.getByTestId('status-problem')).toHaveText(m.errors.APPLICATION_NOT_FOUND);
      await expect(page.getByTestId('application-status')).toHaveCount(0);
      // a valid reference that does not exist gets the very same answer
      await lookUpStatus(page, locale, UNKNOWN_REFERENCE, APPLICANT.iin);
      await expect(page.getByTestId('status-problem')).toHaveText(m.errors.APPLICATION_NOT_FOUND);
      // a mistyped reference is caught by its check character, before any lookup
      await lookUpStatus(
        page,
        locale,
        reference.slice(0, 8) + (reference[8] === '2' ? '3' : '2'),
        APPLICANT.iin,
      );
      await expect(page.locator('#reference-error')).toHaveText(m.errors.REFERENCE_INVALID);
      // the right pair works
      await lookUpStatus(page, locale, reference, APPLICANT.iin);
      await expect(page.getByTestId('application-status')).toHaveAttribute(
        'data-status',
        'IN_REVIEW',
      );
    });

    test('the first step refuses a white or black device before anything else is asked, and says what to do instead', async ({
      page,
    }) => {
      const refusal = page.getByTestId('refusal');
      for (const [key, code] of [
        ['white-import-record', 'ALREADY_WHITE'],
        ['black-gsma', 'NOT_CURABLE'],
        ['black-expired', 'WINDOW_EXPIRED'],
      ] as const) {
        await page.goto(`/${locale}/apply?imei=${demoDevice(key).imei}`);
        await page.getByRole('button', { name: m.apply.continue }).click();
        await expect(refusal, key).toHaveAttribute('data-code', code);
        const r = m.apply.refusal[code];
        await expect(refusal.getByRole('heading')).toHaveText(r.title);
        await expect(refusal.getByRole('heading')).toBeFocused();
        await expect(refusal).toContainText(r.next);
        // nothing else was asked for
        await expect(page.getByLabel(m.fields.fullName)).toHaveCount(0);
      }
      // the configured window, in words with the right plural
      await expect(refusal).toContainText(locale === 'kk' ? '30 күн' : '30 дней');
      // another device: back to the field
      await page.goto(`/${locale}/apply?imei=${demoDevice('black-expired').imei}`);
      await page.getByRole('button', { name: m.apply.continue }).click();
      await expect(refusal.getByRole('link', { name: m.common.navCheck })).toHaveAttribute(
        'href',
        `/${locale}`,
      );
      await refusal.getByRole('button', { name: m.apply.otherDevice }).click();
      await expect(page.getByLabel(m.fields.imei1, { exact: true })).toBeFocused();
    });

    test('the header link to apply starts with the IMEI', async ({ page }) => {
      await page.goto(`/${locale}`);
      await page
        .getByRole('navigation', { name: m.common.mainNav })
        .getByRole('link', { name: m.common.navApply })
        .click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.apply.title);
      await expect(page.getByTestId('device-step').getByRole('textbox')).toHaveCount(2);
      await expect(page.getByLabel(m.fields.fullName)).toHaveCount(0);
    });
  });
});
