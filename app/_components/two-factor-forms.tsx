'use client';
import { useEffect, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { Link } from '@/lib/i18n/navigation';
import {
  enrolCodeSchema,
  recoverySavedSchema,
  secondFactorSchema,
} from '@/lib/schemas/two-factor-forms';
import {
  confirmEnrolmentAction,
  finishEnrolmentAction,
  newRecoveryCodesAction,
  verifySecondFactorAction,
  type SecondStepResult,
} from '../_actions/two-factor';
import { Field } from './form-field';
import { isRedirectError } from './redirect-error';
import { TWO_FACTOR_RULES } from '@/lib/domain/two-factor';

type Problem = { code: string; minutes?: number } | null;

/** Runs a server action; a redirect it throws is navigation, not a failure. */
async function run(
  action: (form: FormData) => Promise<SecondStepResult>,
  data: FormData,
): Promise<SecondStepResult> {
  return action(data).catch((e: unknown) => {
    if (isRedirectError(e)) throw e;
    return { ok: false, code: 'UNEXPECTED', fieldErrors: {} } as SecondStepResult;
  });
}

function ProblemLine({ problem, testId }: { problem: Problem; testId: string }) {
  const errorText = useErrorText();
  const t = useTranslations('admin.twoFactor');
  if (!problem) return null;
  return (
    <p className="field-error" role="alert" data-testid={testId}>
      {errorText(problem.code, { minutes: problem.minutes ?? 0 })}{' '}
      {problem.code === 'PENDING_EXPIRED' && <Link href="/admin/sign-in">{t('backToSignIn')}</Link>}
    </p>
  );
}

/**
 * The code field of the second step: `enrol` confirms the new secret with a code from the app and
 * then shows the recovery codes; `verify` takes a code from the app or a recovery code.
 */
export function SecondFactorForm({ mode }: { mode: 'enrol' | 'verify' }) {
  const t = useTranslations('admin.twoFactor');
  const locale = useLocale();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<Problem>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }>({
    resolver: zodResolver(mode === 'enrol' ? enrolCodeSchema : secondFactorSchema),
    mode: 'onTouched',
    defaultValues: { code: '' },
  });
  const action = mode === 'enrol' ? confirmEnrolmentAction : verifySecondFactorAction;

  if (codes) return <RecoveryCodes initial={codes} />;

  const onValid = ({ code }: { code: string }) => {
    setProblem(null);
    const data = new FormData();
    data.set('locale', locale);
    data.set('code', code);
    startTransition(async () => {
      const r = await run(action, data);
      if (r.ok) {
        if (r.recoveryCodes) setCodes(r.recoveryCodes);
        return;
      }
      if (r.fieldErrors.code)
        setError('code', { type: 'server', message: r.fieldErrors.code[0] }, { shouldFocus: true });
      else setProblem({ code: r.code, minutes: r.retryMinutes });
    });
  };
  const id = `two-factor-${mode}-code`;
  return (
    <form
      action={action as unknown as (form: FormData) => Promise<void>}
      onSubmit={handleSubmit(onValid)}
      noValidate
      className="admin-form"
      data-testid={`two-factor-${mode}`}
      data-ready={ready || undefined}
      aria-busy={pending}
    >
      <Field
        id={id}
        label={mode === 'enrol' ? t('enrolCodeLabel') : t('codeLabel')}
        hint={
          mode === 'enrol'
            ? t('enrolCodeHint', {
                digits: TWO_FACTOR_RULES.digits,
                seconds: TWO_FACTOR_RULES.period,
              })
            : t('codeHint')
        }
        error={formState.errors.code?.message}
      >
        {(a) => (
          <input
            {...a}
            className="input mono"
            type="text"
            inputMode={mode === 'enrol' ? 'numeric' : 'text'}
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            {...register('code')}
          />
        )}
      </Field>
      <ProblemLine problem={problem} testId={`two-factor-${mode}-problem`} />
      <button type="submit" className="button" disabled={pending}>
        {mode === 'enrol' ? t('enrolSubmit') : t('verifySubmit')}
      </button>
    </form>
  );
}

/**
 * The recovery codes, shown once: the person confirms they saved them, and only then is the
 * session opened. Without codes (the page was reloaded after enrolment) it offers new ones, which
 * replace the unseen first ones.
 */
export function RecoveryCodes({ initial }: { initial: string[] | null }) {
  const t = useTranslations('admin.twoFactor');
  const errorText = useErrorText();
  const locale = useLocale();
  const [codes, setCodes] = useState<string[] | null>(initial);
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<Problem>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const { register, handleSubmit, setError, formState } = useForm<{ saved?: string }>({
    resolver: zodResolver(recoverySavedSchema) as never,
    defaultValues: {},
  });

  if (!codes)
    return (
      <div className="panel" data-testid="recovery-codes-lost">
        <p>{t('recoveryCodesLost')}</p>
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const r = await newRecoveryCodesAction();
              if (r.ok && r.recoveryCodes) setCodes(r.recoveryCodes);
              else if (!r.ok) setProblem({ code: r.code });
            })
          }
        >
          {t('newRecoveryCodes')}
        </button>
        <ProblemLine problem={problem} testId="recovery-codes-problem" />
      </div>
    );

  const onValid = () => {
    setProblem(null);
    const data = new FormData();
    data.set('locale', locale);
    data.set('saved', 'on');
    startTransition(async () => {
      const r = await run(finishEnrolmentAction, data);
      if (r.ok) return;
      if (r.fieldErrors.saved)
        setError('saved', { type: 'server', message: r.fieldErrors.saved[0] });
      else setProblem({ code: r.code });
    });
  };
  const savedError = formState.errors.saved?.message as string | undefined;
  return (
    <section className="panel" aria-labelledby="h-recovery">
      <h2 id="h-recovery">{t('recoveryCodesTitle')}</h2>
      <p>{t('recoveryCodesIntro', { count: codes.length })}</p>
      <ol className="recovery-codes mono" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <form
        onSubmit={handleSubmit(onValid)}
        noValidate
        data-testid="recovery-saved"
        data-ready={ready || undefined}
        aria-busy={pending}
      >
        <div className={`field ${savedError ? 'field-has-error' : ''}`}>
          {savedError && (
            <p id="recovery-saved-error" className="field-error">
              {errorText(savedError)}
            </p>
          )}
          <label className="checkbox">
            <input
              id="recovery-saved"
              type="checkbox"
              value="on"
              aria-describedby={savedError ? 'recovery-saved-error' : undefined}
              aria-invalid={savedError ? true : undefined}
              {...register('saved')}
            />
            <span>{t('recoveryCodesSaved')}</span>
          </label>
        </div>
        <ProblemLine problem={problem} testId="recovery-saved-problem" />
        <button type="submit" className="button" disabled={pending}>
          {t('continue')}
        </button>
      </form>
    </section>
  );
}
