import { useTranslations } from 'next-intl';
import { Link } from '@/lib/i18n/navigation';

/** An outbox row as staff see it: recipient masked, times formatted on the server. */
export type OutboxRowView = {
  id: number;
  createdAtText: string;
  sentAtText: string | null;
  channel: string;
  recipient: string;
  locale: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  applicationReference: string | null;
};

/** Messages to owners and their delivery state (the admin Outbox page, an application's page). */
export function OutboxTable({ rows, caption, showApplication = true }: { rows: OutboxRowView[]; caption: string; showApplication?: boolean }) {
  const t = useTranslations('admin');
  if (rows.length === 0) return <p data-testid="outbox-empty">{t('noMessages')}</p>;
  return (
    <div className="table-wrap">
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
            <tr key={r.id} data-testid="outbox-row" data-kind={r.kind} data-channel={r.channel} data-state={r.state}>
              <td>
                {r.createdAtText}
                {r.sentAtText && (
                  <>
                    <br />
                    <span className="hint">→ {r.sentAtText}</span>
                  </>
                )}
              </td>
              <td>{t(`messageKinds.${r.kind}` as 'messageKinds.CODE')}</td>
              <td>{t(`channels.${r.channel}` as 'channels.SMS')}</td>
              <td className="mono">{r.recipient}</td>
              {showApplication && (
                <td>{r.applicationReference ? <Link href={`/admin/applications/${r.applicationReference}`} className="mono">{r.applicationReference}</Link> : '—'}</td>
              )}
              <td>{t(`messageStates.${r.state}` as 'messageStates.SENT')}</td>
              <td>{r.attempts}</td>
              <td>{r.lastError ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
