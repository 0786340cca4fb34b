import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { hasLocale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { config } from '@/lib/config';
import { CheckForm } from '../_components/check-form';
import { ListIcon } from '../_components/list-icon';

export default async function CheckPage({ params }: PageProps<'/[locale]'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  // Rendered per request: the window length comes from the runtime configuration.
  await connection();
  const t = await getTranslations({ locale, namespace: 'home' });
  const tl = await getTranslations({ locale, namespace: 'result.lists' });
  const days = config().rules.greyWindowDays;

  return (
    <>
      <h1>{t('heading')}</h1>
      <p className="lead">{t('intro')}</p>
      <CheckForm />
      <section className="panel" aria-labelledby="where-title">
        <h2 id="where-title">{t('whereTitle')}</h2>
        <ul className="where">
          <li>{t('whereDial')}</li>
          <li>{t('whereBox')}</li>
          <li>{t('whereSettings')}</li>
        </ul>
      </section>
      <section className="panel" aria-labelledby="lists-title">
        <h2 id="lists-title">{t('listsTitle')}</h2>
        <ul className="legend">
          <li>
            <ListIcon list="WHITE" size={22} />
            <span>
              <strong>{tl('WHITE')}</strong>: {t('listWhite')}
            </span>
          </li>
          <li>
            <ListIcon list="GREY" size={22} />
            <span>
              <strong>{tl('GREY')}</strong>: {t('listGrey', { days })}
            </span>
          </li>
          <li>
            <ListIcon list="BLACK" size={22} />
            <span>
              <strong>{tl('BLACK')}</strong>: {t('listBlack', { days })}
            </span>
          </li>
        </ul>
      </section>
    </>
  );
}
