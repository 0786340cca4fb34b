import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';
import { DAY_MS, kzDay } from '@/lib/domain/time';
import type { QueueRow } from '@/lib/data/admin';

/**
 * A queue row as the table shows it, dates already formatted on the server. The type lives here,
 * with the code that makes it, so the client table, the search action and this module import in
 * one direction only (no cycle through the client component).
 */
export type QueueRowView = {
  reference: string;
  status: string;
  fullName: string;
  filedAtText: string;
  /** Astana calendar days since it was filed: 0 today, 1 yesterday. */
  ageDays: number;
  deadlineText: string | null;
  deadlinePassed: boolean;
  imeis: string[];
  assignedTo: string | null;
  /** More information requested: the day to respond by, and whether it has passed. */
  respondByText: string | null;
  overdue: boolean;
  possessionProven: boolean;
};

/** Whole calendar days (Astana) from `from` to `now`: 0 on the same day, 1 the next day. */
export function calendarDaysSince(from: Date, now: Date): number {
  return Math.max(0, Math.round((Date.parse(kzDay(now)) - Date.parse(kzDay(from))) / DAY_MS));
}

/** Queue rows with their dates formatted on the server, in the page's language and Astana time. */
export async function queueRowViews(
  rows: QueueRow[],
  locale: Locale,
  now = Date.now(),
): Promise<QueueRowView[]> {
  const format = await getFormatter({ locale });
  const date = (d: Date) => format.dateTime(d, 'day');
  return rows.map((r) => ({
    reference: r.reference,
    status: r.status,
    fullName: r.fullName,
    filedAtText: date(r.filedAt),
    ageDays: calendarDaysSince(r.filedAt, new Date(now)),
    deadlineText: r.deadline ? date(r.deadline) : null,
    deadlinePassed: r.deadline ? r.deadline.getTime() < now : false,
    imeis: r.imeis,
    assignedTo: r.assignedTo,
    respondByText: r.respondBy ? date(r.respondBy) : null,
    overdue: r.overdue,
    possessionProven: r.possessionProven,
  }));
}
