import 'server-only';
import { getFormatter } from 'next-intl/server';
import { config } from '@/lib/config';
import { KZ_TIME_ZONE } from '@/lib/domain/time';

/** The arguments reason messages take ({days}, {cutoff}), from the running configuration. */
export async function reasonArgs(locale: string): Promise<{ days: number; cutoff: string }> {
  const format = await getFormatter({ locale });
  const rules = config().rules;
  return {
    days: rules.greyWindowDays,
    cutoff: format.dateTime(rules.grandfatherCutoff, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: KZ_TIME_ZONE }),
  };
}
