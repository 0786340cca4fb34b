import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/forbidden'>) {
  return staffTitle(params, 'forbiddenTitle');
}

export default async function ForbiddenPage({ params }: PageProps<'/[locale]/admin/forbidden'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const t = await getTranslations({ locale, namespace: 'admin' });
  return (
    <>
      <h1>{t('forbiddenTitle')}</h1>
      <p>{t('forbiddenText')}</p>
      <p>
        <Link href="/admin">{t('navQueue')}</Link>
      </p>
    </>
  );
}
