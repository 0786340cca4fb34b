/**
 * next-intl's types for this portal: message keys (messages/kk.json; ru.json has the same keys, a
 * test checks), the locales and the named date formats are checked by the compiler.
 */
import type { locales } from './lib/i18n/routing';
import type { formats } from './lib/i18n/formats';
import type messages from './messages/kk.json';

declare module 'next-intl' {
  interface AppConfig {
    Locale: (typeof locales)[number];
    Messages: typeof messages;
    Formats: typeof formats;
  }
}
