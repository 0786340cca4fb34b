/**
 * Time in Kazakhstan: one zone, UTC+5 (IANA Asia/Almaty) since 2024-03-01. Instants are stored
 * in UTC; a date without a time or offset means that wall-clock time in Almaty.
 */

export const KZ_TIME_ZONE = 'Asia/Almaty';
export const DAY_MS = 86_400_000;

/** Almaty's offset from UTC in minutes at a given instant (+360 before 2024-03-01, +300 since). */
export function almatyOffsetMinutes(at: Date): number {
  return at.getTime() < Date.UTC(2024, 1, 29, 18, 0, 0) ? 360 : 300;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time. A date alone, or a date-time without an offset, is
 * Almaty wall-clock time. Returns null for anything else, including impossible dates (02-30).
 */
export function parseKzInstant(text: string): Date | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = +y,
    month = +mo,
    day = +d,
    hour = +h,
    minute = +mi,
    second = +s;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac ? Math.floor(Number('0.' + frac) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  if (zone === 'Z') return new Date(wall);
  if (zone) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    return new Date(wall - offset * 60_000);
  }
  // Almaty wall-clock: try the current offset, then correct across the 2024-03-01 change.
  const guess = new Date(wall - 300 * 60_000);
  return new Date(wall - almatyOffsetMinutes(guess) * 60_000);
}

/** Whole days left until `deadline`, rounded up; 0 once it has passed. */
export function wholeDaysLeft(deadline: Date, now: Date): number {
  const ms = deadline.getTime() - now.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/**
 * The instant `days` working days (Monday to Friday, Astana calendar) after `from`, at the same
 * time of day. Public holidays are not known to this module.
 */
export function addWorkingDays(from: Date, days: number): Date {
  const offset = almatyOffsetMinutes(from) * 60_000;
  let local = new Date(from.getTime() + offset);
  let left = days;
  while (left > 0) {
    local = new Date(local.getTime() + DAY_MS);
    const dow = local.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return new Date(local.getTime() - offset);
}

/** The last millisecond of a calendar day (YYYY-MM-DD) in Astana: "respond by 06.12" means until that day ends. */
export function endOfKzDay(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = parseKzInstant(day);
  return start ? new Date(start.getTime() + DAY_MS - 1) : null;
}

/** The calendar day (YYYY-MM-DD) of an instant in Astana. */
export function kzDay(at: Date): string {
  return new Date(at.getTime() + almatyOffsetMinutes(at) * 60_000).toISOString().slice(0, 10);
}
