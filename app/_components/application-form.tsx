'use client';
import { useActionState, useEffect, useState, useTransition } from 'react';
import { useSearchParams } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale } from 'next-intl';
import { useRouter } from '@/lib/i18n/navigation';
import { stripSeparators } from '@/lib/domain/imei';
import { applicationFormSchema, type ApplicationFormInput } from '@/lib/schemas/application-form';
import {
  applyNumbersAction,
  applyWithoutScriptAction,
  requestApplyCodeAction,
  submitApplicationAction,
} from '../_actions/applications';
import type { ConfirmResult, SeenNumberOption } from './code-step';
import { clearDraft, readDraft, writeDraft } from './form-draft';
import {
  FIELD_ORDER,
  STEPS,
  isRefusal,
  newKey,
  stepOf,
  type Refusal,
  type Step,
} from './apply-form-model';
import { DeviceStep } from './apply-device-step';
import { DetailsStep, type CountryOption } from './apply-details-step';
import { ReviewStep } from './apply-review-step';
import { VerifyStep } from './apply-verify-step';
import { NoScriptSteps } from './apply-no-script';

export type { CountryOption };

/** The answers in the browser's session storage: no files (a browser cannot keep them), never in the URL. */
const DRAFT_KEY = 'apply-draft';
type Draft = { values: Omit<ApplicationFormInput, 'documents'>; reached: Step; hadFiles: boolean };
type Failure = { code: string; fieldErrors?: Record<string, string[]>; reference?: string };

/**
 * The proof-of-legal-import application, one step at a time, each with its own history entry:
 * the device first (refused early, with what to do instead), then the applicant and the import,
 * "check your answers", and proving the phone by a code, which files it. The answers are kept in
 * session storage, so Back, a reload or the other language loses nothing but the chosen files.
 */
