'use client';
import { startTransition, useActionState, useEffect, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { checkFormSchema, type CheckFormValues } from '@/lib/schemas/check-form';
import { hasValidCheckDigit, stripSeparators } from '@/lib/domain/imei';
import { checkImeiAction } from '../_actions/check-imei';
import { ResultCard } from './result-card';

/**
 * The IMEI field, validated as you type (digit count, check digit) with the same zod schema the
 * server action uses, and the result card. The form posts to the server action, so it also
 * works when a slow phone has not loaded the page's script yet.
 */
export function CheckForm() {
  const t = useTranslations('form');
  const te = useTranslations('errors');
  const locale = useLocale();
  const [state, formAction, pending] = useActionState(checkImeiAction, null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const {
    register,
    watch,
    handleSubmit,
    setError,
    setFocus,
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
  const serverFieldError = state && !state.ok ? state.fieldErrors.imei?.[0] : undefined;
  const fieldError = errors.imei?.message ?? serverFieldError;
  const formError = state && !state.ok && !serverFieldError ? (state.code === 'DATABASE_UNAVAILABLE' ? state.code : 'UNEXPECTED') : null;
  const view = state?.ok ? state.view : null;

  useEffect(() => {
    if (view) resultHeading.current?.focus();
  }, [view]);
  useEffect(() => {
    if (serverFieldError) {
      setError('imei', { type: 'server', message: serverFieldError });
      setFocus('imei');
    }
  }, [state, serverFieldError, setError, setFocus]);

  // With the script loaded: validate with the schema (which also focuses the field on error and
  // re-validates as the owner types), then submit in a transition (React would otherwise reset the field).
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    void handleSubmit(() => startTransition(() => formAction(data)))(event);
  };

  const describedBy = ['imei-hint', 'imei-counter', fieldError ? 'imei-error' : null, checkDigitWrong && !fieldError ? 'imei-warning' : null]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <form className="check-form" action={formAction} onSubmit={onSubmit} noValidate aria-busy={pending}>
        <input type="hidden" name="locale" value={locale} />
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
          <p className="field-error" role="alert" data-testid="check-error">
            {te(formError)}
          </p>
        )}
      </form>
      <div aria-live="polite">{view && <ResultCard ref={resultHeading} view={view} />}</div>
    </>
  );
}
