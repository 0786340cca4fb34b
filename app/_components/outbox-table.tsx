import { TableRegion } from './table-region';
import { useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { Link } from '@/lib/i18n/navigation';
import type { OutboxRow } from '@/lib/notify/outbox';

/** An outbox row as staff see it: recipient masked, times formatted on the server. */
export type OutboxRowView = Omit<OutboxRow, 'createdAt' | 'sentAt'> & {
  createdAtText: string;
  sentAtText: string | null;
};

/** Messages to owners and their delivery state (the admin Outbox page, an application's page). */
export function OutboxTable({
  rows,
  caption,
  showApplication = true,
}: {
  rows: OutboxRowView[];
  caption: string;
  showApplication?: boolean;
}) {
  const t = useTranslations('admin');
  if (rows.length === 0) return <p data-testid="outbox-empty">{t('noMessages')}</p>;
  return (
    <TableRegion label={caption}>
      <table className="table" data-testid="outbox">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colWhen')}</th>
            <th scope="col">{t('colMessageKind')}</th>
            <th scope="col">{t('colChannel')}</th>
            <th scope="col">{t('colRecipient')}</th>
            {showApplication && <th scope="col">{t('colApplication')}</th>}
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colAttempts')}</th>
            <th scope="col">{t('colLastError')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              data-testid="outbox-row"
              data-kind={r.kind}
              data-channel={r.channel}
              data-state={r.state}
            >
              <td>
                {r.createdAtText}
                {r.sentAtText && (
                  <>
                    <br />
                    <span className="hint">→ {r.sentAtText}</span>
                  </>
                )}
              </td>
              <td>
                {labelOf(t, `messageKinds.${r.kind}`)}
                <details className="message-text" open={r.kind === 'CODE'}>
                  <summary>{t('messageText')}</summary>
                  {r.subject && <p className="hint">{r.subject}</p>}
                  <p data-testid="message-body">{r.body}</p>
                </details>
              </td>
              <td>{labelOf(t, `channels.${r.channel}`)}</td>
              <td className="mono">{r.recipient}</td>
              {showApplication && (
                <td>
                  {r.applicationReference ? (
                    <Link href={`/admin/applications/${r.applicationReference}`} className="mono">
                      {r.applicationReference}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              )}
              <td>{labelOf(t, `messageStates.${r.state}`)}</td>
              <td>{r.attempts}</td>
              <td>{r.lastError ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
