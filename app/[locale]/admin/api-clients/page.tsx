import { TableRegion } from '../../../_components/table-region';
import { getFormatter, getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { listApiClients } from '@/lib/data/api-clients';
import { ListIcon } from '../../../_components/list-icon';
import { ApiClientForm, RevokeApiClient } from '../../../_components/api-client-form';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/api-clients'>) {
  return staffTitle(params, 'apiClientsTitle');
}

/** API clients of the operator and supplier interfaces (administrators only): list, create, revoke. */
export default async function ApiClientsPage({ params }: PageProps<'/[locale]/admin/api-clients'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const me = await requireStaffPage(locale, 'admin');
  const t = await getTranslations({ locale, namespace: 'admin' });
  const format = await getFormatter({ locale });
  const clients = await listApiClients(await db(), me);
  const date = (d: Date) => format.dateTime(d, 'dayTime');
  return (
    <>
      <h1>{t('apiClientsTitle')}</h1>
      <p className="lead">{t('apiClientsIntro')}</p>
      {clients.length === 0 ? (
        <p>{t('noClients')}</p>
      ) : (
        <TableRegion label={t('apiClientsTitle')}>
          <table className="table" data-testid="api-clients">
            <caption className="visually-hidden">{t('apiClientsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colClientName')}</th>
                <th scope="col">{t('colScopes')}</th>
                <th scope="col">{t('colClientOf')}</th>
                <th scope="col">{t('colCreated')}</th>
                <th scope="col">{t('colLastUsed')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id} data-client={c.name} data-state={c.revokedAt ? 'revoked' : 'active'}>
                  <th scope="row">{c.name}</th>
                  <td>
                    <ul className="plain-list">
                      {c.scopes.map((s) => (
                        <li key={s}>
                          <code>{s}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {c.operator && (
                      <p className="cell-line">{t('operatorOf', { operator: c.operator })}</p>
                    )}
                    {c.supplier && (
                      <p className="cell-line">
                        {t('supplierOf', {
                          source: t(`sources.${c.supplier.source}`),
                          organisation: c.supplier.organisation,
                        })}
                      </p>
                    )}
                  </td>
                  <td>{t('createdOnBy', { date: date(c.createdAt), who: c.createdBy })}</td>
                  <td>{c.lastUsedAt ? date(c.lastUsedAt) : t('neverUsed')}</td>
                  <td data-testid="client-state">
                    <span className="client-state">
                      <ListIcon list={c.revokedAt ? 'BLACK' : 'WHITE'} size={20} />
                      {c.revokedAt
                        ? t('clientRevokedOn', { date: date(c.revokedAt) })
                        : t('clientActive')}
                    </span>
                  </td>
                  <td>{!c.revokedAt && <RevokeApiClient id={c.id} name={c.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <ApiClientForm />
    </>
  );
}
