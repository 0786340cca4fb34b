import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { listQueue, smsCeilingForStaff } from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import { PROOF_STATUSES } from '@/lib/domain/verdict';
import { queueRowViews } from '../../_lib/queue-view';
import { DeviceLookup, QueueSearch, QueueTable } from '../../_components/admin-queue';

/** The review queue: applications by status, oldest first. */
export default async function QueuePage({ params, searchParams }: PageProps<'/[locale]/admin'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const sp = await searchParams;
  const status = typeof sp.status === 'string' ? sp.status : undefined;
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const ts = await getTranslations({ locale, namespace: 'status.statuses' });
  const q = await listQueue(await db(), staff, { status, page });
  const rows = await queueRowViews(q.rows, locale);
  const ceiling = await smsCeilingForStaff(await db(), staff);
  const filterHref = (s?: string, p = 1) => ({ pathname: '/admin', query: { ...(s ? { status: s } : {}), ...(p > 1 ? { page: String(p) } : {}) } });

  return (
    <>
      {ceiling.reached && (
        <p className="panel overdue" role="alert" data-testid="sms-ceiling">
          {t('smsCeiling', { limit: ceiling.limit })}
        </p>
      )}
      <h1>{t('queueTitle')}</h1>
      <nav aria-label={t('filter')} className="filters">
        <Link href={filterHref()} aria-current={!q.status ? 'page' : undefined}>
          {t('filterOpen')}
        </Link>
        {PROOF_STATUSES.map((s) => (
          <Link key={s} href={filterHref(s)} aria-current={q.status === s ? 'page' : undefined}>
            {ts(s)}
          </Link>
        ))}
      </nav>
      <p>{t('queueCount', { count: q.total })}</p>
      <QueueTable rows={rows} caption={t('queueTitle')} />
      {q.pages > 1 && (
        <nav aria-label={t('pagination')} className="pagination">
          {q.page > 1 && <Link href={filterHref(q.status ?? undefined, q.page - 1)}>{t('previous')}</Link>}
          <span>{t('pageOf', { page: q.page, pages: q.pages })}</span>
          {q.page < q.pages && <Link href={filterHref(q.status ?? undefined, q.page + 1)}>{t('next')}</Link>}
        </nav>
      )}
      <QueueSearch />
      <DeviceLookup />
    </>
  );
}
