import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { Link } from '@/lib/i18n/navigation';
import { db } from '@/lib/data/prisma';
import { currentOwner } from '@/lib/data/current-owner';
import { applicationForPhone } from '@/lib/data/applications';
import { formatKzMobile } from '@/lib/domain/phone';
import { statusView } from '../../../_lib/status-view';
import { titleFrom } from '../../../_lib/page-title';

export const generateMetadata = titleFrom('apply.doneTitle');

/**
 * The confirmation after filing. The reference comes from the owner's session (set when the
 * application was filed), never from the URL: a reload shows the same page.
 */
export default async function ApplicationDonePage({ params }: PageProps<'/[locale]/apply/done'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'apply' });
  const owner = await currentOwner();
  const app = owner?.lastReference
    ? await applicationForPhone(await db(), owner.lastReference, owner.msisdn)
    : null;
  if (!owner || !app) {
    return (
      <section aria-labelledby="done-heading" data-testid="confirmation-missing">
        <h1 id="done-heading">{t('doneMissingTitle')}</h1>
        <p>{t('doneMissingText')}</p>
        <p>
          <Link href="/my" className="button">
            {t('myLink')}
          </Link>
        </p>
      </section>
    );
  }
  const view = await statusView(app, locale);
  return (
    <section aria-labelledby="done-heading" className="confirmation" data-testid="confirmation">
      <h1 id="done-heading">{t('doneTitle')}</h1>
      <div className="reference-box">
        <p>{t('referenceLabel')}</p>
        <p className="reference mono" data-testid="reference">
          {app.reference}
        </p>
        <p className="hint">{t('referenceHint')}</p>
      </div>
      <p data-testid="messages-to">{t('messagesTo', { number: formatKzMobile(owner.msisdn) })}</p>
      <h2>{t('nextTitle')}</h2>
      <ol className="steps">
        {view.reviewByText && <li>{t('next1', { date: view.reviewByText })}</li>}
        <li>{t('next2')}</li>
        <li>{t('next3')}</li>
      </ol>
      <p>
        <Link href="/my" className="button button-secondary">
          {t('myLink')}
        </Link>
      </p>
    </section>
  );
}
