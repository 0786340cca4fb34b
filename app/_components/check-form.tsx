'use client';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import dynamic from 'next/dynamic';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { checkFormSchema, type CheckFormValues } from '@/lib/schemas/check-form';
import { hasValidCheckDigit, stripSeparators } from '@/lib/domain/imei';
import { checkImeiAction } from '../_actions/check-imei';
import { ResultCard } from './result-card';

/** The proof-of-work widget: its script is fetched only when the server asks for a challenge. */
const ProofOfWork = dynamic(() => import('./proof-of-work'), { ssr: false });

/**
 * The IMEI field, validated as you type (digit count, check digit) with the same zod schema the
 * server action uses, and the result card. The form posts to the server action, so it also
 * works when a slow phone has not loaded the page's script yet.
 */
export function CheckForm() {
  const t = useTranslations('form');
  const errorText = useErrorText();
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
  const ask = state && !state.ok && state.code === 'CHALLENGE_REQUIRED' && 'ask' in state ? state.ask : null;
  const wait = state && !state.ok && state.code === 'TOO_MANY_CHECKS' && 'retryAtText' in state ? state.retryAtText ?? '' : null;
  const formError = state && !state.ok && !serverFieldError && !ask && wait === null ? (state.code === 'DATABASE_UNAVAILABLE' ? state.code : 'UNEXPECTED') : null;
  const view = state?.ok ? state.view : null;
  const form = useRef<HTMLFormElement>(null);
  // Without JavaScript the widget cannot run: until the page's script is running, the challenge
  // step says what to do instead (turn JavaScript on, or the time to try again).
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);

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
      <form ref={form} className="check-form" action={formAction} onSubmit={onSubmit} noValidate aria-busy={pending}>
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
            {errorText(fieldError)}
          </p>
        )}
        {checkDigitWrong && !fieldError && (
          <p id="imei-warning" className="field-warning" role="status">
            {t('checkDigitWarning')}
          </p>
        )}
        {ask && (
          <div className="challenge" data-testid="challenge-step">
            {scripted ? (
              <>
                <p role="status">{ask.problem ? t('challengeProblem') : t('challengeIntro')}</p>
                <ProofOfWork key={JSON.stringify(ask.challenge)} challenge={ask.challenge} onSolved={() => form.current?.requestSubmit()} />
              </>
            ) : (
              <p className="field-error" role="alert">
                {t('challengeNoScript', { time: ask.retryAtText })}
              </p>
            )}
          </div>
        )}
        {wait !== null && (
          <p className="field-error" role="alert" data-testid="check-wait">
            {t('tooManyChecks', { time: wait })}
          </p>
        )}
        {formError && (
          <p className="field-error" role="alert" data-testid="check-error">
            {errorText(formError)}
          </p>
        )}
      </form>
      <div aria-live="polite">{view && <ResultCard ref={resultHeading} view={view} />}</div>
    </>
  );
}
