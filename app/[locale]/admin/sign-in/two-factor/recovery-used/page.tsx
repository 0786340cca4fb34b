import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { Link } from '@/lib/i18n/navigation';
import { requireStaffPage } from '@/lib/data/current-staff';
import { db } from '@/lib/data/prisma';
import { recoveryCodesLeft } from '@/lib/data/staff-two-factor';
import { staffTitle } from '../../../_lib/page-title';

export async function generateMetadata({
  params,
}: PageProps<'/[locale]/admin/sign-in/two-factor/recovery-used'>) {
  return staffTitle(params, 'twoFactor.recoveryCodesTitle');
}

/**
 * Where a sign-in with a recovery code lands: that code is spent, and this says how many are left
 * (counted from the database for the signed-in account, nothing taken from the address).
 */
export default async function RecoveryUsedPage({
  params,
}: PageProps<'/[locale]/admin/sign-in/two-factor/recovery-used'>) {
  const { locale } = await params;
  setPageLocale(locale);
  const me = await requireStaffPage(locale, 'support');
  const t = await getTranslations({ locale, namespace: 'admin.twoFactor' });
  return (
    <>
      <h1>{t('recoveryCodesTitle')}</h1>
      <div className="panel" role="status" data-testid="recovery-used">
        <p>{t('recoveryCodeUsed', { count: await recoveryCodesLeft(await db(), me.id) })}</p>
        <Link href="/admin" className="button">
          {t('continue')}
        </Link>
      </div>
    </>
  );
}
