/**
 * The texts of the messages sent to owners, from the `notifications` namespace of
 * messages/kk.json and messages/ru.json (use-intl's core translator: no React). Dates are
 * formatted in Astana time on the server. `both` (the owner's language is not known) is the Kazakh
 * text followed by the Russian one, in one message.
 */
import { createTranslator } from 'use-intl/core';
import kk from '../../messages/kk.json';
import ru from '../../messages/ru.json';
import { config } from '../config';
import { formats } from '../i18n/formats';
import { KZ_TIME_ZONE, wholeDaysLeft } from '../domain/time';
import type { List } from '../domain/verdict';
import type { RejectionReason } from '../domain/rejection-reasons';

export const MESSAGE_KINDS = [
  'CODE',
  'FILED',
  'INFO_REQUESTED',
  'INFO_REMINDER',
  'APPROVED',
  'REJECTED',
  'SUPERSEDED',
  'NOT_NEEDED',
  'GREY_REMINDER',
  'WATCH_CHANGED',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type MessageLocale = 'kk' | 'ru' | 'both';
export type Channel = 'SMS' | 'EMAIL';

export type MessageParams = {
  CODE: { code: string; minutes: number };
  FILED: { reference: string; reviewBy: Date };
  INFO_REQUESTED: { reference: string; note: string; respondBy: Date };
  INFO_REMINDER: { reference: string; respondBy: Date };
  APPROVED: { reference: string; imeis: string[] };
  REJECTED: { reference: string; reason: RejectionReason; note?: string | null };
  SUPERSEDED: { reference: string };
  NOT_NEEDED: { reference: string };
  GREY_REMINDER: { imei: string; deadline: Date; now: Date };
  WATCH_CHANGED: { imei: string; list: List; unsubscribeToken: string };
};

const CATALOGUES = { kk, ru } as const;
/** An SMS carries at most this much of a reviewer's note; the email carries all of it. */
const SMS_NOTE_MAX = 100;

/** dd.mm.yyyy in Astana time (both languages write dates this way): the `dayNumeric` format. */
export function formatKzDate(d: Date): string {
  return new Intl.DateTimeFormat('ru-RU', formats.dateTime.dayNumeric).format(d);
}

function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

function renderOne<K extends MessageKind>(
  kind: K,
  locale: 'kk' | 'ru',
  params: MessageParams[K],
  channel: Channel,
  publicUrl: string,
) {
  const messages = CATALOGUES[locale];
  const t = createTranslator({
    locale,
    messages,
    namespace: 'notifications',
    timeZone: KZ_TIME_ZONE,
  });
  const tr = createTranslator({
    locale,
    messages,
    namespace: 'rejectionReasons',
    timeZone: KZ_TIME_ZONE,
  });
  const base = `${publicUrl}/${locale}`;
  const p = params as Record<string, unknown>;
  let values: Record<string, string | number>;
  switch (kind) {
    case 'CODE':
      values = { code: String(p.code), minutes: Number(p.minutes) };
      break;
    case 'FILED':
      values = {
        reference: String(p.reference),
        reviewBy: formatKzDate(p.reviewBy as Date),
        url: `${base}/status`,
      };
      break;
    case 'INFO_REQUESTED': {
      const note = String(p.note ?? '');
      values = {
        reference: String(p.reference),
        note: channel === 'SMS' ? shorten(note, SMS_NOTE_MAX) : note.trim(),
        respondBy: formatKzDate(p.respondBy as Date),
        url: `${base}/status`,
      };
      break;
    }
    case 'INFO_REMINDER':
      values = {
        reference: String(p.reference),
        respondBy: formatKzDate(p.respondBy as Date),
        url: `${base}/status`,
      };
      break;
    case 'APPROVED':
      values = { reference: String(p.reference), imeis: (p.imeis as string[]).join(', ') };
      break;
    case 'REJECTED': {
      const note = typeof p.note === 'string' && p.note.trim() ? p.note.trim() : '';
      values = {
        reference: String(p.reference),
        reason: tr(p.reason as RejectionReason),
        noteLine: note ? t('noteLine', { note }) : '',
        url: `${base}/apply`,
      };
      break;
    }
    case 'SUPERSEDED':
      values = { reference: String(p.reference), url: `${base}/apply` };
      break;
    case 'NOT_NEEDED':
      values = { reference: String(p.reference) };
      break;
    case 'GREY_REMINDER':
      values = {
        imei: String(p.imei),
        deadline: formatKzDate(p.deadline as Date),
        days: wholeDaysLeft(p.deadline as Date, p.now as Date),
        url: `${base}/apply?imei=${encodeURIComponent(String(p.imei))}`,
      };
      break;
    case 'WATCH_CHANGED':
      values = {
        imei: String(p.imei),
        list: String(p.list),
        url: `${base}?imei=${encodeURIComponent(String(p.imei))}`,
        unsubscribe: `${base}/unsubscribe?t=${encodeURIComponent(String(p.unsubscribeToken))}`,
      };
      break;
    default:
      throw new Error(`unknown message kind ${String(kind)}`);
  }
  // Every kind has a subject, an SMS and an email in both languages (checked by the compiler).
  const k: MessageKind = kind;
  const subject = t(`${k}.subject`, values);
  const body = t(`${k}.${channel === 'SMS' ? 'sms' : 'email'}`, values).replace(/\n{3,}/g, '\n\n');
  return { subject, body };
}

/**
 * The subject and body of a message of `kind` in `locale` (kk, ru, or both: Kazakh then Russian).
 * SMS bodies are short; emails say more. Links start at PUBLIC_URL.
 */
export function renderMessage<K extends MessageKind>(
  kind: K,
  locale: MessageLocale,
  params: MessageParams[K],
  channel: Channel = 'EMAIL',
  publicUrl: string = config().notify.publicUrl,
): { subject: string; body: string } {
  if (locale !== 'both') return renderOne(kind, locale, params, channel, publicUrl);
  const a = renderOne(kind, 'kk', params, channel, publicUrl);
  const b = renderOne(kind, 'ru', params, channel, publicUrl);
  return {
    subject: `${a.subject} / ${b.subject}`,
    body: channel === 'SMS' ? `${a.body}\n\n${b.body}` : `${a.body}\n\n— — —\n\n${b.body}`,
  };
}
