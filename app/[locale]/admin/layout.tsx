import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import {
  PUBLIC_CLIENT_NAMESPACES,
  STAFF_CLIENT_NAMESPACES,
  pickMessages,
} from '@/lib/i18n/client-messages';
import { currentStaff } from '@/lib/data/current-staff';
import { signOutAction } from '../../_actions/admin';
import { AdminNav, type AdminNavLink } from './_components/admin-nav';
import './admin.css';

/**
 * The staff area's frame: its own menu (per role; the citizen's menu is not shown here, see
 * admin.css) and who is signed in. Access is checked by each page itself.
 */
export default async function AdminLayout({ children, params }: LayoutProps<'/[locale]/admin'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const t = await getTranslations({ locale, namespace: 'admin' });
  const staff = await currentStaff();
  const links: AdminNavLink[] = !staff
    ? [{ href: '/admin/sign-in', label: t('signInTitle') }]
    : staff.role === 'admin'
      ? [
          { href: '/admin', label: t('navQueue') },
          { href: '/admin/audit', label: t('navAudit') },
          { href: '/admin/feeds', label: t('navFeeds') },
          { href: '/admin/outbox', label: t('navOutbox') },
          { href: '/admin/api-clients', label: t('navApiClients') },
          { href: '/admin/staff', label: t('navStaff') },
        ]
      : [
          { href: '/admin', label: t('navQueue') },
          { href: '/admin/outbox', label: t('navOutbox') },
        ];
  // The staff area's client components translate with namespaces the public pages do not send.
  const messages = pickMessages(await getMessages({ locale }), [
    ...PUBLIC_CLIENT_NAMESPACES,
    ...STAFF_CLIENT_NAMESPACES,
  ]);
  return (
    <NextIntlClientProvider messages={messages}>
      <div className="admin">
        <div className="admin-bar">
          <p className="admin-area-name">{t('areaName')}</p>
          <AdminNav links={links} label={t('menu')} />
          {staff && (
            <form action={signOutAction} className="admin-user">
              <input type="hidden" name="locale" value={locale} />
              <span data-testid="signed-in-as">
                {staff.email} · {t(`roles.${staff.role}`)}
              </span>
              <button type="submit" className="link-button">
                {t('signOut')}
              </button>
            </form>
          )}
        </div>
        {children}
      </div>
    </NextIntlClientProvider>
  );
}
