/**
 * The date and time formats of the portal, defined once and used by name
 * (`format.dateTime(d, 'dayTime')`). Every instant is shown in Astana time, whatever the server's
 * own time zone.
 */
import type { Formats } from 'next-intl';
import { KZ_TIME_ZONE } from '../domain/time';

const timeZone = KZ_TIME_ZONE;

export const formats = {
  dateTime: {
    /** 26 нояб. 2026 г. */
    day: { dateStyle: 'medium', timeZone },
    /** 26 ноября 2026 г. */
    dayLong: { year: 'numeric', month: 'long', day: 'numeric', timeZone },
    /** 26.11.2026 */
    dayNumeric: { year: 'numeric', month: '2-digit', day: '2-digit', timeZone },
    /** 26 нояб. 2026 г., 14:05 */
    dayTime: { dateStyle: 'medium', timeStyle: 'short', timeZone },
    /** 26 нояб. 2026 г., 14:05:09 (the audit log) */
    dayTimeSeconds: { dateStyle: 'medium', timeStyle: 'medium', timeZone },
    /** 26 ноября 2026 г. в 14:05 */
    dayTimeLong: {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    },
    /** 14:05 */
    time: { hour: '2-digit', minute: '2-digit', timeZone },
  },
} satisfies Formats;
