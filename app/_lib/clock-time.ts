import 'server-only';
import { getFormatter } from 'next-intl/server';
import { KZ_TIME_ZONE } from '@/lib/domain/time';

/** An instant as the owner reads it on a clock in Kazakhstan (14:05), for "try again after 14:05". */
export async function clockTime(locale: string, at: Date): Promise<string> {
  const format = await getFormatter({ locale });
  return format.dateTime(at, { hour: '2-digit', minute: '2-digit', timeZone: KZ_TIME_ZONE });
}
