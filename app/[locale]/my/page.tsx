import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import { currentOwner } from '@/lib/data/current-owner';
import { applicationsForPhone } from '@/lib/data/applications';
import { formatKzMobile } from '@/lib/domain/phone';
import { CODE_RULES } from '@/lib/domain/one-time-codes';
import { minutesOf } from '@/lib/i18n/message-values';
import { statusView } from '../../_lib/status-view';
import { MyApplications, MyApplicationsSignIn } from '../../_components/my-applications';
import { titleFrom } from '../../_lib/page-title';

export const generateMetadata = titleFrom('my.title');

/**
 * "My applications": the owner proves their number by a code and sees every application filed
 * with it, for 30 minutes. A lost reference is no longer lost.
 */
export default async function MyApplicationsPage({ params }: PageProps<'/[locale]/my'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'my' });
  const owner = await currentOwner();
  if (!owner) {
    return (
      <>
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro', { minutes: minutesOf(CODE_RULES.ownerSessionMs) })}</p>
        <MyApplicationsSignIn />
      </>
    );
  }
  const format = await getFormatter({ locale });
  const views = await Promise.all(
    (await applicationsForPhone(await db(), owner.msisdn)).map((a) => statusView(a, locale)),
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <MyApplications
        views={views}
        number={formatKzMobile(owner.msisdn)}
        untilText={format.dateTime(owner.expiresAt, 'time')}
      />
    </>
  );
}
