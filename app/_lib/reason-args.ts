import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';
import { config } from '@/lib/config';

/** The arguments reason messages take ({days}, {cutoff}), from the running configuration. */
export async function reasonArgs(locale: Locale): Promise<{ days: number; cutoff: string }> {
  const format = await getFormatter({ locale });
  const rules = config().rules;
  return {
    days: rules.greyWindowDays,
    cutoff: format.dateTime(rules.grandfatherCutoff, 'dayNumeric'),
  };
}
