'use client';
/**
 * An error in the root layout itself (the page's frame), where app/[locale]/error.tsx cannot help:
 * this page replaces the layout, so it renders its own <html> and has no message provider. Its
 * language comes from the path (/kk, /ru), else the language cookie; its texts from that language's
 * message file (the serverError namespace), never the framework's English "Application error".
 * The file is loaded only when this page shows: this module is part of every page's script.
 */
import { useEffect, useState } from 'react';
import { usePathname } from 'next/navigation';
import { localeFromCookies, localeFromPath } from '@/lib/i18n/preferred-locale';
import { routing, type Locale } from '@/lib/i18n/routing';
import './globals.css';

type Texts = { title: string; text: string; retry: string; home: string; appName: string };

async function loadTexts(locale: Locale): Promise<Texts> {
  const messages = (
    locale === 'ru' ? await import('@/messages/ru.json') : await import('@/messages/kk.json')
  ).default;
  return { ...messages.serverError, appName: messages.common.appName };
}

export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  const fromPath = localeFromPath(usePathname());
  const [shown, setShown] = useState<{ locale: Locale; texts: Texts } | null>(null);
  useEffect(() => {
    const locale = fromPath ?? localeFromCookies(document.cookie) ?? routing.defaultLocale;
    let current = true;
    loadTexts(locale).then((texts) => current && setShown({ locale, texts }));
    return () => {
      current = false;
    };
  }, [fromPath]);
  const locale = shown?.locale ?? fromPath ?? routing.defaultLocale;
  const t = shown?.texts;
  return (
    <html lang={locale}>
      <head>{t && <title>{`${t.title} · ${t.appName}`}</title>}</head>
      <body>
        <main id="main" className="container">
          {t && (
            <section data-testid="global-error" role="alert">
              <h1>{t.title}</h1>
              <p>{t.text}</p>
              <p>
                <button type="button" className="button" onClick={() => retry()}>
                  {t.retry}
                </button>
              </p>
              <p>
                <a href={`/${locale}`}>{t.home}</a>
              </p>
            </section>
          )}
        </main>
      </body>
    </html>
  );
}
