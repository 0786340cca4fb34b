'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import {
  codeEntrySchema,
  codeRequestSchema,
  type CodeEntryInput,
  type CodeRequestInput,
} from '@/lib/schemas/code-forms';
import { Field } from './form-field';
import { CODE_RULES } from '@/lib/domain/one-time-codes';
import { codeSentTo } from '@/lib/domain/phone';
import { minutesOf } from '@/lib/i18n/message-values';

export type SeenNumberOption = { id: string; masked: string };

type Failure = {
  ok: false;
  code: string;
  fieldErrors?: Record<string, string[]>;
  retryAtText?: string;
  triesLeft?: number;
};
export type RequestResult =
  { ok: true; challengeId: string; masked: string; possession: boolean } | Failure;
export type ConfirmResult = { ok: true } | Failure;

/**
 * Proving a phone by a one-time code: choose where the code goes (a number the network saw in the
 * device, shown masked, or a typed number), then type the code. Used by the application, "my
 * applications" and watching a device. Every error is translated and tied to its field.
 */
export function CodeStep({
  numbers,
  request,
  confirm,
  confirmLabel,
  intro,
  showPossession = false,
  testId = 'code-step',
}: {
  numbers: SeenNumberOption[];
  request: (to: string, phone: string) => Promise<RequestResult>;
  confirm: (challengeId: string, code: string) => Promise<ConfirmResult>;
  confirmLabel: string;
  intro?: string;
  /** The application's step: say whether the number proves possession of the device */
  showPossession?: boolean;
  testId?: string;
}) {
  const t = useTranslations('codes');
  const te = useTranslations('errors');
  const errorText = useErrorText();
  const [sent, setSent] = useState<{
    challengeId: string;
    masked: string;
    possession: boolean;
  } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const choose = useForm<CodeRequestInput>({
    resolver: zodResolver(codeRequestSchema),
    mode: 'onTouched',
    defaultValues: { to: numbers.length === 0 ? 'typed' : '', phone: '' },
  });
  const enter = useForm<CodeEntryInput>({
    resolver: zodResolver(codeEntrySchema),
    mode: 'onSubmit',
    defaultValues: { code: '', challengeId: '' },
  });
  const to = choose.watch('to');

  const explain = (r: Failure) => {
    if (r.code === 'TOO_MANY_CODES') return t('tooManyCodes', { time: r.retryAtText ?? '' });
    if (r.code === 'TOO_MANY_APPLICATIONS')
      return t('tooManyApplications', { time: r.retryAtText ?? '' });
    if (r.code === 'CODE_WRONG') return t('codeWrong', { count: r.triesLeft ?? 0 });
    return errorText(r.code);
  };

  useEffect(() => {
    if (sent) statusRef.current?.focus();
  }, [sent]);
  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const onRequest = (v: CodeRequestInput) => {
    setProblem(null);
    startTransition(async () => {
      const r = await request(v.to ?? '', v.phone ?? '').catch(() => null);
      if (!r) return setProblem(te('UNEXPECTED'));
      if (r.ok) {
        setSent({
          challengeId: r.challengeId,
          masked: codeSentTo({ to: v.to ?? '', phone: v.phone ?? '' }, r.masked),
          possession: r.possession,
        });
        enter.reset({ code: '', challengeId: r.challengeId });
        return;
      }
      const fields = Object.entries(r.fieldErrors ?? {});
      if (fields.length > 0)
        for (const [k, codes] of fields)
          choose.setError(k as 'phone', { type: 'server', message: codes[0] });
      else setProblem(explain(r));
    });
  };

  const onConfirm = (v: CodeEntryInput) => {
    if (!sent) return;
    setProblem(null);
    startTransition(async () => {
      const r = await confirm(sent.challengeId, v.code ?? '').catch(() => null);
      if (!r) return setProblem(te('UNEXPECTED'));
      if (r.ok) return;
      // What is wrong with the typed code goes under the field; anything else above the form.
      const fieldCode = r.fieldErrors?.code?.[0];
      if (r.code === 'INVALID_INPUT' && fieldCode)
        return enter.setError('code', { type: 'server', message: fieldCode });
      if (r.code === 'CODE_WRONG')
        enter.setError('code', { type: 'server', message: 'CODE_WRONG' });
      setProblem(explain(r));
    });
  };

  return (
    <div className="code-step" data-testid={testId}>
      {intro && <p>{intro}</p>}
      {problem && (
        <div
          className="callout callout-danger"
          role="alert"
          tabIndex={-1}
          ref={problemRef}
          data-testid="code-problem"
        >
          <p>{problem}</p>
        </div>
      )}
      {!sent ? (
        <form onSubmit={choose.handleSubmit(onRequest)} noValidate>
          {numbers.length > 0 ? (
            <fieldset
              className={choose.formState.errors.to ? 'field-has-error' : ''}
              aria-describedby={choose.formState.errors.to ? 'to-error' : undefined}
            >
              <legend>{t('chooseNumber')}</legend>
              <p className="hint">{t('seenHint', { days: CODE_RULES.possessionLookbackDays })}</p>
              {choose.formState.errors.to && (
                <p id="to-error" className="field-error">
                  {errorText(choose.formState.errors.to.message)}
                </p>
              )}
              {numbers.map((n) => (
                <div className="radio" key={n.id}>
                  <input type="radio" id={`to-${n.id}`} value={n.id} {...choose.register('to')} />
                  <label htmlFor={`to-${n.id}`} className="mono">
                    {n.masked}
                  </label>
                </div>
              ))}
              <div className="radio">
                <input type="radio" id="to-typed" value="typed" {...choose.register('to')} />
                <label htmlFor="to-typed">{t('otherNumber')}</label>
              </div>
              {to === 'typed' && <p className="hint">{t('otherNumberHint')}</p>}
            </fieldset>
          ) : (
            <p className="hint">{t('typedOnlyHint')}</p>
          )}
          {to === 'typed' && (
            <Field
              id="code-phone"
              label={t('phone')}
              hint={t('phoneHint')}
              error={choose.formState.errors.phone?.message}
            >
              {(a) => (
                <input
                  {...a}
                  className="input"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  {...choose.register('phone')}
                />
              )}
            </Field>
          )}
          <button type="submit" className="button" disabled={pending} aria-busy={pending}>
            {pending ? t('sending') : t('send')}
          </button>
        </form>
      ) : (
        <form onSubmit={enter.handleSubmit(onConfirm)} noValidate>
          <p ref={statusRef} tabIndex={-1} role="status" data-testid="code-sent">
            {t('sentTo', {
              number: sent.masked.replace(/ /g, '\u00a0'),
              minutes: minutesOf(CODE_RULES.ttlMs),
            })}
          </p>
          {showPossession && (
            <p className="hint">
              {sent.possession ? t('possessionProven') : t('possessionNotProven')}
            </p>
          )}
          <Field
            id="code"
            label={t('code')}
            hint={t('codeHint', { digits: CODE_RULES.digits })}
            error={enter.formState.errors.code?.message}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                {...enter.register('code')}
              />
            )}
          </Field>
          <div className="actions">
            <button
              type="submit"
              className="button"
              disabled={pending}
              aria-busy={pending}
              data-testid="confirm-code"
            >
              {confirmLabel}
            </button>
            <button
              type="button"
              className="link-button"
              disabled={pending}
              onClick={() => {
                setSent(null);
                setProblem(null);
              }}
            >
              {t('newCode')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
