'use client';
import { labelOf } from '@/lib/i18n/message-keys';
import { useRef } from 'react';
import { useErrorText } from './use-error-text';
import { useTranslations } from 'next-intl';
import { ARRIVAL_METHODS, kzToday } from '@/lib/schemas/application-form';
import { ErrorSummary } from './error-summary';
import { useErrorSummary } from './use-error-summary';
import { DocumentsField, Field } from './form-field';
import {
  DETAIL_FIELDS,
  errorCode,
  fileErrorCodes,
  useArrivalFocus,
  type ApplyForm,
} from './apply-form-model';

export type CountryOption = { code: string; name: string };

/**
 * The application's second step: the applicant, how the device came into Kazakhstan, the
 * documents and the consent. Checked with the shared schema; problems listed at the top.
 */
export function DetailsStep({
  form,
  countries,
  common,
  arrival,
  filesAgain,
  onValid,
  onChangeDevice,
}: {
  form: ApplyForm;
  countries: CountryOption[];
  common: CountryOption[];
  arrival: string | null;
  /** The answers came back from the browser's storage, the files could not */
  filesAgain: boolean;
  onValid: () => void;
  onChangeDevice: () => void;
}) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const errorText = useErrorText();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useArrivalFocus(arrival, headingRef);
  const { register, handleSubmit, watch, setValue, formState } = form;
  const method = watch('arrivalMethod');
  const documents = (watch('documents') ?? []) as File[];
  const [imei1, imei2] = [watch('imei1'), watch('imei2')];
  const err = (name: string) => errorCode(formState.errors, name);
  const summary = useErrorSummary({
    errors: formState.errors,
    fields: DETAIL_FIELDS,
    files: { documents },
  });
  const arrivalLabel = (m: string) => labelOf(t, `arrival.${m}`);

  return (
    <form
      method="post"
      onSubmit={handleSubmit(onValid, summary.failed)}
      noValidate
      className="application-form"
      aria-labelledby="details-heading"
      data-testid="details-step"
    >
      <ErrorSummary items={summary.items} attempt={summary.attempt} />
      <h1 id="details-heading" ref={headingRef} tabIndex={-1}>
        {t('detailsTitle')}
      </h1>
      <p data-testid="details-device">
        {t('detailsDevice')}{' '}
        <span className="mono">{[imei1, imei2].filter(Boolean).join(', ')}</span>{' '}
        <button type="button" className="link-button" onClick={onChangeDevice}>
          {t('changeField')}
          <span className="visually-hidden"> {tf('imei1')}</span>
        </button>
      </p>
      {filesAgain && documents.length === 0 && (
        <p className="callout callout-info" data-testid="files-again">
          {t('filesAgain')}
        </p>
      )}

      <fieldset>
        <legend>{t('ownerSection')}</legend>
        <Field
          id="fullName"
          label={tf('fullName')}
          hint={tf('fullNameHint')}
          error={err('fullName')}
        >
          {(a) => <input {...a} className="input" autoComplete="name" {...register('fullName')} />}
        </Field>
        <Field id="iin" label={tf('iin')} hint={tf('iinHint')} error={err('iin')}>
          {(a) => (
            <input
              {...a}
              className="input mono"
              inputMode="numeric"
              autoComplete="off"
              maxLength={14}
              {...register('iin')}
            />
          )}
        </Field>
        <Field id="email" label={tf('email')} error={err('email')} optional>
          {(a) => (
            <input
              {...a}
              className="input"
              type="email"
              autoComplete="email"
              {...register('email')}
            />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('importSection')}</legend>
        <Field id="arrivalMethod" label={tf('arrivalMethod')} error={err('arrivalMethod')}>
          {(a) => (
            <select {...a} className="input" {...register('arrivalMethod')}>
              <option value="">{tf('choose')}</option>
              {ARRIVAL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {arrivalLabel(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {method === 'POST' && (
          <Field
            id="trackingNumber"
            label={tf('trackingNumber')}
            hint={tf('trackingNumberHint')}
            error={err('trackingNumber')}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                autoComplete="off"
                {...register('trackingNumber')}
              />
            )}
          </Field>
        )}
        {method === 'OTHER' && (
          <Field
            id="arrivalExplanation"
            label={tf('arrivalExplanation')}
            error={err('arrivalExplanation')}
          >
            {(a) => (
              <textarea {...a} className="input" rows={3} {...register('arrivalExplanation')} />
            )}
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
              {...register('entryDate')}
            />
          )}
        </Field>
        <Field id="purchaseCountry" label={tf('purchaseCountry')} error={err('purchaseCountry')}>
          {(a) => (
            <select {...a} className="input" {...register('purchaseCountry')}>
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
              {...register('customsDeclaration')}
            />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('documentsSection')}</legend>
        <DocumentsField
          id="documents"
          label={tf('documents')}
          error={err('documents')}
          files={documents}
          fileErrors={fileErrorCodes(formState.errors, documents)}
          onChange={(files) =>
            setValue('documents', files, { shouldValidate: true, shouldTouch: true })
          }
        />
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
            {...register('consent')}
          />
          <label htmlFor="consent">{tf('consent')}</label>
        </div>
      </fieldset>

      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t('continue')}
      </button>
    </form>
  );
}
