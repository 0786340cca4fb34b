import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import {
  listQueue,
  QUEUE_AGE_FILTERS,
  QUEUE_POSSESSION_FILTERS,
  QUEUE_SORTS,
  QUEUE_STATUS_FILTERS,
  smsCeilingForStaff,
  type QueueFilters,
} from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import { queueRowViews } from '../../_lib/queue-view';
import { DeviceLookup, QueueSearch, QueueTable } from '../../_components/admin-queue';
import { staffTitle } from './_lib/page-title';

const DEFAULTS: QueueFilters = { status: 'open', age: 'any', possession: 'any', sort: 'oldest' };

export async function generateMetadata({ params }: PageProps<'/[locale]/admin'>) {
  return staffTitle(params, 'queueTitle');
}

/**
 * The review queue: filtered by status, age and possession, sorted. The filters are a plain GET
 * form (it works without script, and a filtered view can be bookmarked): only these closed values
 * go in the URL, never a name, an IIN or a phone number (search is posted, below).
 */
export default async function QueuePage({ params, searchParams }: PageProps<'/[locale]/admin'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const sp = await searchParams;
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const ts = await getTranslations({ locale, namespace: 'status.statuses' });
  const q = await listQueue(await db(), staff, { ...(sp as Partial<QueueFilters>), page });
  const rows = await queueRowViews(q.rows, locale);
  const ceiling = await smsCeilingForStaff(await db(), staff);
  // Only the filters that differ from the defaults go in a link.
  const pageHref = (p: number) => ({
    pathname: '/admin',
    query: {
      ...Object.fromEntries(
        Object.entries(q.filters).filter(([k, v]) => DEFAULTS[k as keyof QueueFilters] !== v),
      ),
      ...(p > 1 ? { page: String(p) } : {}),
    },
  });
  const statusLabel = (s: (typeof QUEUE_STATUS_FILTERS)[number]) =>
    s === 'open' ? t('filterOpen') : s === 'all' ? t('filterAll') : ts(s);

  return (
    <>
      {ceiling.reached && (
        <p className="panel overdue" role="alert" data-testid="sms-ceiling">
          {t('smsCeiling', { limit: ceiling.limit })}
        </p>
      )}
      <h1>{t('queueTitle')}</h1>
      <form
        method="get"
        action={`/${locale}/admin`}
        className="queue-filters"
        aria-label={t('queueFilters')}
        data-testid="queue-filters"
      >
        <div className="filter">
          <label htmlFor="filter-status">{t('colStatus')}</label>
          <select id="filter-status" name="status" defaultValue={q.filters.status}>
            {QUEUE_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="filter-age">{t('filterAge')}</label>
          <select id="filter-age" name="age" defaultValue={q.filters.age}>
            {QUEUE_AGE_FILTERS.map((a) => (
              <option key={a} value={a}>
                {t(`ageFilters.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="filter-possession">{t('possession')}</label>
          <select id="filter-possession" name="possession" defaultValue={q.filters.possession}>
            {QUEUE_POSSESSION_FILTERS.map((p) => (
              <option key={p} value={p}>
                {p === 'any'
                  ? t('possessionAny')
                  : p === 'proven'
                    ? t('possessionProven')
                    : t('possessionNotProven')}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="filter-sort">{t('sortLabel')}</label>
          <select id="filter-sort" name="sort" defaultValue={q.filters.sort}>
            {QUEUE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('show')}
        </button>
        <Link href="/admin">{t('resetFilters')}</Link>
      </form>
      <p data-testid="queue-count">{t('queueCount', { count: q.total })}</p>
      <QueueTable rows={rows} caption={t('queueTitle')} />
      {q.pages > 1 && (
        <nav aria-label={t('pagination')} className="pagination">
          {q.page > 1 && <Link href={pageHref(q.page - 1)}>{t('previous')}</Link>}
          <span>{t('pageOf', { page: q.page, pages: q.pages })}</span>
          {q.page < q.pages && <Link href={pageHref(q.page + 1)}>{t('next')}</Link>}
        </nav>
      )}
      <QueueSearch />
      <DeviceLookup />
    </>
  );
}
