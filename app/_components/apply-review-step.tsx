'use client';
import { labelOf } from '@/lib/i18n/message-keys';
import { useRef } from 'react';
import { useErrorText } from './use-error-text';
import { useTranslations } from 'next-intl';
import { useArrivalFocus, type ApplyForm } from './apply-form-model';
import type { CountryOption } from './apply-details-step';

type Row = { field: string; label: string; value: string | string[] };

/**
 * "Check your answers": every answer as people read it (the date in words, the country and the way
 * the device came by name), each row with a "Change" that returns to its field.
 */
export function ReviewStep({
  form,
  countries,
  arrival,
  pending,
  problem,
  onChange,
  onContinue,
}: {
  form: ApplyForm;
  countries: CountryOption[];
  arrival: string | null;
  pending: boolean;
  problem: string | null;
  onChange: (field: string) => void;
  onContinue: () => void;
}) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const errorText = useErrorText();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useArrivalFocus(arrival, headingRef);
  const v = form.getValues();
  const text = (x: unknown) => String(x ?? '').trim();
  const given = (x: unknown) => text(x) || t('notGiven');
  const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? code;
  const dateInWords = (iso: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return iso;
    return t('dateInWords', {
      year: m[1],
      day: String(Number(m[3])),
      month: t(`months.${Number(m[2])}` as 'months.1'),
    });
  };

  const rows: Row[] = [
    { field: 'imei1', label: tf('imei1'), value: text(v.imei1) },
    { field: 'imei2', label: tf('imei2'), value: given(v.imei2) },
    { field: 'fullName', label: tf('fullName'), value: text(v.fullName) },
    { field: 'iin', label: tf('iin'), value: text(v.iin) },
    { field: 'email', label: tf('email'), value: given(v.email) },
    {
      field: 'arrivalMethod',
      label: tf('arrivalMethod'),
      value: labelOf(t, `arrival.${v.arrivalMethod}`),
    },
    ...(v.arrivalMethod === 'POST'
      ? [{ field: 'trackingNumber', label: tf('trackingNumber'), value: text(v.trackingNumber) }]
      : []),
    ...(v.arrivalMethod === 'OTHER'
      ? [
          {
            field: 'arrivalExplanation',
            label: tf('arrivalExplanation'),
            value: text(v.arrivalExplanation),
          },
        ]
      : []),
    { field: 'entryDate', label: tf('entryDate'), value: dateInWords(text(v.entryDate)) },
    {
      field: 'purchaseCountry',
      label: tf('purchaseCountry'),
      value: countryName(text(v.purchaseCountry)),
    },
    {
      field: 'customsDeclaration',
      label: tf('customsDeclaration'),
      value: given(v.customsDeclaration),
    },
    {
      field: 'documents',
      label: tf('documents'),
      value: ((v.documents ?? []) as File[]).map((f) => f.name),
    },
  ];

  return (
    <section aria-labelledby="review-heading" data-testid="review">
      <h1 id="review-heading" ref={headingRef} tabIndex={-1}>
        {t('reviewTitle')}
      </h1>
      <p>{t('reviewIntro')}</p>
      <dl className="summary">
        {rows.map((row) => (
          <div key={row.field} className="summary-row" data-field={row.field}>
            <dt>{row.label}</dt>
            <dd>
              {Array.isArray(row.value) ? (
                <ul className="summary-files">
                  {row.value.map((name, i) => (
                    <li key={i}>{name}</li>
                  ))}
                </ul>
              ) : (
                row.value
              )}
            </dd>
            <dd className="summary-change">
              <button type="button" className="link-button" onClick={() => onChange(row.field)}>
                {t('changeField')}
                <span className="visually-hidden"> {row.label}</span>
              </button>
            </dd>
          </div>
        ))}
      </dl>
      {problem && (
        <p className="field-error" role="alert">
          {errorText(problem)}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={onContinue}
          disabled={pending}
          aria-busy={pending}
          data-testid="send"
        >
          {t('toVerify')}
        </button>
      </div>
    </section>
  );
}