export function ApplicationForm({
  initialImei,
  countries,
  common,
  greyDays,
}: {
  initialImei: string;
  countries: CountryOption[];
  common: CountryOption[];
  greyDays: number;
}) {
  const locale = useLocale();
  const router = useRouter();
  const search = useSearchParams();
  const [key] = useState(newKey);
  const [reached, setReached] = useState(0);
  const [arrival, setArrival] = useState<string | null>(null);
  const [returnToReview, setReturnToReview] = useState(false);
  const [filesAgain, setFilesAgain] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [numbers, setNumbers] = useState<SeenNumberOption[]>([]);
  const [reviewProblem, setReviewProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Forms posted before the script runs, or without it (apply-no-script.tsx)
  const [noScript, noScriptAction] = useActionState(applyWithoutScriptAction, null);

  const form = useForm<ApplicationFormInput>({
    resolver: zodResolver(applicationFormSchema),
    // Checked when the owner goes on (not as they leave a field: the page would shift under a click),
    // then again as they fix what was wrong.
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false, // the error summary takes focus
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
  const { getValues, setError } = form;

  // The step is the URL's (?step=), as far as the owner has come: Back and Forward move between steps.
  const wanted = Math.max(0, STEPS.indexOf((search.get('step') ?? '') as Step));
  const step = STEPS[Math.min(wanted, reached)];

  /** On to a step (a new history entry), with focus on its heading or on `focus` (an element id). */
  const go = (next: Step, focus = 'heading') => {
    setReached((r) => Math.max(r, STEPS.indexOf(next)));
    setArrival(focus);
    window.history.pushState(null, '', `?step=${next}`);
  };

  // Back and Forward: the step's heading takes focus.
  useEffect(() => {
    const onPop = () => setArrival('heading');
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // The answers typed before (another language, a reload) come back; the files must be chosen again.
  useEffect(() => {
    const draft = readDraft<Draft>(DRAFT_KEY);
    if (!draft?.values) return;
    if (initialImei && stripSeparators(String(draft.values.imei1 ?? '')) !== initialImei)
      return clearDraft(DRAFT_KEY);
    form.reset({
      ...form.getValues(),
      ...draft.values,
      documents: [],
      idempotencyKey: draft.values.idempotencyKey || key,
    });
    const back = Math.min(Math.max(0, STEPS.indexOf(draft.reached)), STEPS.indexOf('details'));
    setReached(back);
    setFilesAgain(draft.hadFiles);
    window.history.replaceState(
      null,
      '',
      back > 0 ? `?step=${STEPS[back]}` : window.location.pathname + window.location.search,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately run only when this says, not on every change
  }, []); // once, on arrival

  useEffect(() => {
    const save = () => {
      const { documents, ...values } = getValues();
      writeDraft(DRAFT_KEY, {
        values,
        reached: STEPS[reached],
        hadFiles: filesAgain || ((documents ?? []) as File[]).length > 0,
      } satisfies Draft);
    };
    save();
    const sub = form.watch(save);
    return () => sub.unsubscribe();
  }, [form, getValues, reached, filesAgain]);

  /** A refusal or a field the server refused after "check your answers": back to its step. */
  const backToEdit = (r: Failure) => {
    const fields = Object.entries(r.fieldErrors ?? {});
    if (isRefusal(r.code)) {
      setRefusal({ code: r.code, field: fields[0]?.[0] ?? 'imei1', reference: r.reference });
      return go('device', 'refusal');
    }
    if (fields.length === 0)
      return setReviewProblem(
        r.code === 'DATABASE_UNAVAILABLE' || r.code === 'SMS_UNAVAILABLE' ? r.code : 'UNEXPECTED',
      );
    for (const [path, codes] of fields)
      setError(path as 'imei1', { type: 'server', message: codes[0] });
    const first =
      FIELD_ORDER.find((n) => fields.some(([k]) => k === n || k.startsWith(`${n}.`))) ??
      fields[0][0];
    go(stepOf(first), 'error-summary');
  };

  /** From "check your answers": may this device (still) get an application, and where can the code go? */
  const toVerify = () => {
    const v = getValues();
    const data = new FormData();
    data.set('imei1', String(v.imei1 ?? ''));
    data.set('imei2', String(v.imei2 ?? ''));
    setReviewProblem(null);
    startTransition(async () => {
      const r = await applyNumbersAction(data).catch(() => null);
      if (!r) return setReviewProblem('UNEXPECTED');
      if (!r.ok) return backToEdit(r);
      setNumbers(r.numbers);
      go('verify');
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
      if (name === 'documents')
        for (const f of (v.documents ?? []) as File[]) data.append('documents', f);
      else if (name === 'consent') data.set('consent', v.consent ? 'true' : 'false');
      else data.set(name, String(v[name] ?? ''));
    }
    data.set('idempotencyKey', String(v.idempotencyKey));
    data.set('challengeId', challengeId);
    data.set('code', code);
    const r = await submitApplicationAction(data);
    if (r.ok) {
      clearDraft(DRAFT_KEY);
      router.replace('/apply/done');
      return r;
    }
    // The code's own problems (and a failure of the moment) stay on this step; the form's go back to it.
    if (Object.keys(r.fieldErrors).every((k) => k === 'code') && !isRefusal(r.code)) return r;
    backToEdit(r);
    return r;
  };

  if (noScript)
    return (
      <NoScriptSteps
        state={noScript}
        action={noScriptAction}
        countries={countries}
        common={common}
        greyDays={greyDays}
      />
    );
  if (step === 'verify') {
    return (
      <VerifyStep
        numbers={numbers}
        arrival={arrival}
        request={requestCode}
        confirm={fileWithCode}
        onBack={() => window.history.back()}
      />
    );
  }
  if (step === 'review') {
    const change = (field: string) => {
      setReturnToReview(true);
      go(stepOf(field), field);
    };
    return (
      <ReviewStep
        form={form}
        countries={countries}
        arrival={arrival}
        pending={pending}
        problem={reviewProblem}
        onChange={change}
        onContinue={toVerify}
      />
    );
  }
  if (step === 'details') {
    return (
      <DetailsStep
        form={form}
        countries={countries}
        common={common}
        arrival={arrival}
        filesAgain={filesAgain}
        onValid={() => {
          setReturnToReview(false);
          go('review');
        }}
        onChangeDevice={() => go('device', 'imei1')}
      />
    );
  }
  return (
    <DeviceStep
      form={form}
      greyDays={greyDays}
      arrival={arrival}
      initialRefusal={refusal}
      noScriptAction={noScriptAction}
      onEligible={() => {
        setRefusal(null);
        if (returnToReview) {
          setReturnToReview(false);
          return go('review');
        }
        go('details');
      }}
    />
  );
}
