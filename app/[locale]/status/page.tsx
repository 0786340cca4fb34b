import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { ApplicationStatus } from '../../_components/application-status';
import { titleFrom } from '../../_lib/page-title';

export const generateMetadata = titleFrom('status.title');

export default async function StatusPage({ params }: PageProps<'/[locale]/status'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'status' });
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ApplicationStatus />
    </>
  );
}
