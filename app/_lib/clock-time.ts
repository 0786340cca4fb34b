import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';

/** An instant as the owner reads it on a clock in Kazakhstan (14:05), for "try again after 14:05". */
export async function clockTime(locale: Locale, at: Date): Promise<string> {
  const format = await getFormatter({ locale });
  return format.dateTime(at, 'time');
}
