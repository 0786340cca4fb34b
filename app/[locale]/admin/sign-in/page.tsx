import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { setPageLocale } from '@/lib/i18n/page-locale';
import { currentStaff } from '@/lib/data/current-staff';
import { SchemaForm } from '../../../_components/schema-form';
import { signInAction } from '../../../_actions/admin';
import { staffTitle } from '../_lib/page-title';

export async function generateMetadata({ params }: PageProps<'/[locale]/admin/sign-in'>) {
  return staffTitle(params, 'signInTitle');
}

export default async function SignInPage({ params }: PageProps<'/[locale]/admin/sign-in'>) {
  const { locale } = await params;
  setPageLocale(locale);
  if (await currentStaff()) redirect(`/${locale}/admin`);
  const t = await getTranslations({ locale, namespace: 'admin' });
  return (
    <>
      <h1>{t('signInTitle')}</h1>
      <p className="lead">{t('signInIntro')}</p>
      <SchemaForm
        schema="signIn"
        action={signInAction}
        testId="sign-in"
        submitLabel={t('signIn')}
        fields={[
          { name: 'email', label: t('email'), type: 'email', autoComplete: 'username' },
          {
            name: 'password',
            label: t('password'),
            type: 'password',
            autoComplete: 'current-password',
          },
        ]}
      />
    </>
  );
}
