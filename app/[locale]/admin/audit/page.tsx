import { TableRegion } from '../../../_components/table-region';
import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { auditLogForStaff, parseAuditFilters } from '@/lib/data/admin';
import { AUDIT_ACTOR_KINDS } from '@/lib/data/audit';
import { AUDIT_ACTIONS, auditRowViews } from '../../../_lib/audit-view';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/audit'>) {
  return staffTitle(params, 'auditTitle');
}

/**
 * The audit log (administrators only), newest first, filtered by action, actor, target and
 * dates. The filters are a GET form (closed values, an account's number, a target's text, days).
 */
export default async function AuditPage({
  params,
  searchParams,
}: PageProps<'/[locale]/admin/audit'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const me = await requireStaffPage(locale, 'admin');
  const sp = await searchParams;
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const f = parseAuditFilters(sp, AUDIT_ACTIONS);
  const log = await auditLogForStaff(await db(), me, { ...f, page });
  const rows = await auditRowViews(log.rows, locale);
  const query = {
    ...(f.action ? { action: f.action } : {}),
    ...(f.actorValue ? { actor: f.actorValue } : {}),
    ...(f.target ? { target: f.target } : {}),
    ...(f.fromDay ? { from: f.fromDay } : {}),
    ...(f.toDay ? { to: f.toDay } : {}),
  };
  const pageHref = (p: number) => ({
    pathname: '/admin/audit',
    query: { ...query, ...(p > 1 ? { page: String(p) } : {}) },
  });
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <p>{t('auditIntro')}</p>
      <form
        method="get"
        action={`/${locale}/admin/audit`}
        className="queue-filters"
        aria-label={t('auditFilters')}
        data-testid="audit-filters"
      >
        <div className="filter">
          <label htmlFor="audit-action">{t('colWhat')}</label>
          <select id="audit-action" name="action" defaultValue={f.action ?? ''}>
            <option value="">{t('auditAnyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`auditActions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="audit-actor">{t('colWho')}</label>
          <select id="audit-actor" name="actor" defaultValue={f.actorValue}>
            <option value="">{t('auditAnyone')}</option>
            {log.accounts.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.email}
              </option>
            ))}
            {AUDIT_ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`auditActors.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="audit-target">{t('colTarget')}</label>
          <input
            id="audit-target"
            name="target"
            defaultValue={f.target ?? ''}
            className="filter-input"
            aria-describedby="audit-target-hint"
            maxLength={100}
          />
          <span id="audit-target-hint" className="hint">
            {t('auditTargetHint')}
          </span>
        </div>
        <div className="filter">
          <label htmlFor="audit-from">{t('auditFrom')}</label>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={f.fromDay}
            className="filter-input"
          />
        </div>
        <div className="filter">
          <label htmlFor="audit-to">{t('auditTo')}</label>
          <input
            id="audit-to"
            name="to"
            type="date"
            defaultValue={f.toDay}
            className="filter-input"
          />
        </div>
        <button type="submit" className="button">
          {t('show')}
        </button>
        <Link href="/admin/audit">{t('resetFilters')}</Link>
      </form>
      <p data-testid="audit-count">{t('auditCount', { count: log.total })}</p>
      {/* A scroll region a keyboard can reach (focusable, named), for a table wider than the screen. */}
      <TableRegion label={t('auditTitle')}>
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
                <td>{r.atText}</td>
                <td>{r.actor}</td>
                <td>
                  {r.what}
                  {r.details && <span className="hint"> · {r.details}</span>}
                </td>
                <td className="mono">{r.target ?? '—'}</td>
                <td className="mono">{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {log.pages > 1 && (
        <nav aria-label={t('pagination')} className="pagination">
          {log.page > 1 && <Link href={pageHref(log.page - 1)}>{t('previous')}</Link>}
          <span>{t('pageOf', { page: log.page, pages: log.pages })}</span>
          {log.page < log.pages && <Link href={pageHref(log.page + 1)}>{t('next')}</Link>}
        </nav>
      )}
    </>
  );
}
