import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { listOutboxForStaff } from '@/lib/data/admin';
import { db } from '@/lib/data/prisma';
import { OUTBOX_STATES } from '@/lib/notify/outbox';
import { OutboxTable } from '../../../_components/outbox-table';
import { outboxRowViews } from '../../../_lib/outbox-view';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/outbox'>) {
  return staffTitle(params, 'outboxTitle');
}

/** The outbox: the latest messages to owners, newest first, by state (support and admin). */
export default async function OutboxPage({
  params,
  searchParams,
}: PageProps<'/[locale]/admin/outbox'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'support');
  const sp = await searchParams;
  const state = typeof sp.state === 'string' ? sp.state : undefined;
  const page = Number(typeof sp.page === 'string' ? sp.page : 1) || 1;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const o = await listOutboxForStaff(await db(), staff, { state, page });
  const rows = await outboxRowViews(o.rows, locale);
  const href = (s?: string | null, p = 1) => ({
    pathname: '/admin/outbox',
    query: { ...(s ? { state: s } : {}), ...(p > 1 ? { page: String(p) } : {}) },
  });

  return (
    <>
      <h1>{t('outboxTitle')}</h1>
      <p>{t('outboxIntro')}</p>
      <nav aria-label={t('filterState')} className="filters">
        <Link href={href()} aria-current={!o.state ? 'page' : undefined}>
          {t('allStates')}
        </Link>
        {OUTBOX_STATES.map((s) => (
          <Link key={s} href={href(s)} aria-current={o.state === s ? 'page' : undefined}>
            {t(`messageStates.${s}`)}
          </Link>
        ))}
      </nav>
      <OutboxTable rows={rows} caption={t('outboxTitle')} />
      {o.pages > 1 && (
        <nav aria-label={t('pagination')} className="pagination">
          {o.page > 1 && <Link href={href(o.state, o.page - 1)}>{t('previous')}</Link>}
          <span>{t('pageOf', { page: o.page, pages: o.pages })}</span>
          {o.page < o.pages && <Link href={href(o.state, o.page + 1)}>{t('next')}</Link>}
        </nav>
      )}
    </>
  );
}
