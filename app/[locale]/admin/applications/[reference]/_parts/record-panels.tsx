import { labelOf } from '@/lib/i18n/message-keys';
import type { Locale } from 'next-intl';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Link } from '@/lib/i18n/navigation';
import type { StaffApplicationView } from '@/lib/data/admin';
import { KZ_TIME_ZONE } from '@/lib/domain/time';
import { ListIcon } from '../../../../../_components/list-icon';
import { OutboxTable } from '../../../../../_components/outbox-table';
import { outboxRowViews } from '../../../../../_lib/outbox-view';
import { reasonArgs } from '../../../../../_lib/reason-args';

/** The devices' verdicts now. */
export async function DevicesPanel({ a, locale }: { a: StaffApplicationView; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: 'admin' });
  const tl = await getTranslations({ locale, namespace: 'result.lists' });
  const tr = await getTranslations({ locale, namespace: 'reasons' });
  const args = await reasonArgs(locale);
  return (
    <section className="panel" aria-labelledby="devices">
      <h2 id="devices">{t('devicesNow')}</h2>
      <ul className="checks">
        {a.devices.map((d) => (
          <li key={d.slot} data-testid={`device-${d.slot}`} data-list={d.verdict.list}>
            <ListIcon list={d.verdict.list} size={20} />
            <span>
              <Link href={`/admin/devices/${d.imei}`} className="mono">
                {d.imei}
              </Link>{' '}
              · <strong>{tl(d.verdict.list)}</strong>
              <br />
              <span className="hint">{d.verdict.reasons.map((r) => tr(r, args)).join(' ')}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The application's dated timeline. */
export async function TimelinePanel({ a, locale }: { a: StaffApplicationView; locale: Locale }) {
  const ts = await getTranslations({ locale, namespace: 'status' });
  const t = await getTranslations({ locale, namespace: 'admin' });
  const actor = (who: string) =>
    who === 'owner'
      ? t('auditActors.owner')
      : who === 'operator-cli' || who === 'cli'
        ? t('auditActors.cli')
        : who;
  const trr = await getTranslations({ locale, namespace: 'rejectionReasons' });
  const format = await getFormatter({ locale });
  const when = (d: Date) =>
    format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short', timeZone: KZ_TIME_ZONE });
  return (
    <section className="panel" aria-labelledby="history">
      <h2 id="history">{ts('timeline')}</h2>
      <ol className="timeline">
        {a.events.map((e, i) => (
          <li key={i}>
            <span className="timeline-when">
              {when(e.at)} · {actor(e.actor)}
            </span>
            {labelOf(ts, `events.${e.type}`)}
            {e.reason && <> · {labelOf(trr, e.reason)}</>}
            {e.note && <span className="note"> · {e.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The messages sent to the owner about it. */
export async function MessagesPanel({ a, locale }: { a: StaffApplicationView; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: 'admin' });
  return (
    <section className="panel" aria-labelledby="messages">
      <h2 id="messages">{t('messagesTitle')}</h2>
      <OutboxTable
        rows={await outboxRowViews(a.messages, locale)}
        caption={t('messagesTitle')}
        showApplication={false}
      />
    </section>
  );
}
