import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { PUBLIC_CLIENT_NAMESPACES, STAFF_CLIENT_NAMESPACES, pickMessages } from '@/lib/i18n/client-messages';
import { Link } from '@/lib/i18n/navigation';
import { currentStaff } from '@/lib/data/current-staff';
import { signOutAction } from '../../_actions/admin';

/** The staff area's frame: its menu and who is signed in. Access is checked by each page itself. */
export default async function AdminLayout({ children, params }: LayoutProps<'/[locale]/admin'>) {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'admin' });
  const staff = await currentStaff();
  // The staff area's client components translate with namespaces the public pages do not send.
  const messages = pickMessages(await getMessages({ locale }), [...PUBLIC_CLIENT_NAMESPACES, ...STAFF_CLIENT_NAMESPACES]);
  return (
    <NextIntlClientProvider messages={messages}>
    <div className="admin">
      {staff && (
        <div className="admin-bar">
          <nav aria-label={t('menu')} className="admin-nav">
            <Link href="/admin">{t('navQueue')}</Link>
            <Link href="/admin/outbox">{t('navOutbox')}</Link>
            {staff.role === 'admin' && (
              <>
                <Link href="/admin/feeds">{t('navFeeds')}</Link>
                <Link href="/admin/staff">{t('navStaff')}</Link>
                <Link href="/admin/api-clients">{t('navApiClients')}</Link>
                <Link href="/admin/audit">{t('navAudit')}</Link>
              </>
            )}
          </nav>
          <form action={signOutAction} className="admin-user">
            <input type="hidden" name="locale" value={locale} />
            <span data-testid="signed-in-as">
              {staff.email} · {t(`roles.${staff.role}`)}
            </span>
            <button type="submit" className="link-button">
              {t('signOut')}
            </button>
          </form>
        </div>
      )}
      {children}
    </div>
    </NextIntlClientProvider>
  );
}
