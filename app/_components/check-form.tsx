'use client';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { hasValidCheckDigit, parseImei, stripSeparators } from '@/lib/domain/imei';
import { checkImeiAction } from '../_actions/check-imei';

/** The proof-of-work widget: its script is fetched only when the server asks for a challenge. */
const ProofOfWork = dynamic(() => import('./proof-of-work'), { ssr: false });
/** "Tell me when this device's list changes", under a result: its script is fetched with the first result. */
const WatchDevice = dynamic(() => import('./watch-device').then((m) => m.WatchDevice));

/**
 * The IMEI field, validated as you type (digit count, check digit) with the same parser the
 * server action's schema uses (lib/domain/imei.ts: no form or schema library in the browser, to
 * keep the page light), and the result card, which the server action renders on the server. The
 * form posts to the server action, so it also works when a slow phone has not loaded the page's
 * script yet. As react-hook-form's "onTouched" did: an error shows after the field is left or the
 * form is sent, then follows every keystroke.
 */
export function CheckForm() {
  const t = useTranslations('form');
  const errorText = useErrorText();
  const locale = useLocale();
  const [state, formAction, pending] = useActionState(checkImeiAction, null);
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  // The server's field error is shown until the owner edits the field.
  const [editedAfter, setEditedAfter] = useState<typeof state>(null);
  const field = useRef<HTMLInputElement>(null);
  const resultBox = useRef<HTMLDivElement>(null);

  const digits = stripSeparators(value);
  const onlyDigits = /^\d*$/.test(digits);
  const checkDigitWrong = onlyDigits && digits.length === 15 && !hasValidCheckDigit(digits);
  const parsed = parseImei(value);
  const liveError = touched && !parsed.ok ? parsed.code : undefined;
  const serverFieldError =
    state && !state.ok && editedAfter !== state ? state.fieldErrors.imei?.[0] : undefined;
  const fieldError = liveError ?? serverFieldError;
  const ask =
    state && !state.ok && state.code === 'CHALLENGE_REQUIRED' && 'ask' in state ? state.ask : null;
  const wait =
    state && !state.ok && state.code === 'TOO_MANY_CHECKS' && 'retryAtText' in state
      ? (state.retryAtText ?? '')
      : null;
  const formError =
    state && !state.ok && !state.fieldErrors.imei?.length && !ask && wait === null
      ? state.code === 'DATABASE_UNAVAILABLE'
        ? state.code
        : 'UNEXPECTED'
      : null;
  const card = state?.ok ? state.card : null;
  const watchImei = state?.ok ? state.watchImei : null;
  const form = useRef<HTMLFormElement>(null);
  // Without JavaScript the widget cannot run: until the page's script is running, the challenge
  // step says what to do instead (turn JavaScript on, or the time to try again).
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);

  // A new result: its heading at the top of the screen, and focus on it.
  useEffect(() => {
    if (!card) return;
    const heading = resultBox.current?.querySelector<HTMLElement>('#result-heading');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [card]);
  useEffect(() => {
    if (state && !state.ok && state.fieldErrors.imei?.length) field.current?.focus();
  }, [state]);

  // With the script loaded: check the field first (focus it on an error), then submit in a
  // transition (React would otherwise reset the form).
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) {
      field.current?.focus();
      return;
    }
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };

  const describedBy = [
    'imei-hint',
    'imei-counter',
    fieldError ? 'imei-error' : null,
    checkDigitWrong && !fieldError ? 'imei-warning' : null,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <form
        ref={form}
        className="check-form"
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        aria-busy={pending}
      >
        <input type="hidden" name="locale" value={locale} />
        <label htmlFor="imei" className="label">
          {t('label')}
        </label>
        <p id="imei-hint" className="hint">
          {t('hint')}
        </p>
        <div className="field-row">
          <input
            ref={field}
            id="imei"
            name="imei"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            className={`input mono ${fieldError ? 'input-error' : ''}`}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setEditedAfter(state);
            }}
            onBlur={() => setTouched(true)}
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
                <ProofOfWork
                  key={JSON.stringify(ask.challenge)}
                  challenge={ask.challenge}
                  onSolved={() => form.current?.requestSubmit()}
                />
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
      <div ref={resultBox} aria-live="polite">
        {card}
        {watchImei && <WatchDevice key={watchImei} imei={watchImei} />}
      </div>
    </>
  );
}
