import type { Metadata } from 'next';
import { hasLocale } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';

/**
 * A page's `generateMetadata` giving it its own <title>, from the message `key` (such as
 * 'apply.title'); the locale layout's template adds the site's name after it. Every public page
 * has one, so no two pages share a title (the check page uses the layout's default).
 */
export function titleFrom(key: string) {
  return async function generateMetadata({
    params,
  }: {
    params: Promise<{ locale: string }>;
  }): Promise<Metadata> {
    const { locale } = await params;
    if (!hasLocale(routing.locales, locale)) return {};
    const t = await getTranslations({ locale });
    return { title: t(key as Parameters<typeof t>[0]) };
  };
}
