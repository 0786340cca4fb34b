import { getFormatter, getTranslations } from 'next-intl/server';
import { labelOf } from '@/lib/i18n/message-keys';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { listAuditFor } from '@/lib/data/staff-admin';

/** The audit log (administrators only), newest first. */
export default async function AuditPage({ params, searchParams }: PageProps<'/[locale]/admin/audit'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const me = await requireStaffPage(locale, 'admin');
  const sp = await searchParams;
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const format = await getFormatter({ locale });
  const { rows, total } = await listAuditFor(await db(), me, { page });
  const pages = Math.max(1, Math.ceil(total / 50));
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <p>{t('auditIntro')}</p>
      <div className="table-wrap">
        <table className="table" data-testid="audit-log">
          <caption className="visually-hidden">{t('auditTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colWhen')}</th>
              <th scope="col">{t('colWho')}</th>
              <th scope="col">{t('colWhat')}</th>
              <th scope="col">{t('colTarget')}</th>
              <th scope="col">{t('colFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-action={r.action}>
                <td>{format.dateTime(r.at, 'dayTimeSeconds')}</td>
                <td>{r.actorEmail}</td>
                <td>
                  {labelOf(t, `auditActions.${r.action}`)}
                  {r.details && <span className="hint"> · {r.details}</span>}
                </td>
                <td className="mono">{r.target ?? '—'}</td>
                <td className="mono">{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label={t('pagination')} className="pagination">
          {page > 1 && <Link href={{ pathname: '/admin/audit', query: { page: String(page - 1) } }}>{t('previous')}</Link>}
          <span>{t('pageOf', { page, pages })}</span>
          {page < pages && <Link href={{ pathname: '/admin/audit', query: { page: String(page + 1) } }}>{t('next')}</Link>}
        </nav>
      )}
    </>
  );
}
