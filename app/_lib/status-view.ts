import 'server-only';
/** An owner's application as the pages show it: dates already formatted on the server, in the owner's language. */
import { getFormatter } from 'next-intl/server';
import type { Locale } from 'next-intl';
import type { OwnerApplicationView } from '@/lib/data/applications';

async function formatter(locale: Locale) {
  const format = await getFormatter({ locale });
  return {
    date: (d: Date) => format.dateTime(d, 'dayLong'),
    dateTime: (d: Date) => format.dateTime(d, 'dayTimeLong'),
  };
}

export type StatusView = Omit<
  OwnerApplicationView,
  'filedAt' | 'decidedAt' | 'events' | 'documents' | 'reviewBy' | 'respondBy'
> & {
  filedAtText: string;
  reviewByText: string | null;
  respondByText: string | null;
  events: { atText: string; type: string; reason: string | null; note: string | null }[];
  documents: { name: string; sizeKb: number; uploadedAtText: string }[];
};

export async function statusView(view: OwnerApplicationView, locale: Locale): Promise<StatusView> {
  const f = await formatter(locale);
  return {
    reference: view.reference,
    status: view.status,
    imeis: view.imeis,
    decisionReason: view.decisionReason,
    decisionNote: view.decisionNote,
    filedAtText: f.dateTime(view.filedAt),
    reviewByText: view.reviewBy ? f.date(view.reviewBy) : null,
    respondByText: view.respondBy ? f.date(view.respondBy) : null,
    events: view.events.map((e) => ({
      atText: f.dateTime(e.at),
      type: e.type,
      reason: e.reason,
      note: e.note,
    })),
    documents: view.documents.map((d) => ({
      name: d.name,
      sizeKb: Math.max(1, Math.round(d.size / 1024)),
      uploadedAtText: f.dateTime(d.uploadedAt),
    })),
  };
}
