import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { routing, type Locale } from './routing';

/**
 * A page's locale segment, checked and set for the request (static rendering of the page's
 * translations): after it, `locale` is typed as one of the portal's locales. An unknown one is
 * not found.
 */
export function setPageLocale(locale: string): asserts locale is Locale {
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
}
