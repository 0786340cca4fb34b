import { TableRegion } from '../../../../_components/table-region';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { labelOf } from '@/lib/i18n/message-keys';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { deviceRecord } from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import type { ReasonCode } from '@/lib/domain/verdict';
import { reasonArgs } from '../../../../_lib/reason-args';
import { ListIcon } from '../../../../_components/list-icon';
import { staffTitle } from '../../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/devices/[imei]'>) {
  return staffTitle(params, 'deviceTitle', decodeURIComponent((await params).imei));
}

/** All the database holds about one device, and the history of its list. */
export default async function DevicePage({ params }: PageProps<'/[locale]/admin/devices/[imei]'>) {
  const { locale, imei } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const d = await deviceRecord(await db(), staff, decodeURIComponent(imei));
  if (!d) notFound();
  const t = await getTranslations({ locale, namespace: 'admin' });
  const tl = await getTranslations({ locale, namespace: 'result.lists' });
  const tr = await getTranslations({ locale, namespace: 'reasons' });
  const tb = await getTranslations({ locale, namespace: 'blacklistReasons' });
  const ts = await getTranslations({ locale, namespace: 'status.statuses' });
  const format = await getFormatter({ locale });
  const args = await reasonArgs(locale);
  const when = (x: Date) => format.dateTime(x, 'dayTime');
  const reasons = (codes: ReasonCode[]) => codes.map((r) => tr(r, args)).join(' ');

  return (
    <>
      <p>
        <Link href="/admin">← {t('navQueue')}</Link>
      </p>
      <h1>
        {t('deviceTitle')} <span className="mono">{d.imei}</span>
      </h1>
      <div
        className={`result result-${d.verdict.list.toLowerCase()}`}
        data-testid="device-verdict"
        data-list={d.verdict.list}
      >
        <div className="verdict">
          <ListIcon list={d.verdict.list} size={32} />
          <div>
            <p className="verdict-list">{tl(d.verdict.list)}</p>
            <p className="verdict-summary">{reasons(d.verdict.reasons)}</p>
            {d.verdict.device && (
              <p>
                {d.verdict.device.brand} {d.verdict.device.model}
              </p>
            )}
            {d.verdict.window?.deadline && (
              <p>{t('deadlineAt', { date: when(d.verdict.window.deadline) })}</p>
            )}
          </div>
        </div>
      </div>

      <section className="panel" aria-labelledby="h-history">
        <h2 id="h-history">{t('listHistory')}</h2>
        {d.history.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <ol className="timeline" data-testid="list-history">
            {d.history.map((c, i) => (
              <li key={i} data-list={c.list}>
                <span className="timeline-when">{when(c.at)}</span>
                <ListIcon list={c.list} size={16} /> <strong>{tl(c.list)}</strong> ·{' '}
                {reasons(c.reasons)}
              </li>
            ))}
          </ol>
        )}
      </section>

      <Table
        title={t('registrations')}
        empty={t('none')}
        head={[t('colFirstSeen'), t('colLastSeen'), t('colOperator'), 'IMSI', 'MSISDN']}
        rows={d.registrations.map((r) => [
          when(r.firstSeenAt),
          when(r.lastSeenAt),
          r.operator,
          r.imsi,
          r.msisdn || '—',
        ])}
      />
      <Table
        title={t('legalRecords')}
        empty={t('none')}
        head={[t('colRecorded'), t('colSource'), t('colOrganisation'), t('colDocument')]}
        rows={d.legalRecords.map((r) => [
          when(r.recordedAt),
          labelOf(t, `sources.${r.source}`),
          r.organisation,
          r.document,
        ])}
      />
      <Table
        title={t('blacklistEntries')}
        empty={t('none')}
        head={[t('colListed'), t('colReason'), t('colRemoved')]}
        rows={d.blacklist.map((b) => [
          when(b.listedAt),
          labelOf(tb, b.reason),
          b.removedAt ? when(b.removedAt) : '—',
        ])}
      />
      <section className="panel" aria-labelledby="h-apps">
        <h2 id="h-apps">{t('applications')}</h2>
        {d.applications.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <ul>
            {d.applications.map((a) => (
              <li key={a.reference}>
                <Link href={`/admin/applications/${a.reference}`} className="mono">
                  {a.reference}
                </Link>{' '}
                · {labelOf(ts, a.status)} · {when(a.filedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Table({
  title,
  head,
  rows,
  empty,
}: {
  title: string;
  head: string[];
  rows: string[][];
  empty: string;
}) {
  return (
    <section className="panel">
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <TableRegion label={title}>
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
