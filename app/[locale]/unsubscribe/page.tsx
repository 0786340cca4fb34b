import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { db } from '@/lib/data/prisma';
import { watchForToken } from '@/lib/data/watches';
import { UnsubscribeForm } from '../../_components/unsubscribe-form';
import { titleFrom } from '../../_lib/page-title';

export const generateMetadata = titleFrom('watch.unsubscribeTitle');

/**
 * The link in every watch message. The page asks for a press of a button (a link preview or a
 * mail scanner opening the link unsubscribes nobody); the token grants nothing else.
 */
export default async function UnsubscribePage({
  params,
  searchParams,
}: PageProps<'/[locale]/unsubscribe'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'watch' });
  const token = (await searchParams).t;
  const watch = typeof token === 'string' ? await watchForToken(await db(), token) : null;
  return (
    <>
      <h1>{t('unsubscribeTitle')}</h1>
      {!watch || typeof token !== 'string' ? (
        <p data-testid="unsubscribe-unknown">{t('unsubscribeUnknown')}</p>
      ) : !watch.active ? (
        <p data-testid="unsubscribed">{t('unsubscribed', { imei: watch.imei })}</p>
      ) : (
        <UnsubscribeForm token={token} imei={watch.imei} />
      )}
    </>
  );
}
