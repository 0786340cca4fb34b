import { labelOf } from '@/lib/i18n/message-keys';
import type { Locale } from 'next-intl';
import type { ReactNode } from 'react';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { StaffApplicationView } from '@/lib/data/admin';
import { formatKzMobile } from '@/lib/domain/phone';
import { KZ_TIME_ZONE } from '@/lib/domain/time';

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="summary-row">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}

/** Who filed it, how the device came in, and whether possession is proven. */
export async function ApplicantPanel({ a, locale }: { a: StaffApplicationView; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: 'admin' });
  const tf = await getTranslations({ locale, namespace: 'fields' });
  const tap = await getTranslations({ locale, namespace: 'apply.arrival' });
  const format = await getFormatter({ locale });
  const day = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeZone: KZ_TIME_ZONE });
  const country = new Intl.DisplayNames([locale], { type: 'region' });
  const { applicant: p, arrival: r } = a;
  return (
    <section className="panel" aria-labelledby="applicant">
      <h2 id="applicant">{t('applicant')}</h2>
      <dl className="summary summary-compact">
        <Row label={tf('fullName')}>{p.fullName}</Row>
        <Row label={tf('iin')} mono>
          {p.iin}
        </Row>
        <Row label={tf('phone')}>{formatKzMobile(p.phone)}</Row>
        <div className="summary-row">
          <dt>{t('possession')}</dt>
          <dd data-testid="possession" data-proven={p.possessionProven}>
            {p.possessionProven ? t('possessionProvenLong') : t('possessionNotProvenLong')}
          </dd>
        </div>
        {p.email && <Row label={tf('email')}>{p.email}</Row>}
        <Row label={tf('arrivalMethod')}>{labelOf(tap, r.method)}</Row>
        {r.trackingNumber && (
          <Row label={tf('trackingNumber')} mono>
            {r.trackingNumber}
          </Row>
        )}
        {r.explanation && <Row label={tf('arrivalExplanation')}>{r.explanation}</Row>}
        {r.entryDate && <Row label={tf('entryDate')}>{day(r.entryDate)}</Row>}
        <Row label={tf('purchaseCountry')}>
          {r.purchaseCountry ? country.of(r.purchaseCountry) : '—'}
        </Row>
        {r.customsDeclaration && (
          <Row label={tf('customsDeclaration')} mono>
            {r.customsDeclaration}
          </Row>
        )}
        <Row label={t('ownerLanguage')}>{a.locale === 'ru' ? 'Русский' : 'Қазақша'}</Row>
      </dl>
    </section>
  );
}
