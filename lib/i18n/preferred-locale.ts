/**
 * The language of a page that has no locale in its path (a 404 outside /kk and /ru, an error in the
 * root layout): the path's first segment when it is a locale, else the language the person chose
 * (next-intl's NEXT_LOCALE cookie), else the first of Kazakh and Russian the browser asks for,
 * else Kazakh. Pure: safe in the browser.
 */
import { routing, type Locale } from './routing';

export const LOCALE_COOKIE = 'NEXT_LOCALE';

const isLocale = (v: string | null | undefined): v is Locale =>
  (routing.locales as readonly string[]).includes(v ?? '');

export function localeFromPath(pathname: string | null | undefined): Locale | null {
  const first = (pathname ?? '').split('/')[1];
  return isLocale(first) ? first : null;
}

/** The cookie's value from a Cookie header or document.cookie. */
export function localeFromCookies(cookieHeader: string | null | undefined): Locale | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return null;
}

/** The first of the portal's languages in an Accept-Language header, by its q-values. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  const ranked = (header ?? '')
    .split(',')
    .map((item, i) => {
      const [tag, ...params] = item.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return {
        lang: tag.trim().toLowerCase().split('-')[0],
        q: q ? Number(q.slice(2)) || 0 : 1,
        i,
      };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

export function preferredLocale(request: {
  pathname?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  return (
    localeFromPath(request.pathname) ??
    localeFromCookies(request.cookie) ??
    localeFromAcceptLanguage(request.acceptLanguage) ??
    routing.defaultLocale
  );
}
