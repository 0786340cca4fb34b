import { TableRegion } from '../../../_components/table-region';
import { getFormatter, getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { listStaff } from '@/lib/data/staff';
import { MIN_PASSWORD_LENGTH, THROTTLE_WINDOW_MS } from '@/lib/domain/staff-rules';
import { minutesOf } from '@/lib/i18n/message-values';
import { ActionButton, SchemaForm } from '../../../_components/schema-form';
import {
  clearSignInThrottleAction,
  createStaffAction,
  resetPasswordAction,
  setStaffDisabledAction,
} from '../../../_actions/admin';
import { resetTwoFactorAction } from '../../../_actions/two-factor';
import { listSignInThrottles } from '@/lib/data/sign-in-throttles';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/staff'>) {
  return staffTitle(params, 'staffTitle');
}

/** Staff management (administrators only): create, disable, reset a password or a second factor. */
export default async function StaffPage({ params }: PageProps<'/[locale]/admin/staff'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const me = await requireStaffPage(locale, 'admin');
  const t = await getTranslations({ locale, namespace: 'admin' });
  const format = await getFormatter({ locale });
  const staff = await listStaff(await db(), me);
  const throttles = await listSignInThrottles(await db(), me);
  const time = (d: Date) => format.dateTime(d, 'time');
  const roles = [
    { value: 'support', label: t('roles.support') },
    { value: 'admin', label: t('roles.admin') },
  ];
  return (
    <>
      <h1>{t('staffTitle')}</h1>
      <TableRegion label={t('staffTitle')}>
        <table className="table" data-testid="staff-list">
          <caption className="visually-hidden">{t('staffTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('colState')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} data-email={s.email}>
                <th scope="row">{s.email}</th>
                <td>{t(`roles.${s.role}`)}</td>
                <td>
                  {s.disabledAt
                    ? t('disabledSince', { date: format.dateTime(s.disabledAt, 'day') })
                    : t('activeSessions', { count: s.activeSessions })}
                  <br />
                  <span data-testid={`two-factor-${s.email}`}>
                    {s.twoFactorSince ? t('twoFactor.enrolled') : t('twoFactor.notEnrolled')}
                  </span>
                </td>
                <td>
                  {s.id !== me.id && (
                    <>
                      <ActionButton
                        action={setStaffDisabledAction}
                        values={{ userId: String(s.id), disabled: s.disabledAt ? 'false' : 'true' }}
                        label={s.disabledAt ? t('enable') : t('disable')}
                        testId={`toggle-${s.email}`}
                        secondary
                      />
                      {s.twoFactorSince && (
                        <ActionButton
                          action={resetTwoFactorAction}
                          values={{ userId: String(s.id) }}
                          label={t('twoFactor.reset')}
                          testId={`reset-two-factor-${s.email}`}
                          secondary
                        />
                      )}
                      <details>
                        <summary>{t('resetPassword')}</summary>
                        <SchemaForm
                          schema="resetPassword"
                          action={resetPasswordAction}
                          testId={`reset-${s.id}`}
                          hidden={{ userId: String(s.id) }}
                          submitLabel={t('resetPassword')}
                          successMessage={t('passwordReset')}
                          fields={[
                            {
                              name: 'password',
                              label: t('newPassword'),
                              type: 'password',
                              autoComplete: 'new-password',
                              hint: t('passwordHint', { min: MIN_PASSWORD_LENGTH }),
                            },
                          ]}
                        />
                      </details>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <section className="panel" aria-labelledby="h-throttles">
        <h2 id="h-throttles">{t('throttlesTitle')}</h2>
        <p className="hint">{t('throttlesIntro', { minutes: minutesOf(THROTTLE_WINDOW_MS) })}</p>
        {throttles.length === 0 ? (
          <p data-testid="throttles-empty">{t('throttlesEmpty')}</p>
        ) : (
          <TableRegion label={t('throttlesTitle')}>
            <table className="table" data-testid="throttle-list">
              <caption className="visually-hidden">{t('throttlesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('colAddress')}</th>
                  <th scope="col">{t('colState')}</th>
                  <th scope="col">{t('colFailures')}</th>
                  <th scope="col">{t('colUntil')}</th>
                  <th scope="col">{t('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {throttles.map((r) => (
                  <tr
                    key={`${r.email}|${r.address ?? ''}`}
                    data-email={r.email}
                    data-address={r.address ?? ''}
                  >
                    <th scope="row">{r.email}</th>
                    <td className="mono">{r.address ?? t('allAddresses')}</td>
                    <td>{t(`throttleKinds.${r.kind}`)}</td>
                    <td>{r.failures}</td>
                    <td>{time(r.until)}</td>
                    <td>
                      <ActionButton
                        action={clearSignInThrottleAction}
                        values={{ email: r.email, address: r.address ?? '' }}
                        label={t('clearThrottle')}
                        testId={`clear-throttle-${r.email}-${r.address ?? 'all'}`}
                        secondary
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
      <section className="panel" aria-labelledby="h-new">
        <h2 id="h-new">{t('createStaff')}</h2>
        <SchemaForm
          schema="staffCreate"
          action={createStaffAction}
          testId="create-staff"
          submitLabel={t('createStaff')}
          successMessage={t('staffCreated')}
          fields={[
            { name: 'email', label: t('email'), type: 'email' },
            { name: 'role', label: t('role'), type: 'select', options: roles },
            {
              name: 'password',
              label: t('password'),
              type: 'password',
              autoComplete: 'new-password',
              hint: t('passwordHint', { min: MIN_PASSWORD_LENGTH }),
            },
          ]}
        />
      </section>
    </>
  );
}
