import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';
import type { QueueRow } from '@/lib/data/admin';
import type { QueueRowView } from '../_components/admin-queue';

/** Queue rows with their dates formatted on the server, in the page's language and Astana time. */
export async function queueRowViews(rows: QueueRow[], locale: Locale, now = Date.now()): Promise<QueueRowView[]> {
  const format = await getFormatter({ locale });
  const date = (d: Date) => format.dateTime(d, 'day');
  return rows.map((r) => ({
    reference: r.reference,
    status: r.status,
    filedAtText: date(r.filedAt),
    ageDays: Math.floor((now - r.filedAt.getTime()) / 86_400_000),
    deadlineText: r.deadline ? date(r.deadline) : null,
    deadlinePassed: r.deadline ? r.deadline.getTime() < now : false,
    imeis: r.imeis,
    assignedTo: r.assignedTo,
    respondByText: r.respondBy ? date(r.respondBy) : null,
    overdue: r.overdue,
    possessionProven: r.possessionProven,
  }));
}
