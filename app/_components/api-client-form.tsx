'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { useRouter } from '@/lib/i18n/navigation';
import { apiClientSchema, type ApiClientFormInput } from '@/lib/schemas/api-client-form';
import { API_SCOPES } from '@/lib/domain/api-clients';
import { LEGALITY_SOURCES } from '@/lib/domain/verdict';
import {
  createApiClientAction,
  revokeApiClientAction,
  type CreateApiClientResult,
} from '../_actions/admin';
import { Field } from './form-field';

const FIELD_ORDER = ['name', 'scopes', 'operator', 'supplierSource', 'organisation'] as const;
type FieldName = (typeof FIELD_ORDER)[number];

/**
 * Creating an API client: react-hook-form with the schema the server action parses with; then
 * the token, once, from this component's memory (never a URL, never stored by the page).
 */
export function ApiClientForm() {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  // Set once the form is interactive: before that the button stays disabled, so a client is never
  // created by a plain POST whose answer (the token) nobody would see.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const { register, handleSubmit, setError, setFocus, reset, formState } =
    useForm<ApiClientFormInput>({
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      resolver: zodResolver(apiClientSchema as any) as never,
      mode: 'onTouched',
      shouldFocusError: false,
      defaultValues: { name: '', scopes: [], operator: '', supplierSource: '', organisation: '' },
    });
  const errors = formState.errors as Record<
    string,
    { message?: string; [i: number]: { message?: string } } | undefined
  >;
  const err = (name: FieldName): string | undefined =>
    errors[name]?.message ?? errors[name]?.[0]?.message;
  const focusFirst = (names: string[]) => {
    const first = FIELD_ORDER.find((n) => names.some((k) => k === n || k.startsWith(`${n}.`)));
    if (first) setFocus(first);
  };

  const onValid = (values: ApiClientFormInput) => {
    setProblem(null);
    const data = new FormData();
    data.set('name', String(values.name ?? ''));
    for (const s of (values.scopes as string[] | undefined) ?? []) data.append('scopes', s);
    data.set('operator', String(values.operator ?? ''));
    data.set('supplierSource', String(values.supplierSource ?? ''));
    data.set('organisation', String(values.organisation ?? ''));
    startTransition(async () => {
      const r: CreateApiClientResult = await createApiClientAction(data).catch(() => ({
        ok: false,
        code: 'UNEXPECTED',
        fieldErrors: {},
      }));
      if (r.ok) {
        setCreated({ name: r.name, token: r.token });
        reset();
        router.refresh();
        return;
      }
      const fields = Object.keys(r.fieldErrors);
      for (const [path, codes] of Object.entries(r.fieldErrors))
        setError(path as FieldName, { type: 'server', message: codes[0] });
      if (fields.length > 0) focusFirst(fields);
      else setProblem(r.code);
    });
  };

  const scopesError = err('scopes');
  const supplierOptions = LEGALITY_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }));
  return (
    <>
      {created && (
        <TokenBox name={created.name} token={created.token} onDone={() => setCreated(null)} />
      )}
      <section className="panel" aria-labelledby="h-new-client">
        <h2 id="h-new-client">{t('createClient')}</h2>
        <form
          action={createApiClientAction as unknown as (form: FormData) => Promise<void>}
          onSubmit={handleSubmit(onValid, (e) => focusFirst(Object.keys(e)))}
          noValidate
          className="admin-form"
          data-testid="create-api-client"
          data-ready={ready || undefined}
          aria-busy={pending}
        >
          <Field
            id="client-name"
            label={t('clientName')}
            hint={t('clientNameHint')}
            error={err('name')}
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="text"
                autoComplete="off"
                {...register('name')}
              />
            )}
          </Field>
          <fieldset
            className={`scope-options ${scopesError ? 'field-has-error' : ''}`}
            aria-describedby={scopesError ? 'client-scopes-error' : undefined}
            aria-invalid={scopesError ? true : undefined}
          >
            <legend>{t('scopesLegend')}</legend>
            {scopesError && (
              <p id="client-scopes-error" className="field-error">
                {errorText(scopesError)}
              </p>
            )}
            {API_SCOPES.map((s) => (
              <div className="checkbox" key={s}>
                <input
                  id={`scope-${s}`}
                  type="checkbox"
                  value={s}
                  aria-describedby={scopesError ? 'client-scopes-error' : undefined}
                  {...register('scopes')}
                />
                <label htmlFor={`scope-${s}`}>{t(`apiScopes.${s}`)}</label>
              </div>
            ))}
          </fieldset>
          <Field
            id="client-operator"
            label={t('operatorLabel')}
            hint={t('operatorHint')}
            error={err('operator')}
            optional
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="text"
                autoComplete="off"
                {...register('operator')}
              />
            )}
          </Field>
          <Field
            id="client-supplier"
            label={t('supplierLabel')}
            hint={t('supplierHint')}
            error={err('supplierSource')}
            optional
          >
            {(a) => (
              <select {...a} className="input" {...register('supplierSource')}>
                <option value="">{t('notSupplier')}</option>
                {supplierOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="client-organisation"
            label={t('organisationLabel')}
            error={err('organisation')}
            optional
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="text"
                autoComplete="off"
                {...register('organisation')}
              />
            )}
          </Field>
          {problem && (
            <p className="field-error" role="alert" data-testid="create-api-client-problem">
              {errorText(problem)}
            </p>
          )}
          <button type="submit" className="button" disabled={pending || !ready}>
            {t('createClient')}
          </button>
        </form>
      </section>
    </>
  );
}

