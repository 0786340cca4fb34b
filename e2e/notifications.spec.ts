import { expect, test } from '@playwright/test';
import { MESSAGES, fill, type Locale } from './fixtures';
import { APPLICANT, lookUpStatus } from './support/apply-helpers';
import { STAFF, formReady, signInOk } from './support/staff-helpers';
import { inbox, insertApplication, notifyImei, registerSeen } from './support/notify-helpers';

// Every message goes to the test inbox over real protocols: the portal's decisions write the
// outbox, the worker (scripts/worker.ts) delivers to the local HTTP SMS gateway and SMTP server.
// Each test has its own device (notifyImei) and phone, shifted on a retry.
const POLL = { timeout: 60_000, intervals: [500, 1000, 2000] };

function phoneFor(n: number): string {
  return `+7707${String(5_000_000 + n + 100 * test.info().retry).padStart(7, '0')}`;
}

async function openAsStaff(
  page: import('@playwright/test').Page,
  locale: Locale,
  reference: string,
) {
  await signInOk(page, locale, STAFF.support);
  await page.goto(`/${locale}/admin/applications/${reference}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
}

test.describe('notifications to owners', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const [i, locale] of (['kk', 'ru'] as const).entries()) {
    test(`approval reaches the owner's phone and email in ${locale}, and staff see it delivered`, async ({
      page,
    }) => {
      const m = MESSAGES[locale];
      const n = 10 + i;
      const phone = phoneFor(n);
      const email = `owner-${n}-${test.info().retry}@e2e.test`;
      const a = await insertApplication({
        imei: notifyImei(n + 100 * test.info().retry),
        locale,
        phone,
        email,
      });
      await openAsStaff(page, locale, a.reference);
      await formReady(page, 'approve');
      await page.getByTestId('approve').getByRole('button', { name: m.admin.approve }).click();
      await page
        .getByTestId('approve-confirm')
        .getByRole('button', { name: m.admin.approveYes })
        .click();
      await expect(page.getByTestId('application-state')).toHaveAttribute(
        'data-status',
        'APPROVED',
      );

      await expect
        .poll(async () => (await inbox(phone)).map((x) => x.text), POLL)
        .toEqual([fill(m.notifications.APPROVED.sms, { reference: a.reference })]);
      await expect
        .poll(async () => (await inbox(email)).map((x) => x.subject), POLL)
        .toEqual([fill(m.notifications.APPROVED.subject, { reference: a.reference })]);
      expect((await inbox(email))[0].text).toContain(a.reference);

      // The application's messages, delivered, with the phone masked.
      await expect(async () => {
        await page.reload();
        const rows = page
          .getByTestId('outbox-row')
          .and(page.locator('[data-kind="APPROVED"][data-state="SENT"]'));
        await expect(rows).toHaveCount(2, { timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
      const smsRow = page.locator('[data-testid="outbox-row"][data-channel="SMS"]');
      await expect(smsRow).toContainText(`+7 7** *** ** ${phone.slice(-2)}`);
      await expect(smsRow).toContainText(m.admin.messageKinds.APPROVED);
      await expect(smsRow).toContainText(m.admin.messageStates.SENT);
      // staff can read what was sent
      await smsRow.getByText(m.admin.messageText).click();
      await expect(smsRow.getByTestId('message-body')).toHaveText(
        fill(m.notifications.APPROVED.sms, { reference: a.reference }),
      );
      await expect(page.getByText(phone)).toHaveCount(0);

      // The Outbox page lists them too, filtered by state.
      await page
        .getByRole('navigation', { name: m.admin.menu })
        .getByRole('link', { name: m.admin.navOutbox })
        .click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.admin.outboxTitle);
      await page.getByRole('link', { name: m.admin.messageStates.SENT, exact: true }).click();
      await expect(page).toHaveURL(/state=SENT/);
      await expect(
        page.locator(`[data-testid="outbox-row"]`).filter({ hasText: a.reference }).first(),
      ).toContainText(m.admin.messageStates.SENT);
    });
  }

  test('rejection tells the owner the reason and what to do, in Russian by SMS and email', async ({
    page,
  }) => {
    const m = MESSAGES.ru;
    const phone = phoneFor(20);
    const email = `owner-20-${test.info().retry}@e2e.test`;
    const a = await insertApplication({
      imei: notifyImei(20 + 100 * test.info().retry),
      locale: 'ru',
      phone,
      email,
    });
    await openAsStaff(page, 'kk', a.reference); // the reviewer works in Kazakh; the owner reads Russian
    await formReady(page, 'reject');
    const form = page.getByTestId('reject');
    await form.getByLabel(MESSAGES.kk.admin.rejectReason).selectOption('DOCUMENTS_MISMATCH');
    await form.getByLabel(MESSAGES.kk.admin.noteToOwner).fill('IMEI в чеке другой');
    await form.getByRole('button', { name: MESSAGES.kk.admin.reject }).click();
    await expect(page.getByTestId('application-state')).toHaveAttribute('data-status', 'REJECTED');

    await expect.poll(async () => (await inbox(phone)).length, POLL).toBe(1);
    const [sms] = await inbox(phone);
    expect(sms.text).toContain(`Заявление ${a.reference} отклонено`);
    expect(sms.text).toContain(m.rejectionReasons.DOCUMENTS_MISMATCH);
    expect(sms.text).toContain('/ru/apply');
    await expect.poll(async () => (await inbox(email)).length, POLL).toBe(1);
    const [mail] = await inbox(email);
    expect(mail.subject).toBe(fill(m.notifications.REJECTED.subject, { reference: a.reference }));
    expect(mail.text).toContain(m.rejectionReasons.DOCUMENTS_MISMATCH);
    expect(mail.text).toContain('IMEI в чеке другой');
    expect(mail.text).toContain('Что делать');
  });

  test('a request for information carries what to add and the respond-by date (kk), which the owner also sees', async ({
    page,
    browser,
  }) => {
    const phone = phoneFor(30);
    const a = await insertApplication({
      imei: notifyImei(30 + 100 * test.info().retry),
      locale: 'kk',
      phone,
      email: null,
    });
    await openAsStaff(page, 'ru', a.reference);
    await formReady(page, 'request-info');
    const form = page.getByTestId('request-info');
    await form.getByLabel(MESSAGES.ru.admin.whatToAdd).fill('Кедендік декларацияны қосыңыз');
    const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel(MESSAGES.ru.admin.respondBy).fill(day);
    await form.getByRole('button', { name: MESSAGES.ru.admin.requestInfo }).click();
    await expect(page.getByTestId('application-state')).toHaveAttribute(
      'data-status',
      'INFO_REQUESTED',
    );
    await expect(page.getByTestId('respond-by')).toBeVisible();

    const ddmmyyyy = `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
    await expect.poll(async () => (await inbox(phone)).length, POLL).toBe(1);
    const [sms] = await inbox(phone);
    expect(sms.text).toContain(`Өтініш ${a.reference}: қосымша ақпарат қажет`);
    expect(sms.text).toContain('Кедендік декларацияны қосыңыз');
    expect(sms.text).toContain(`${ddmmyyyy} дейін`);

    const owner = await (await browser.newContext()).newPage();
    await lookUpStatus(owner, 'kk', a.reference, APPLICANT.iin);
    await expect(owner.getByTestId('respond-by')).toBeVisible();
  });

  test('a grey device 23.5 days after its first registration: its number gets the 7-day reminder in Kazakh and Russian', async () => {
    const imei = notifyImei(40 + 100 * test.info().retry);
    const msisdn = `7707${String(6_000_000 + 40 + 100 * test.info().retry)}`;
    registerSeen(imei, msisdn, 23.5, test.info().outputPath('feeds'));
    await expect.poll(async () => (await inbox(`+${msisdn}`)).length, POLL).toBe(1);
    const [sms] = await inbox(`+${msisdn}`);
    expect(sms.text).toContain(`IMEI ${imei} сұр тізімде`);
    expect(sms.text).toContain('7 күн');
    expect(sms.text).toContain(`IMEI ${imei} в сером списке`);
    expect(sms.text).toContain('осталось 7 дней');
    expect(sms.text).toContain(`/kk/apply?imei=${imei}`);
    expect(sms.text.indexOf('сұр тізімде')).toBeLessThan(sms.text.indexOf('в сером списке'));
  });
});
