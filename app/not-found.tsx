import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { preferredLocale } from '@/lib/i18n/preferred-locale';
import './globals.css';

export const metadata: Metadata = { robots: { index: false } };

/**
 * A path outside /kk and /ru that matches nothing (the language proxy leaves out paths with a dot,
 * such as /missing.txt): the not-found page in the person's language (their cookie, else their
 * browser's), never the framework's English one.
 */
export default async function RootNotFound() {
  const locale = preferredLocale({
    cookie: (await cookies()).toString(),
    acceptLanguage: (await headers()).get('accept-language'),
  });
  const t = await getTranslations({ locale, namespace: 'notFound' });
  const tc = await getTranslations({ locale, namespace: 'common' });
  return (
    <html lang={locale}>
      <head>
        <title>{`${t('title')} · ${tc('appName')}`}</title>
      </head>
      <body>
        <header className="site-header">
          <div className="container header-row">
            <a href={`/${locale}`} className="brand">
              <span className="brand-mark" aria-hidden="true">
                IMEI
              </span>
              <span>
                <span className="brand-name">{tc('appName')}</span>
              </span>
            </a>
          </div>
        </header>
        <main id="main" className="container" data-testid="not-found">
          <h1>{t('title')}</h1>
          <p>{t('text')}</p>
          <p>
            <a href={`/${locale}`}>{t('home')}</a>
          </p>
        </main>
      </body>
    </html>
  );
}
