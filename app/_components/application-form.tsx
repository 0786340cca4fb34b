'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { useErrorText } from './use-error-text';
import { Link, useRouter } from '@/lib/i18n/navigation';
import { ARRIVAL_METHODS, applicationFormSchema, kzToday, type ApplicationFormInput } from '@/lib/schemas/application-form';
import { applyNumbersAction, requestApplyCodeAction, submitApplicationAction } from '../_actions/applications';
import { CodeStep, type ConfirmResult, type SeenNumberOption } from './code-step';
import { DocumentsField, Field } from './form-field';

export type CountryOption = { code: string; name: string };

/** A random UUID even where crypto.randomUUID is missing (plain-HTTP origins). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const FIELD_ORDER = [
  'imei1', 'imei2', 'fullName', 'iin', 'email', 'arrivalMethod', 'trackingNumber', 'arrivalExplanation',
  'entryDate', 'purchaseCountry', 'customsDeclaration', 'documents', 'consent',
] as const;

type Step = 'edit' | 'review' | 'verify';

/**
 * The proof-of-legal-import application: fill in, check your answers, prove the phone by a code
 * (to a number the network saw in the device, or a typed one), then the confirmation page.
 */
export function ApplicationForm({ initialImei, countries, common }: { initialImei: string; countries: CountryOption[]; common: CountryOption[] }) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const te = useTranslations('errors');
  const errorText = useErrorText();
  const locale = useLocale();
  const [step, setStep] = useState<Step>('edit');
  const [numbers, setNumbers] = useState<SeenNumberOption[]>([]);
  const router = useRouter();
  const [serverProblem, setServerProblem] = useState<{ code: string; reference?: string; general?: boolean } | null>(null);
  const [pending, startTransition] = useTransition();
  const [key] = useState(newKey);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const form = useForm<ApplicationFormInput>({
    resolver: zodResolver(applicationFormSchema),
    mode: 'onTouched',
    reValidateMode: 'onChange',
    shouldFocusError: false, // focus is moved by hand, in the order of the page (files included)
    defaultValues: {
      imei1: initialImei,
      imei2: '',
      fullName: '',
      iin: '',
      email: '',
      arrivalMethod: '',
      trackingNumber: '',
      arrivalExplanation: '',
      entryDate: '',
      purchaseCountry: '',
      customsDeclaration: '',
      documents: [],
      consent: false,
      idempotencyKey: key,
    },
  });
  const { register, handleSubmit, watch, setValue, setError, getValues, formState } = form;
  const errors = formState.errors as FieldErrors<Record<string, unknown>> & { documents?: { message?: string; [i: number]: { message?: string } } };
  const method = watch('arrivalMethod');
  const documents = (watch('documents') ?? []) as File[];

  const [focusTarget, setFocusTarget] = useState<string[] | null>(null);
  useEffect(() => {
    if (step !== 'edit') headingRef.current?.focus();
  }, [step]);

  const err = (name: string) => (errors[name]?.message as string | undefined) ?? undefined;
  const docErrors = documents.map((_, i) => errors.documents?.[i]?.message);
  const docListError = errors.documents?.message;

  const focusFirst = (names: string[]) => {
    const first = FIELD_ORDER.find((n) => names.some((k) => k === n || k.startsWith(`${n}.`)));
    if (first) document.getElementById(first)?.focus();
  };
  const onInvalid = (errs: Record<string, unknown>) => focusFirst(Object.keys(errs));
  // After the server refused a field, focus it once the form is back on the page.
  useEffect(() => {
    if (step === 'edit' && focusTarget) {
      focusFirst(focusTarget);
      setFocusTarget(null);
    }
  });

  const onValid = () => {
    setServerProblem(null);
    setStep('review');
  };

  /** Back to the form with the server's field errors, focused on the first. */
  const backToEdit = (r: { code: string; fieldErrors?: Record<string, string[]>; reference?: string }) => {
    setServerProblem({ code: r.code, reference: r.reference, general: Object.keys(r.fieldErrors ?? {}).length === 0 });
    setStep('edit');
    for (const [path, codes] of Object.entries(r.fieldErrors ?? {})) setError(path as 'imei1', { type: 'server', message: codes[0] });
    setFocusTarget(Object.keys(r.fieldErrors ?? {}));
  };

  /** From "check your answers": may this device get an application, and where can the code go? */
  const toVerify = () => {
    const v = getValues();
    const data = new FormData();
    data.set('imei1', String(v.imei1 ?? ''));
    data.set('imei2', String(v.imei2 ?? ''));
    startTransition(async () => {
      const r = await applyNumbersAction(data).catch(() => null);
      if (!r) return setServerProblem({ code: 'UNEXPECTED' });
      if (!r.ok) return backToEdit(r);
      setServerProblem(null);
      setNumbers(r.numbers);
      setStep('verify');
    });
  };

  const requestCode = async (to: string, phone: string) => {
    const v = getValues();
    const data = new FormData();
    data.set('locale', locale);
    data.set('imei1', String(v.imei1 ?? ''));
    data.set('imei2', String(v.imei2 ?? ''));
    data.set('to', to);
    data.set('phone', phone);
    return requestApplyCodeAction(data);
  };

  const fileWithCode = async (challengeId: string, code: string): Promise<ConfirmResult> => {
    const v = getValues();
    const data = new FormData();
    data.set('locale', locale);
    for (const name of FIELD_ORDER) {
      if (name === 'documents') for (const f of (v.documents ?? []) as File[]) data.append('documents', f);
      else if (name === 'consent') data.set('consent', v.consent ? 'true' : 'false');
      else data.set(name, String(v[name] ?? ''));
    }
    data.set('idempotencyKey', String(v.idempotencyKey));
    data.set('challengeId', challengeId);
    data.set('code', code);
    const r = await submitApplicationAction(data);
    if (r.ok) {
      router.replace('/apply/done');
      return r;
    }
    // The code's own problems (and a failure of the moment) stay on this step; the form's go back to it.
    if (Object.keys(r.fieldErrors).every((k) => k === 'code')) return r;
    backToEdit(r);
    return r;
  };

  const arrivalLabel = (m: string) => labelOf(t, `arrival.${m}`);
  const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? code;

  if (step === 'verify') {
    return (
      <section aria-labelledby="verify-heading" data-testid="verify">
        <h1 id="verify-heading" ref={headingRef} tabIndex={-1}>
          {t('verifyTitle')}
        </h1>
        <p>{numbers.length > 0 ? t('verifyIntroSeen') : t('verifyIntroTyped')}</p>
        <CodeStep numbers={numbers} request={requestCode} confirm={fileWithCode} confirmLabel={t('send')} showPossession />
        <p>
          <button type="button" className="link-button" onClick={() => setStep('review')}>
            {t('backToReview')}
          </button>
        </p>
      </section>
    );
  }

  if (step === 'review') {
    const v = getValues();
    const rows: [string, string][] = [
      [tf('imei1'), String(v.imei1)],
      ...(v.imei2 ? [[tf('imei2'), String(v.imei2)] as [string, string]] : []),
      [tf('fullName'), String(v.fullName)],
      [tf('iin'), String(v.iin)],
      ...(v.email ? [[tf('email'), String(v.email)] as [string, string]] : []),
      [tf('arrivalMethod'), arrivalLabel(String(v.arrivalMethod))],
      ...(v.arrivalMethod === 'POST' ? [[tf('trackingNumber'), String(v.trackingNumber)] as [string, string]] : []),
      ...(v.arrivalExplanation ? [[tf('arrivalExplanation'), String(v.arrivalExplanation)] as [string, string]] : []),
      [tf('entryDate'), String(v.entryDate)],
      [tf('purchaseCountry'), countryName(String(v.purchaseCountry))],
      ...(v.customsDeclaration ? [[tf('customsDeclaration'), String(v.customsDeclaration)] as [string, string]] : []),
      [tf('documents'), documents.map((f) => f.name).join(', ')],
    ];
    return (
      <section aria-labelledby="review-heading" data-testid="review">
        <h1 id="review-heading" ref={headingRef} tabIndex={-1}>
          {t('reviewTitle')}
        </h1>
        <p>{t('reviewIntro')}</p>
        <dl className="summary">
          {rows.map(([k, val]) => (
            <div key={k} className="summary-row">
              <dt>{k}</dt>
              <dd>{val}</dd>
            </div>
          ))}
        </dl>
        {serverProblem && <p className="field-error" role="alert">{errorText(serverProblem.code)}</p>}
        <div className="actions">
          <button type="button" className="button" onClick={toVerify} disabled={pending} aria-busy={pending} data-testid="send">
            {t('toVerify')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setStep('edit')} disabled={pending}>
            {t('change')}
          </button>
        </div>
      </section>
    );
  }

  const errorCount = Object.keys(errors).length;
  return (
    <form method="post" onSubmit={handleSubmit(onValid, onInvalid)} noValidate className="application-form" aria-labelledby="apply-heading">
      <h1 id="apply-heading" ref={headingRef} tabIndex={-1}>
        {t('title')}
      </h1>
      <p className="lead">{t('intro')}</p>
      {serverProblem && serverProblem.code === 'APPLICATION_EXISTS' && (
        <div className="callout callout-info" role="alert" data-testid="existing-application">
          <p>{te('APPLICATION_EXISTS')}</p>
          {serverProblem.reference ? (
            <p>
              {t('existingReference')} <strong className="mono">{serverProblem.reference}</strong>{' '}
              <Link href="/my">{t('myLink')}</Link>
            </p>
          ) : (
            <p>
              {t('existingYours')} <Link href="/my">{t('myLink')}</Link>
            </p>
          )}
        </div>
      )}
      {serverProblem && serverProblem.code !== 'APPLICATION_EXISTS' && serverProblem.general && (
        <p className="field-error" role="alert" data-testid="form-problem">
          {errorText(serverProblem.code)}
        </p>
      )}
      {formState.submitCount > 0 && errorCount > 0 && (
        <p className="field-error" role="alert" data-testid="error-summary">
          {t('fixErrors', { count: errorCount })}
        </p>
      )}

      <fieldset>
        <legend>{t('deviceSection')}</legend>
        <Field id="imei1" label={tf('imei1')} hint={tf('imei1Hint')} error={err('imei1')}>
          {(a) => <input {...a} className="input mono" inputMode="numeric" autoComplete="off" {...register('imei1')} />}
        </Field>
        <Field id="imei2" label={tf('imei2')} hint={tf('imei2Hint')} error={err('imei2')} optional>
          {(a) => <input {...a} className="input mono" inputMode="numeric" autoComplete="off" {...register('imei2')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('ownerSection')}</legend>
        <Field id="fullName" label={tf('fullName')} hint={tf('fullNameHint')} error={err('fullName')}>
          {(a) => <input {...a} className="input" autoComplete="name" {...register('fullName')} />}
        </Field>
        <Field id="iin" label={tf('iin')} hint={tf('iinHint')} error={err('iin')}>
          {(a) => <input {...a} className="input mono" inputMode="numeric" autoComplete="off" maxLength={14} {...register('iin')} />}
        </Field>
        <Field id="email" label={tf('email')} error={err('email')} optional>
          {(a) => <input {...a} className="input" type="email" autoComplete="email" {...register('email')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('importSection')}</legend>
        <Field id="arrivalMethod" label={tf('arrivalMethod')} error={err('arrivalMethod')}>
          {(a) => (
            <select {...a} className="input" {...register('arrivalMethod')}>
              <option value="">{tf('choose')}</option>
              {ARRIVAL_METHODS.map((m) => (
                <option key={m} value={m}>
                  {arrivalLabel(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {method === 'POST' && (
          <Field id="trackingNumber" label={tf('trackingNumber')} hint={tf('trackingNumberHint')} error={err('trackingNumber')}>
            {(a) => <input {...a} className="input mono" autoComplete="off" {...register('trackingNumber')} />}
          </Field>
        )}
        {method === 'OTHER' && (
          <Field id="arrivalExplanation" label={tf('arrivalExplanation')} error={err('arrivalExplanation')}>
            {(a) => <textarea {...a} className="input" rows={3} {...register('arrivalExplanation')} />}
          </Field>
        )}
        <Field id="entryDate" label={tf('entryDate')} hint={tf('entryDateHint')} error={err('entryDate')}>
          {(a) => <input {...a} className="input" type="date" max={kzToday()} min="2000-01-01" {...register('entryDate')} />}
        </Field>
        <Field id="purchaseCountry" label={tf('purchaseCountry')} error={err('purchaseCountry')}>
          {(a) => (
            <select {...a} className="input" {...register('purchaseCountry')}>
              <option value="">{tf('choose')}</option>
              <optgroup label={tf('commonCountries')}>
                {common.map((c) => (
                  <option key={`c-${c.code}`} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={tf('allCountries')}>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field id="customsDeclaration" label={tf('customsDeclaration')} hint={tf('customsDeclarationHint')} error={err('customsDeclaration')} optional>
          {(a) => <input {...a} className="input mono" autoComplete="off" {...register('customsDeclaration')} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('documentsSection')}</legend>
        <DocumentsField
          id="documents"
          label={tf('documents')}
          error={docListError}
          files={documents}
          fileErrors={docErrors}
          onChange={(files) => setValue('documents', files, { shouldValidate: true, shouldTouch: true })}
        />
      </fieldset>

      <fieldset>
        <legend>{t('consentSection')}</legend>
        <p className="consent-text">{t('consentText')}</p>
        <div className={`checkbox ${err('consent') ? 'field-has-error' : ''}`}>
          {err('consent') && (
            <p id="consent-error" className="field-error">
              {errorText(err('consent'))}
            </p>
          )}
          <input id="consent" type="checkbox" aria-describedby={err('consent') ? 'consent-error' : undefined} aria-invalid={err('consent') ? true : undefined} {...register('consent')} />
          <label htmlFor="consent">{tf('consent')}</label>
        </div>
      </fieldset>

      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t('continue')}
      </button>
    </form>
  );
}
