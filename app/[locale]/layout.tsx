import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { Link } from '@/lib/i18n/navigation';
import { LanguageSwitch } from '../_components/language-switch';
import { NavLink } from '../_components/nav-link';
import { PUBLIC_CLIENT_NAMESPACES, pickMessages } from '@/lib/i18n/client-messages';
import '../globals.css';

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }));
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export async function generateMetadata({ params }: LayoutProps<'/[locale]'>): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: 'meta' });
  // Each page names itself (its generateMetadata); the site's name follows.
  return {
    title: { template: `%s · ${t('title')}`, default: t('title') },
    description: t('description'),
  };
}

export default async function LocaleLayout({ children, params }: LayoutProps<'/[locale]'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: 'common' });
  // This request's CSP nonce (proxy.ts): reading it renders every page per request, as nonces
  // require. Next puts it on its own scripts; the meta tag is where a library that injects a
  // style (the ALTCHA widget) looks for it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  // Only what client components translate with goes to the browser (lib/i18n/client-messages.ts).
  const messages = pickMessages(await getMessages({ locale }), PUBLIC_CLIENT_NAMESPACES);

  return (
    <html lang={locale}>
      <head>{nonce && <meta name="csp-nonce" content={nonce} />}</head>
      <body>
        <a href="#main" className="skip-link">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider messages={messages}>
          <header className="site-header">
            <div className="container header-row">
              <Link href="/" className="brand" prefetch={false}>
                <span className="brand-mark" aria-hidden="true">
                  IMEI
                </span>
                <span>
                  <span className="brand-name">{t('appName')}</span>
                  <span className="brand-tagline">{t('appTagline')}</span>
                </span>
              </Link>
              <nav aria-label={t('languageLabel')}>
                <LanguageSwitch />
              </nav>
            </div>
            <nav className="container site-nav" aria-label={t('mainNav')}>
              <NavLink href="/">{t('navCheck')}</NavLink>
              <NavLink href="/apply">{t('navApply')}</NavLink>
              <NavLink href="/status">{t('navStatus')}</NavLink>
              <NavLink href="/my">{t('navMy')}</NavLink>
            </nav>
          </header>
          <main id="main" className="container" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <div className="container">
              <p>{t('footer')}</p>
            </div>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
