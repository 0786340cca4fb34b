import 'server-only';
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';
import { maskPhone } from '@/lib/domain/phone';
import { maskPersonalData } from '@/lib/domain/staff-rules';
import type { OutboxRow } from '@/lib/notify/outbox';
import type { OutboxRowView } from '../_components/outbox-table';

/** Outbox rows for staff pages: recipients masked, times formatted on the server in Astana time. */
export async function outboxRowViews(rows: OutboxRow[], locale: Locale): Promise<OutboxRowView[]> {
  const format = await getFormatter({ locale });
  const when = (d: Date) => format.dateTime(d, 'dayTime');
  return rows.map((r) => ({
    id: r.id,
    createdAtText: when(r.createdAt),
    sentAtText: r.sentAt ? when(r.sentAt) : null,
    channel: r.channel,
    recipient: r.channel === 'SMS' ? maskPhone(r.recipient) : maskPersonalData(r.recipient),
    locale: r.locale,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    applicationReference: r.applicationReference,
    subject: r.subject,
    body: r.body,
  }));
}
