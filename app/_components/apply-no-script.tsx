'use client';
import { useErrorText } from './use-error-text';
import { CODE_RULES } from '@/lib/domain/one-time-codes';
import { minutesOf } from '@/lib/i18n/message-values';
import { useLocale, useTranslations } from 'next-intl';
import type { NoScriptApplyState } from '../_actions/applications';
import { ErrorSummary } from './error-summary';
import { DocumentsField, Field } from './form-field';
import { FIELD_ORDER } from './apply-form-model';
import { RefusalPanel } from './apply-device-step';
import { DetailsFields, DeviceFields, plainBinding, type CountryOption } from './apply-fields';

/**
 * The application for a browser without script: plain forms posted to the server action, one step
 * at a time (the device, the phone and its code, then the answers with the documents and the
 * code). Shown once such a form has been posted; with script, the steps of application-form.tsx.
 */
export function NoScriptSteps({
  state,
  action,
  countries,
  common,
  greyDays,
}: {
  state: NoScriptApplyState;
  action: (form: FormData) => void;
  countries: CountryOption[];
  common: CountryOption[];
  greyDays: number;
}) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const tc = useTranslations('codes');
  const errorText = useErrorText();
  const locale = useLocale();
  const v: Record<string, string> = { ...state.values, locale };
  const fe = state.fieldErrors;
  const err = (name: string) => fe[name]?.[0];
  const bind = plainBinding(v);
  const items = [...FIELD_ORDER, 'to', 'phone', 'code'].flatMap((field) =>
    err(field) ? [{ field, text: errorText(err(field)) }] : [],
  );
  const fileErrors = Object.entries(fe).filter(([k]) => /^documents\.\d+$/.test(k));
  const hidden = (names: string[]) =>
    names.map((n) => <input key={n} type="hidden" name={n} value={v[n] ?? ''} />);
  const problem =
    state.code === 'TOO_MANY_CODES'
      ? tc('tooManyCodes', { time: state.retryAtText ?? '' })
      : state.code === 'TOO_MANY_APPLICATIONS'
        ? tc('tooManyApplications', { time: state.retryAtText ?? '' })
        : state.code === 'CODE_WRONG'
          ? tc('codeWrong', { count: state.triesLeft ?? 0 })
          : state.code && state.code !== 'INVALID_INPUT' && items.length === 0
            ? errorText(state.code)
            : null;
  const problemBox = problem && (
    <p className="field-error" role="alert" data-testid="form-problem">
      {problem}
    </p>
  );

  if (state.step === 'device') {
    return (
      <form
        action={action}
        className="application-form"
        aria-labelledby="apply-heading"
        data-testid="device-step"
      >
        <ErrorSummary items={items} attempt={0} />
        <h1 id="apply-heading">{t('title')}</h1>
        <p className="lead">{t('deviceIntro')}</p>
        <input type="hidden" name="intent" value="device" />
        {hidden(['locale', 'idempotencyKey'])}
        <DeviceFields bind={bind} err={err} />
        {state.refusal && <RefusalPanel refusal={state.refusal as never} greyDays={greyDays} />}
        {problemBox}
        <button type="submit" className="button">
          {t('continue')}
        </button>
      </form>
    );
  }

  if (state.step === 'phone') {
    const numbers = state.numbers ?? [];
    return (
      <form
        action={action}
        className="application-form"
        aria-labelledby="verify-heading"
        data-testid="code-step"
      >
        <ErrorSummary items={items} attempt={0} />
        <h1 id="verify-heading">{t('verifyTitle')}</h1>
        <p>{numbers.length > 0 ? t('verifyIntroSeen') : t('verifyIntroTyped')}</p>
        <input type="hidden" name="intent" value="code" />
        {hidden(['locale', 'imei1', 'imei2', 'idempotencyKey'])}
        {numbers.length > 0 ? (
          <fieldset className={err('to') ? 'field-has-error' : ''}>
            <legend>{tc('chooseNumber')}</legend>
            <p className="hint">{tc('seenHint')}</p>
            {err('to') && (
              <p id="to-error" className="field-error">
                {errorText(err('to'))}
              </p>
            )}
            {numbers.map((n, i) => (
              <div className="radio" key={n.id}>
                <input type="radio" id={i === 0 ? 'to' : `to-${n.id}`} name="to" value={n.id} />
                <label htmlFor={i === 0 ? 'to' : `to-${n.id}`} className="mono">
                  {n.masked}
                </label>
              </div>
            ))}
            <div className="radio">
              <input type="radio" id="to-typed" name="to" value="typed" />
              <label htmlFor="to-typed">{tc('otherNumber')}</label>
            </div>
            <p className="hint">{tc('otherNumberHint')}</p>
          </fieldset>
        ) : (
          <input type="hidden" name="to" value="typed" />
        )}
        <Field id="phone" label={tc('phone')} hint={tc('phoneHint')} error={err('phone')}>
          {(a) => (
            <input
              {...a}
              name="phone"
              className="input"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
            />
          )}
        </Field>
        {problemBox}
        <button type="submit" className="button">
          {tc('send')}
        </button>
      </form>
    );
  }

  return (
    <form
      action={action}
      className="application-form"
      aria-labelledby="details-heading"
      data-testid="details-step"
      encType="multipart/form-data"
    >
      <ErrorSummary items={items} attempt={0} />
      <h1 id="details-heading">{t('detailsTitle')}</h1>
      <p data-testid="details-device">
        {t('detailsDevice')}{' '}
        <span className="mono">{[v.imei1, v.imei2].filter(Boolean).join(', ')}</span>
      </p>
      <input type="hidden" name="intent" value="file" />
      {hidden([
        'locale',
        'imei1',
        'imei2',
        'idempotencyKey',
        'challengeId',
        'masked',
        'possession',
      ])}
      {state.filesAgain && (
        <p className="callout callout-info" data-testid="files-again">
          {t('filesAgain')}
        </p>
      )}
      <DetailsFields
        bind={bind}
        err={err}
        allArrivalFields
        countries={countries}
        common={common}
        documents={
          <>
            <DocumentsField
              id="documents"
              name="documents"
              label={tf('documents')}
              error={err('documents')}
              files={[]}
              fileErrors={[]}
              onChange={() => undefined}
            />
            {fileErrors.length > 0 && (
              <ul className="file-list">
                {fileErrors.map(([k, codes]) => (
                  <li key={k} className="file-error">
                    <span className="field-error" role="alert">
                      {errorText(codes[0])}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        }
      />
      <fieldset>
        <legend>{t('verifyTitle')}</legend>
        <p role="status" data-testid="code-sent">
          {tc('sentTo', {
            number: (v.masked ?? '').replace(/ /g, '\u00a0'),
            minutes: minutesOf(CODE_RULES.ttlMs),
          })}
        </p>
        <Field
          id="code"
          label={tc('code')}
          hint={tc('codeHint', { digits: CODE_RULES.digits })}
          error={err('code')}
        >
          {(a) => (
            <input
              {...a}
              name="code"
              className="input mono"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
            />
          )}
        </Field>
      </fieldset>
      {problemBox}
      <button type="submit" className="button">
        {t('send')}
      </button>
    </form>
  );
}
