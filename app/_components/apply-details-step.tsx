'use client';
import { useRef } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary } from './error-summary';
import { useErrorSummary } from './use-error-summary';
import { DocumentsField } from './form-field';
import { DetailsFields, type CountryOption } from './apply-fields';
import {
  DETAIL_FIELDS,
  errorCode,
  fileErrorCodes,
  useArrivalFocus,
  type ApplyForm,
} from './apply-form-model';

export type { CountryOption };

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

      <DetailsFields
        bind={register}
        err={err}
        method={method}
        countries={countries}
        common={common}
        documents={
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
        }
      />

      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t('continue')}
      </button>
    </form>
  );
}
