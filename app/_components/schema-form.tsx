'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import dynamic from 'next/dynamic';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { useRouter } from '@/lib/i18n/navigation';
import {
  decisionSchema,
  feedUploadSchema,
  resetPasswordSchema,
  signInSchema,
  staffCreateSchema,
} from '@/lib/schemas/admin-forms';
import { Field } from './form-field';
import { isRedirectError } from './redirect-error';

/** The staff forms' schemas: the same objects the server actions parse with. */
const SCHEMAS = {
  signIn: signInSchema,
  staffCreate: staffCreateSchema,
  resetPassword: resetPasswordSchema,
  decision: decisionSchema,
  feedUpload: feedUploadSchema,
} as const;

export type FieldSpec = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'textarea' | 'select' | 'file' | 'date';
  defaultValue?: string;
  options?: { value: string; label: string }[];
  hint?: string;
  autoComplete?: string;
  optional?: boolean;
};

type Result = {
  ok: boolean;
  code?: string;
  fieldErrors?: Record<string, string[]>;
  retryMinutes?: number;
  challenge?: unknown;
} | void;

/** The proof-of-work widget, fetched only when an action asks for it (sign-in past its per-account ceiling). */
const ProofOfWork = dynamic(() => import('./proof-of-work'), { ssr: false });

/**
 * A staff form: react-hook-form with the shared zod schema, then the server action; field errors
 * and the action's code come back translated, tied to their fields.
 */
export function SchemaForm({
  schema,
  action,
  fields,
  hidden = {},
  submitLabel,
  successMessage,
  testId,
  danger,
  onResult,
}: {
  schema: keyof typeof SCHEMAS;
  action: (form: FormData) => Promise<Result>;
  fields: FieldSpec[];
  hidden?: Record<string, string>;
  submitLabel: string;
  successMessage?: string;
  testId?: string;
  danger?: boolean;
  onResult?: (r: Result) => void;
}) {
  const errorText = useErrorText();
  const ta = useTranslations('admin');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<{ code: string; minutes?: number } | null>(null);
  const [done, setDone] = useState(false);
  // A proof-of-work challenge the action asked for; once solved, the form is submitted again with it.
  const [challenge, setChallenge] = useState<unknown>(null);
  const solution = useRef<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Set once the form is interactive (tests wait for it; before it, a submit posts to the action).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const { register, handleSubmit, setError, setValue, reset, formState } = useForm<
    Record<string, unknown>
  >({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver: zodResolver(SCHEMAS[schema] as any) as never,
    mode: 'onTouched',
    defaultValues: {
      ...hidden,
      ...Object.fromEntries(
        fields.map((f) => [f.name, f.type === 'file' ? undefined : (f.defaultValue ?? '')]),
      ),
    },
  });

  const onValid = (values: Record<string, unknown>) => {
    setProblem(null);
    setDone(false);
    const data = new FormData();
    data.set('locale', locale);
    for (const [k, v] of Object.entries({ ...values, ...hidden })) {
      if (v === undefined || v === null) continue;
      data.set(k, v instanceof File ? v : String(v));
    }
    if (solution.current) data.set('altcha', solution.current);
    solution.current = null;
    setChallenge(null);
    startTransition(async () => {
      const r = await action(data).catch((e: unknown) => {
        // A redirect thrown by the action (sign-in) is navigation, not a failure.
        if (isRedirectError(e)) throw e;
        return { ok: false, code: 'UNEXPECTED' } as Result;
      });
      onResult?.(r);
      if (!r) return;
      if (r.ok) {
        setDone(true);
        reset();
        router.refresh();
        return;
      }
      if (r.code === 'CHALLENGE_REQUIRED' && r.challenge) setChallenge(r.challenge);
      for (const [path, codes] of Object.entries(r.fieldErrors ?? {}))
        setError(path, { type: 'server', message: codes[0] }, { shouldFocus: true });
      if (!r.fieldErrors || Object.keys(r.fieldErrors).length === 0)
        setProblem({ code: r.code ?? 'UNEXPECTED', minutes: r.retryMinutes });
    });
  };

  const err = (name: string) => formState.errors[name]?.message as string | undefined;
  return (
    <form
      ref={formRef}
      // Before the script has loaded, a submit still goes to the server action as a POST: nothing
      // (a password least of all) ever lands in a URL.
      action={action as (form: FormData) => Promise<void>}
      onSubmit={handleSubmit(onValid)}
      noValidate
      className="admin-form"
      data-testid={testId}
      data-ready={ready || undefined}
      aria-busy={pending}
    >
      {fields.map((f) => (
        <Field
          key={f.name}
          id={`${testId ?? schema}-${f.name}`}
          label={f.label}
          hint={f.hint}
          error={err(f.name)}
          optional={f.optional}
        >
          {(a) =>
            f.type === 'textarea' ? (
              <textarea {...a} className="input" rows={3} {...register(f.name)} />
            ) : f.type === 'select' ? (
              <select {...a} className="input" {...register(f.name)}>
                <option value="">{ta('choose')}</option>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.type === 'file' ? (
              <input
                {...a}
                type="file"
                className="input-file"
                accept=".csv,text/csv"
                onChange={(e) => setValue(f.name, e.target.files?.[0], { shouldValidate: true })}
              />
            ) : (
              <input
                {...a}
                className="input"
                type={f.type ?? 'text'}
                autoComplete={f.autoComplete ?? 'off'}
                {...register(f.name)}
              />
            )
          }
        </Field>
      ))}
      {problem && (
        <p
          className="field-error"
          role="alert"
          data-testid={testId ? `${testId}-problem` : undefined}
        >
          {errorText(problem.code, { minutes: problem.minutes ?? 0 })}
        </p>
      )}
      {challenge !== null && (
        <ProofOfWork
          key={JSON.stringify(challenge)}
          challenge={challenge}
          onSolved={(payload) => {
            solution.current = payload;
            formRef.current?.requestSubmit();
          }}
        />
      )}
      {done && successMessage && (
        <p className="success" role="status">
          {successMessage}
        </p>
      )}
      <button
        type="submit"
        className={`button ${danger ? 'button-danger' : ''}`}
        disabled={pending}
      >
        {submitLabel}
      </button>
    </form>
  );
}

/** A button that calls an action with fixed values (assign to me, disable a user). */
export function ActionButton({
  action,
  values,
  label,
  testId,
  secondary,
}: {
  action: (form: FormData) => Promise<Result>;
  values: Record<string, string>;
  label: string;
  testId?: string;
  secondary?: boolean;
}) {
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <span className="action-button">
      <button
        type="button"
        className={`button ${secondary ? 'button-secondary' : ''}`}
        disabled={pending}
        data-testid={testId}
        onClick={() => {
          const data = new FormData();
          for (const [k, v] of Object.entries(values)) data.set(k, v);
          startTransition(async () => {
            const r = await action(data).catch(() => ({ ok: false, code: 'UNEXPECTED' }) as Result);
            if (r && !r.ok) setProblem(r.code ?? 'UNEXPECTED');
            else {
              setProblem(null);
              router.refresh();
            }
          });
        }}
      >
        {label}
      </button>
      {problem && (
        <span className="field-error" role="alert">
          {errorText(problem)}
        </span>
      )}
    </span>
  );
}