/** The new client's token, shown once: a copy button and a warning that it will not come back. */
function TokenBox({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const t = useTranslations('admin');
  const heading = useRef<HTMLHeadingElement>(null);
  const code = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => heading.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for the person to copy.
      const range = document.createRange();
      if (code.current) {
        range.selectNodeContents(code.current);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setCopied('failed');
    }
  };

  return (
    <section className="token-box" aria-labelledby="h-token" data-testid="api-client-token-box">
      <h2 id="h-token" ref={heading} tabIndex={-1}>
        {t('tokenTitle', { name })}
      </h2>
      <p className="callout callout-danger">
        <strong>{t('tokenWarning')}</strong>
      </p>
      <p className="label" id="token-label">
        {t('tokenLabel')}
      </p>
      <p className="token mono" aria-labelledby="token-label">
        <code ref={code} data-testid="api-client-token">
          {token}
        </code>
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={copy} data-testid="copy-token">
          {t('copyToken')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t('tokenStored')}
        </button>
      </div>
      <p
        role="status"
        className={copied === 'yes' ? 'success' : copied === 'failed' ? 'field-error' : undefined}
      >
        {copied === 'yes' ? t('tokenCopied') : copied === 'failed' ? t('copyFailed') : ''}
      </p>
    </section>
  );
}

/** Revoking a client, after a confirmation step. */
export function RevokeApiClient({ id, name }: { id: number; name: string }) {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const question = useRef<HTMLParagraphElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (confirming) question.current?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        type="button"
        ref={opener}
        className="button button-secondary"
        onClick={() => setConfirming(true)}
        data-testid={`revoke-${id}`}
      >
        {t('revoke')}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="group"
      aria-labelledby={`revoke-q-${id}`}
      data-testid={`revoke-confirm-${id}`}
    >
      <p id={`revoke-q-${id}`} ref={question} tabIndex={-1}>
        {t('revokeConfirm', { name })}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() => {
            const data = new FormData();
            data.set('clientId', String(id));
            startTransition(async () => {
              const r = await revokeApiClientAction(data).catch(() => ({
                ok: false as const,
                code: 'UNEXPECTED',
                fieldErrors: {},
              }));
              if (!r.ok) {
                setProblem(r.code);
                return;
              }
              setProblem(null);
              router.refresh();
            });
          }}
        >
          {t('revokeYes')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={pending}
          onClick={() => setConfirming(false)}
        >
          {t('cancel')}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {errorText(problem)}
        </p>
      )}
    </div>
  );
}
