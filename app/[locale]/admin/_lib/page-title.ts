import { hasLocale } from 'next-intl';
import { routing } from '@/lib/i18n/routing';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

type TitleKey =
  | 'queueTitle'
  | 'auditTitle'
  | 'feedsTitle'
  | 'outboxTitle'
  | 'apiClientsTitle'
  | 'staffTitle'
  | 'signInTitle'
  | 'forbiddenTitle'
  | 'applicationTitle'
  | 'deviceTitle'
  | 'twoFactor.verifyTitle'
  | 'twoFactor.recoveryCodesTitle';

/** A staff page's own title: what the page is, in the staff area ("Audit log — Staff area"), and what it is about. */
export async function staffTitle(
  params: Promise<{ locale: string }>,
  key: TitleKey,
  about?: string,
): Promise<Metadata> {
  const segment = (await params).locale;
  const locale = hasLocale(routing.locales, segment) ? segment : routing.defaultLocale;
  const t = await getTranslations({ locale, namespace: 'admin' });
  return { title: `${t(key)}${about ? ` ${about}` : ''} — ${t('areaName')}` };
}
