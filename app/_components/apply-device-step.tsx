'use client';
import { useErrorText } from './use-error-text';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { Link } from '@/lib/i18n/navigation';
import { stripSeparators } from '@/lib/domain/imei';
import { applyNumbersAction } from '../_actions/applications';
import { ErrorSummary } from './error-summary';
import { useErrorSummary } from './use-error-summary';
import { DeviceFields } from './apply-fields';
import {
  DEVICE_FIELDS,
  errorCode,
  isRefusal,
  useArrivalFocus,
  type ApplyForm,
  type Refusal,
} from './apply-form-model';

/**
 * The application's first step: the device. Before the owner types anything else, the server says
 * whether this device can get an application at all (white, black for a reason proof cannot cure,
 * an expired window, an application already filed), and if not, what to do instead.
 */
export function DeviceStep({
  form,
  greyDays,
  arrival,
  initialRefusal,
  onEligible,
  noScriptAction,
}: {
  form: ApplyForm;
  /** Where the form posts before the page's script runs (or without it) */
  noScriptAction: (form: FormData) => void;
  greyDays: number;
  arrival: string | null;
  initialRefusal: Refusal | null;
  onEligible: () => void;
}) {
  const t = useTranslations('apply');
  const errorText = useErrorText();
  const locale = useLocale();
  const [refusal, setRefusal] = useState<Refusal | null>(initialRefusal);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useArrivalFocus(arrival, headingRef);
  const { register, formState, trigger, getValues, setError } = form;
  const summary = useErrorSummary({ errors: formState.errors, fields: DEVICE_FIELDS });

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRefusal(null);
    setProblem(null);
    let valid = await trigger([...DEVICE_FIELDS]);
    const { imei1, imei2 } = getValues();
    if (
      valid &&
      imei2 &&
      stripSeparators(String(imei2)).slice(0, 14) === stripSeparators(String(imei1)).slice(0, 14)
    ) {
      setError('imei2', { type: 'server', message: 'IMEI2_SAME' });
      valid = false;
    }
    if (!valid) return summary.failed();
    const data = new FormData();
    data.set('imei1', String(imei1 ?? ''));
    data.set('imei2', String(imei2 ?? ''));
    startTransition(async () => {
      const r = await applyNumbersAction(data).catch(() => null);
      if (!r) return setProblem('UNEXPECTED');
      if (r.ok) return onEligible();
      const fields = Object.entries(r.fieldErrors);
      if (isRefusal(r.code))
        return setRefusal({
          code: r.code,
          field: fields[0]?.[0] ?? 'imei1',
          reference: r.reference,
        });
      if (r.code === 'INVALID_INPUT' && fields.length > 0) {
        for (const [path, codes] of fields)
          setError(path as 'imei1', { type: 'server', message: codes[0] });
        return summary.failed();
      }
      setProblem(
        r.code === 'DATABASE_UNAVAILABLE' || r.code === 'SMS_UNAVAILABLE' ? r.code : 'UNEXPECTED',
      );
    });
  };

  return (
    <form
      action={noScriptAction}
      onSubmit={onSubmit}
      noValidate
      className="application-form"
      aria-labelledby="apply-heading"
      aria-busy={pending}
      data-testid="device-step"
    >
      <ErrorSummary items={summary.items} attempt={summary.attempt} />
      <input type="hidden" name="intent" value="device" />
      <input type="hidden" name="locale" value={locale} />
      <h1 id="apply-heading" ref={headingRef} tabIndex={-1}>
        {t('title')}
      </h1>
      <p className="lead">{t('deviceIntro')}</p>
      <DeviceFields bind={register} err={(name) => errorCode(formState.errors, name)} />
      {refusal && <RefusalPanel refusal={refusal} greyDays={greyDays} />}
      {problem && (
        <p className="field-error" role="alert" data-testid="form-problem">
          {errorText(problem)}
        </p>
      )}
      <button type="submit" className="button" disabled={pending} aria-busy={pending}>
        {t('continue')}
      </button>
    </form>
  );
}

/** Why this device cannot get an application, and what the owner can do instead. Takes focus. */
export function RefusalPanel({ refusal, greyDays }: { refusal: Refusal; greyDays: number }) {
  const t = useTranslations('apply');
  const tf = useTranslations('fields');
  const tc = useTranslations('common');
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), [refusal]);
  const { code } = refusal;
  return (
    <div
      className={`callout ${code === 'ALREADY_WHITE' || code === 'APPLICATION_EXISTS' ? 'callout-info' : 'callout-danger'}`}
      data-testid="refusal"
      data-code={code}
    >
      <h2 id="refusal" className="callout-title" ref={titleRef} tabIndex={-1}>
        {refusal.field === 'imei2' ? `${tf('imei2')}: ` : ''}
        {t(`refusal.${code}.title`)}
      </h2>
      <p>{t(`refusal.${code}.text`, { days: greyDays })}</p>
      {refusal.reference && (
        <p>
          {t('existingReference')} <strong className="mono">{refusal.reference}</strong>
        </p>
      )}
      <p>{t(`refusal.${code}.next`)}</p>
      <ul>
        {code === 'APPLICATION_EXISTS' ? (
          <>
            <li>
              <Link href="/status">{tc('navStatus')}</Link>
            </li>
            <li>
              <Link href="/my">{t('myLink')}</Link>
            </li>
          </>
        ) : (
          <li>
            <Link href="/">{tc('navCheck')}</Link>
          </li>
        )}
      </ul>
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            const input = document.getElementById(refusal.field) as HTMLInputElement | null;
            input?.select();
            input?.focus();
          }}
        >
          {t('otherDevice')}
        </button>
      </p>
    </div>
  );
}
