'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Link, usePathname } from '@/lib/i18n/navigation';

/** Switches between Kazakh and Russian, staying on the same page (not prefetched, as NavLink). */
export function LanguageSwitch() {
  const t = useTranslations('common');
  const locale = useLocale();
  const pathname = usePathname();
  const other = locale === 'kk' ? 'ru' : 'kk';
  return (
    <Link
      href={pathname}
      locale={other}
      prefetch={false}
      className="lang-switch"
      hrefLang={other}
      lang={other}
      aria-label={t('switchToLabel')}
      data-testid="language-switch"
    >
      {t('switchTo')}
    </Link>
  );
}
