import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import QRCode from 'qrcode';
import { currentStaff, pendingToken } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { pendingSignIn } from '@/lib/data/staff-two-factor';
import { totpUri } from '@/lib/auth/two-factor';
import { groupSecret, TWO_FACTOR_RULES } from '@/lib/domain/two-factor';
import { RecoveryCodes, SecondFactorForm } from '../../../../_components/two-factor-forms';
import { cancelSecondStepAction } from '../../../../_actions/two-factor';
import { staffTitle } from '../../_lib/page-title';

export async function generateMetadata({
  params,
}: PageProps<'/[locale]/admin/sign-in/two-factor'>) {
  return staffTitle(params, 'twoFactor.verifyTitle');
}

/**
 * The second step of staff sign-in, reached only with the pending state a right password leaves
 * (its httpOnly cookie): enrolment (QR code, the key for typing, a code), the recovery codes, or
 * the code. Without that state, back to the password step.
 */
export default async function TwoFactorPage({
  params,
}: PageProps<'/[locale]/admin/sign-in/two-factor'>) {
  const { locale } = await params;
  setPageLocale(locale);
  if (await currentStaff()) redirect(`/${locale}/admin`);
  const pending = await pendingSignIn(await db(), await pendingToken());
  if (!pending) redirect(`/${locale}/admin/sign-in`);
  const t = await getTranslations({ locale, namespace: 'admin.twoFactor' });
  const back = (
    <form action={cancelSecondStepAction}>
      <input type="hidden" name="locale" value={locale} />
      <button type="submit" className="link-button">
        {t('backToSignIn')}
      </button>
    </form>
  );

  if (pending.stage === 'ENROL' && pending.enrolSecret) {
    const issuer = t('issuer');
    // Drawn here, on the server, as SVG: the secret goes to no other service.
    const svg = await QRCode.toString(totpUri(pending.enrolSecret, issuer, pending.email), {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return (
      <>
        <h1>{t('enrolTitle')}</h1>
        <p className="lead">{t('enrolIntro')}</p>
        <ol className="enrol-steps">
          <li>{t('enrolStepApp')}</li>
          <li>
            {t('enrolStepScan')}
            <div
              className="qr"
              role="img"
              aria-label={t('qrLabel')}
              data-testid="totp-qr"
              dangerouslySetInnerHTML={{ __html: svg }}
            />
            <p>{t('manualKeyTitle')}</p>
            <dl className="summary">
              <div className="summary-row">
                <dt>{t('manualIssuer')}</dt>
                <dd>{issuer}</dd>
              </div>
              <div className="summary-row">
                <dt>{t('manualAccount')}</dt>
                <dd>{pending.email}</dd>
              </div>
              <div className="summary-row">
                <dt>{t('manualKey')}</dt>
                <dd className="mono secret" data-testid="totp-secret">
                  {groupSecret(pending.enrolSecret)}
                </dd>
              </div>
              <div className="summary-row">
                <dt>{t('manualType')}</dt>
                <dd>
                  {t('manualTypeValue', {
                    digits: TWO_FACTOR_RULES.digits,
                    seconds: TWO_FACTOR_RULES.period,
                  })}
                </dd>
              </div>
            </dl>
          </li>
          <li>{t('enrolStepCode')}</li>
        </ol>
        <SecondFactorForm mode="enrol" />
        {back}
      </>
    );
  }

  if (pending.stage === 'RECOVERY_CODES') {
    return (
      <>
        <h1>{t('enrolTitle')}</h1>
        <RecoveryCodes initial={null} />
      </>
    );
  }

  return (
    <>
      <h1>{t('verifyTitle')}</h1>
      <p className="lead">{t('verifyIntro', { email: pending.email })}</p>
      <SecondFactorForm mode="verify" />
      {back}
    </>
  );
}
