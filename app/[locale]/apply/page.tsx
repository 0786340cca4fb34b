import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { routing } from '@/lib/i18n/routing';
import { ALL_COUNTRIES, COMMON_PURCHASE_COUNTRIES } from '@/lib/domain/countries';
import { parseImei } from '@/lib/domain/imei';
import { config } from '@/lib/config';
import { ApplicationForm } from '../../_components/application-form';
import { titleFrom } from '../../_lib/page-title';

export const generateMetadata = titleFrom('apply.title');

/**
 * The proof-of-legal-import application, starting with the device. `?imei=` fills IMEI 1 in when
 * coming from a grey result; `?step=` is the step the owner is on (the answers are never in the URL).
 */
export default async function ApplyPage({ params, searchParams }: PageProps<'/[locale]/apply'>) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const q = (await searchParams).imei;
  const parsed = typeof q === 'string' ? parseImei(q) : null;
  const initialImei = parsed?.ok ? parsed.value.imei : '';

  // Country names from ICU, on the server (browsers may lack Kazakh names).
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const collator = new Intl.Collator(locale);
  const countries = ALL_COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code })).sort(
    (a, b) => collator.compare(a.name, b.name),
  );
  const common = COMMON_PURCHASE_COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code }));

  return (
    <ApplicationForm
      initialImei={initialImei}
      countries={countries}
      common={common}
      greyDays={config().rules.greyWindowDays}
    />
  );
}
