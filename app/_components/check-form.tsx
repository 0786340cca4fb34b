'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { checkFormSchema, type CheckFormValues } from '@/lib/schemas/check-form';
import { hasValidCheckDigit, stripSeparators } from '@/lib/domain/imei';
import { checkImeiAction, type CheckView } from '../_actions/check-imei';
import { ResultCard } from './result-card';

/** The IMEI field, validated as you type (digit count, check digit), and the result card. */
export function CheckForm() {
  const t = useTranslations('form');
  const te = useTranslations('errors');
  const locale = useLocale();
  const [view, setView] = useState<CheckView | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const {
    register,
    handleSubmit,
    watch,
    setError,
    formState: { errors },
  } = useForm<CheckFormValues>({
    resolver: zodResolver(checkFormSchema),
    mode: 'onTouched',
    reValidateMode: 'onChange',
    defaultValues: { imei: '' },
  });

  const digits = stripSeparators(watch('imei') ?? '');
  const onlyDigits = /^\d*$/.test(digits);
  const checkDigitWrong = onlyDigits && digits.length === 15 && !hasValidCheckDigit(digits);
  const fieldError = errors.imei?.message;

  useEffect(() => {
    if (view) resultHeading.current?.focus();
  }, [view]);

  const onSubmit = (values: CheckFormValues) => {
    setFormError(null);
    startTransition(async () => {
      const result = await checkImeiAction(locale, values).catch(() => null);
      if (!result) {
        setFormError('UNEXPECTED');
        return;
      }
      if (result.ok) {
        setView(result.view);
        return;
      }
      setView(null);
      const code = result.fieldErrors.imei?.[0];
      if (code) setError('imei', { type: 'server', message: code }, { shouldFocus: true });
      else setFormError('UNEXPECTED');
    });
  };

  const describedBy = ['imei-hint', 'imei-counter', fieldError ? 'imei-error' : null, checkDigitWrong && !fieldError ? 'imei-warning' : null]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <form className="check-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-busy={pending}>
        <label htmlFor="imei" className="label">
          {t('label')}
        </label>
        <p id="imei-hint" className="hint">
          {t('hint')}
        </p>
        <div className="field-row">
          <input
            id="imei"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            className={`input mono ${fieldError ? 'input-error' : ''}`}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy}
            {...register('imei')}
          />
          <button type="submit" className="button" disabled={pending}>
            {pending ? t('checking') : t('submit')}
          </button>
        </div>
        <p id="imei-counter" className="counter" aria-live="polite">
          {t('counter', { count: onlyDigits ? digits.length : 0 })}
        </p>
        {fieldError && (
          <p id="imei-error" className="field-error" role="alert">
            {te(fieldError as 'IMEI_REQUIRED')}
          </p>
        )}
        {checkDigitWrong && !fieldError && (
          <p id="imei-warning" className="field-warning" role="status">
            {t('checkDigitWarning')}
          </p>
        )}
        {formError && (
          <p className="field-error" role="alert">
            {te(formError as 'UNEXPECTED')}
          </p>
        )}
      </form>
      <div aria-live="polite">{view && <ResultCard ref={resultHeading} view={view} />}</div>
    </>
  );
}
