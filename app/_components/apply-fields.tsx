'use client';
import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { ARRIVAL_METHODS, kzToday } from '@/lib/schemas/application-form';
import { useErrorText } from './use-error-text';
import { Field, type FieldA11y } from './form-field';
import type { DETAIL_FIELDS, DEVICE_FIELDS } from './apply-form-model';

export type CountryOption = { code: string; name: string };

type DeviceField = (typeof DEVICE_FIELDS)[number];
type DetailField = Exclude<(typeof DETAIL_FIELDS)[number], 'documents'>;

/**
 * How an input is tied to its form: react-hook-form's `register(name)` where script runs, or a
 * plain name with the value posted before (`plainBinding`) where the form is posted as it is.
 */
export type FieldBinding =
  UseFormRegisterReturn | { name: string; defaultValue?: string; value?: string };

/** The error code of a field, if any. */
type ErrorOf = (name: string) => string | undefined;

/**
 * Inputs of a form posted without script: named as the action reads them, holding what was posted
 * before. The consent box posts `true` when ticked and is asked again each time.
 */
export function plainBinding(values: Record<string, string>) {
  return (name: string): FieldBinding =>
    name === 'consent' ? { name, value: 'true' } : { name, defaultValue: values[name] };
}

/** The device step's fields: IMEI 1 and an optional IMEI 2. */
export function DeviceFields({
  bind,
  err,
}: {
  bind: (name: DeviceField) => FieldBinding;
  err: ErrorOf;
}) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  /** Both IMEIs are typed the same way. */
  const imeiInput = (a: FieldA11y, name: DeviceField) => (
    <input {...a} className="input mono" inputMode="numeric" autoComplete="off" {...bind(name)} />
  );
  return (
    <fieldset>
      <legend>{t('deviceSection')}</legend>
      <Field id="imei1" label={tf('imei1')} hint={tf('imei1Hint')} error={err('imei1')}>
        {(a) => imeiInput(a, 'imei1')}
      </Field>
      <Field id="imei2" label={tf('imei2')} hint={tf('imei2Hint')} error={err('imei2')} optional>
        {(a) => imeiInput(a, 'imei2')}
      </Field>
    </fieldset>
  );
}

/**
 * The details step's fields: the applicant, how the device came into Kazakhstan, the documents
 * (`documents`, the caller's own file input) and the consent. With script the tracking number and
 * the explanation follow the chosen way (`method`); without (`allArrivalFields`) both are shown,
 * marked optional, and the server asks for the one the way needs.
 */
export function DetailsFields({
  bind,
  err,
  method,
  allArrivalFields = false,
  countries,
  common,
  documents,
}: {
  bind: (name: DetailField) => FieldBinding;
  err: ErrorOf;
  method?: string;
  allArrivalFields?: boolean;
  countries: CountryOption[];
  common: CountryOption[];
  documents: ReactNode;
}) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const errorText = useErrorText();
  const arrivalLabel = (m: string) => labelOf(t, `arrival.${m}`);

  return (
    <>
      <fieldset>
        <legend>{t('ownerSection')}</legend>
        <Field
          id="fullName"
          label={tf('fullName')}
          hint={tf('fullNameHint')}
          error={err('fullName')}
        >
          {(a) => <input {...a} className="input" autoComplete="name" {...bind('fullName')} />}
        </Field>
        <Field id="iin" label={tf('iin')} hint={tf('iinHint')} error={err('iin')}>
          {(a) => (
            <input
              {...a}
              className="input mono"
              inputMode="numeric"
              autoComplete="off"
              maxLength={14}
              {...bind('iin')}
            />
          )}
        </Field>
        <Field id="email" label={tf('email')} error={err('email')} optional>
          {(a) => (
            <input {...a} className="input" type="email" autoComplete="email" {...bind('email')} />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('importSection')}</legend>
        <Field id="arrivalMethod" label={tf('arrivalMethod')} error={err('arrivalMethod')}>
          {(a) => (
            <select {...a} className="input" {...bind('arrivalMethod')}>
              <option value="">{tf('choose')}</option>
              {ARRIVAL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {arrivalLabel(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(allArrivalFields || method === 'POST') && (
          <Field
            id="trackingNumber"
            label={tf('trackingNumber')}
            hint={tf('trackingNumberHint')}
            error={err('trackingNumber')}
            optional={allArrivalFields}
          >
            {(a) => (
              <input {...a} className="input mono" autoComplete="off" {...bind('trackingNumber')} />
            )}
          </Field>
        )}
        {(allArrivalFields || method === 'OTHER') && (
          <Field
            id="arrivalExplanation"
            label={tf('arrivalExplanation')}
            error={err('arrivalExplanation')}
            optional={allArrivalFields}
          >
            {(a) => <textarea {...a} className="input" rows={3} {...bind('arrivalExplanation')} />}
          </Field>
        )}
        <Field
          id="entryDate"
          label={tf('entryDate')}
          hint={tf('entryDateHint')}
          error={err('entryDate')}
        >
          {(a) => (
            <input
              {...a}
              className="input"
              type="date"
              max={kzToday()}
              min="2000-01-01"
              {...bind('entryDate')}
            />
          )}
        </Field>
        <Field id="purchaseCountry" label={tf('purchaseCountry')} error={err('purchaseCountry')}>
          {(a) => (
            <select {...a} className="input" {...bind('purchaseCountry')}>
              <option value="">{tf('choose')}</option>
              <optgroup label={tf('commonCountries')}>
                {common.map((c) => (
                  <option key={`c-${c.code}`} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={tf('allCountries')}>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field
          id="customsDeclaration"
          label={tf('customsDeclaration')}
          hint={tf('customsDeclarationHint')}
          error={err('customsDeclaration')}
          optional
        >
          {(a) => (
            <input
              {...a}
              className="input mono"
              autoComplete="off"
              {...bind('customsDeclaration')}
            />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('documentsSection')}</legend>
        {documents}
      </fieldset>

      <fieldset>
        <legend>{t('consentSection')}</legend>
        <p className="consent-text">{t('consentText')}</p>
        <div className={`checkbox ${err('consent') ? 'field-has-error' : ''}`}>
          {err('consent') && (
            <p id="consent-error" className="field-error">
              {errorText(err('consent'))}
            </p>
          )}
          <input
            id="consent"
            type="checkbox"
            aria-describedby={err('consent') ? 'consent-error' : undefined}
            aria-invalid={err('consent') ? true : undefined}
            {...bind('consent')}
          />
          <label htmlFor="consent">{tf('consent')}</label>
        </div>
      </fieldset>
    </>
  );
}
