import { TableRegion } from '../../../_components/table-region';
import { getFormatter, getTranslations } from 'next-intl/server';
import { labelOf } from '@/lib/i18n/message-keys';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { listFeedImports } from '@/lib/data/admin';
import { FEED_COLUMNS, FEED_KINDS } from '@/lib/feeds/feed-kinds';
import { FeedUpload } from '../../../_components/feed-upload';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/feeds'>) {
  return staffTitle(params, 'feedsTitle');
}

/** Data feeds (administrators): upload the four CSV kinds, and the history of imports. */
export default async function FeedsPage({ params }: PageProps<'/[locale]/admin/feeds'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const staff = await requireStaffPage(locale, 'admin');
  const t = await getTranslations({ locale, namespace: 'admin' });
  const format = await getFormatter({ locale });
  const history = await listFeedImports(await db(), staff);
  return (
    <>
      <h1>{t('feedsTitle')}</h1>
      <p className="lead">{t('feedsIntro')}</p>
      <ul>
        {FEED_KINDS.map((k) => (
          <li key={k}>
            <strong>{t(`feedKinds.${k}`)}</strong>: <code>{FEED_COLUMNS[k].join(',')}</code>
          </li>
        ))}
      </ul>
      <FeedUpload kinds={FEED_KINDS.map((k) => ({ value: k, label: t(`feedKinds.${k}`) }))} />
      <section className="panel" aria-labelledby="h-imports">
        <h2 id="h-imports">{t('importHistory')}</h2>
        {history.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <TableRegion label={t('importHistory')}>
            <table className="table" data-testid="import-history">
              <caption className="visually-hidden">{t('importHistory')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colWhen')}</th>
                  <th scope="col">{t('colWho')}</th>
                  <th scope="col">{t('colKind')}</th>
                  <th scope="col">{t('colFile')}</th>
                  <th scope="col">{t('colRows')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <td>{format.dateTime(h.finishedAt, 'dayTime')}</td>
                    <td>{h.importedBy}</td>
                    <td>{labelOf(t, `feedKinds.${h.kind}`)}</td>
                    <td>{h.fileName}</td>
                    <td>{t('rowsChanged', { rows: h.rows, changed: h.changed })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </>
  );
}
