import { getRequestConfig } from 'next-intl/server';
import { hasLocale } from 'next-intl';
import { routing } from './routing';
import { KZ_TIME_ZONE } from '../domain/time';
import { formats } from './formats';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  return {
    locale,
    timeZone: KZ_TIME_ZONE,
    formats,
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
