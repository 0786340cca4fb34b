'use client';
import '@/lib/schemas/zod-setup';
import { useRef, useState, useTransition, useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { useErrorText } from './use-error-text';
import { addDocumentsSchema, statusLookupSchema } from '@/lib/schemas/application-form';
import { addDocumentsAction, lookupApplicationAction, type StatusView } from '../_actions/applications';
import { DocumentsField, Field } from './form-field';
import { z } from 'zod';
import { ListIcon } from './list-icon';
import { Link } from '@/lib/i18n/navigation';

type Lookup = z.input<typeof statusLookupSchema>;
/** The status page holds the reference and the IIN; "my applications" the reference (its session stands in for the IIN). */
type Credentials = { reference: string; iin?: string };

const STATUS_ICON = { SUBMITTED: 'GREY', IN_REVIEW: 'GREY', INFO_REQUESTED: 'GREY', APPROVED: 'WHITE', REJECTED: 'BLACK', SUPERSEDED: 'BLACK', NOT_NEEDED: 'WHITE' } as const;

/** Following an application: reference and IIN in a form (never in the URL), then its status. */
export function ApplicationStatus() {
  const t = useTranslations('status');
  const errorText = useErrorText();
  const locale = useLocale();
  const [view, setView] = useState<StatusView | null>(null);
  const [credentials, setCredentials] = useState<Lookup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [throttledUntil, setThrottledUntil] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const { register, handleSubmit, formState } = useForm<Lookup>({
    resolver: zodResolver(statusLookupSchema),
    mode: 'onTouched',
    defaultValues: { reference: '', iin: '' },
  });

  useEffect(() => {
    if (view) resultRef.current?.focus();
  }, [view]);

  const onValid = (values: Lookup) => {
    setProblem(null);
    setThrottledUntil(null);
    const data = new FormData();
    data.set('locale', locale);
    data.set('reference', String(values.reference));
    data.set('iin', String(values.iin));
    startTransition(async () => {
      const r = await lookupApplicationAction(data).catch(() => null);
      if (r?.ok) {
        setView(r.view);
        setCredentials(values);
      } else if (r?.code === 'STATUS_THROTTLED') {
        setView(null);
        setThrottledUntil(r.retryAtText ?? '');
      } else {
        setView(null);
        setProblem(r?.code === 'NOT_FOUND' || r?.code === 'INVALID_INPUT' ? 'APPLICATION_NOT_FOUND' : r?.code === 'DATABASE_UNAVAILABLE' ? r.code : 'UNEXPECTED');
      }
    });
  };
  const err = (n: keyof Lookup) => formState.errors[n]?.message;

  return (
    <>
      <form method="post" onSubmit={handleSubmit(onValid)} noValidate className="check-form" aria-busy={pending}>
        <Field id="reference" label={t('reference')} hint={t('referenceHint')} error={err('reference')}>
          {(a) => <input {...a} className="input mono" autoComplete="off" autoCapitalize="characters" {...register('reference')} />}
        </Field>
        <Field id="iin" label={t('iin')} hint={t('iinHint')} error={err('iin')}>
          {(a) => <input {...a} className="input mono" inputMode="numeric" autoComplete="off" {...register('iin')} />}
        </Field>
        <button type="submit" className="button" disabled={pending}>
          {pending ? t('looking') : t('show')}
        </button>
        {problem && (
          <p className="field-error" role="alert" data-testid="status-problem">
            {errorText(problem)}
          </p>
        )}
        {throttledUntil !== null && (
          <div className="callout callout-danger" role="alert" data-testid="status-problem">
            <p>{t('throttled', { time: throttledUntil })}</p>
            <p>
              <Link href="/my">{t('throttledMy')}</Link>
            </p>
          </div>
        )}
      </form>
      {view && credentials && (
        <StatusCard
          view={view}
          headingRef={resultRef}
          credentials={{ reference: String(credentials.reference), iin: String(credentials.iin) }}
          onUpdated={(v) => setView(v)}
        />
      )}
    </>
  );
}

export function StatusCard({
  view,
  headingRef,
  credentials,
  onUpdated,
}: {
  view: StatusView;
  headingRef?: React.RefObject<HTMLHeadingElement | null>;
  credentials: Credentials;
  onUpdated: (v: StatusView) => void;
}) {
  const t = useTranslations('status');
  const tr = useTranslations('rejectionReasons');
  const icon = STATUS_ICON[view.status];
  return (
    <section className={`result result-${icon.toLowerCase()}`} aria-labelledby="status-heading" data-testid="application-status" data-status={view.status}>
      <h2 id="status-heading" ref={headingRef} tabIndex={-1} className="result-heading">
        {t('heading', { reference: view.reference })}
      </h2>
      <div className="verdict">
        <ListIcon list={icon} size={36} />
        <div>
          <p className="verdict-list">{t(`statuses.${view.status}`)}</p>
          <p className="verdict-summary">{t(`explain.${view.status}`)}</p>
        </div>
      </div>
      <p>
        {t('imeis')}: <span className="mono">{view.imeis.join(', ')}</span>
      </p>
      {view.reviewByText && view.status !== 'INFO_REQUESTED' && <p data-testid="review-by">{t('reviewBy', { date: view.reviewByText })}</p>}
      {view.respondByText && view.status === 'INFO_REQUESTED' && (
        <p className="callout" data-testid="respond-by">{t('respondBy', { date: view.respondByText })}</p>
      )}
      {view.status === 'REJECTED' && view.decisionReason && (
        <div className="callout callout-danger" data-testid="rejection">
          <p className="callout-title">{t('rejectedBecause')}</p>
          <p>{tr(view.decisionReason)}</p>
          {view.decisionNote && <p className="note">{t('reviewerNote', { note: view.decisionNote })}</p>}
          <p>{t('applyAgain')}</p>
        </div>
      )}
      {view.status === 'INFO_REQUESTED' && (
        <div className="callout callout-info" data-testid="info-requested">
          <p className="callout-title">{t('infoRequested')}</p>
          {view.decisionNote && <p className="note">{view.decisionNote}</p>}
          <AddDocuments credentials={credentials} onUpdated={onUpdated} />
        </div>
      )}
      <h3>{t('timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {view.events.map((e, i) => (
          <li key={i}>
            <span className="timeline-when">{e.atText}</span> <span className="timeline-what">{labelOf(t, `events.${e.type}`)}</span>
            {e.reason && <> · {labelOf(tr, e.reason)}</>}
          </li>
        ))}
      </ol>
      {view.documents.length > 0 && <h3>{t('documents')}</h3>}
      <ul className="file-list">
        {view.documents.map((d, i) => (
          <li key={i}>
            <span className="file-name">{d.name}</span> <span className="file-size">{t('documentMeta', { kb: d.sizeKb, date: d.uploadedAtText })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The documents part of the shared schema the server action parses with. */
const addSchema = addDocumentsSchema.pick({ documents: true });

function AddDocuments({ credentials, onUpdated }: { credentials: Credentials; onUpdated: (v: StatusView) => void }) {
  const t = useTranslations('status');
  const errorText = useErrorText();
  const locale = useLocale();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const { setValue, watch, handleSubmit, formState, setError } = useForm<{ documents?: File[] }, unknown, { documents: File[] }>({
    resolver: zodResolver(addSchema),
    defaultValues: { documents: [] },
  });
  const files = watch('documents') ?? [];
  const errs = formState.errors.documents as unknown as ({ message?: string } & Record<number, { message?: string }>) | undefined;

  const onValid = ({ documents }: { documents: File[] }) => {
    const data = new FormData();
    data.set('locale', locale);
    data.set('reference', String(credentials.reference));
    data.set('iin', String(credentials.iin ?? ''));
    for (const f of documents) data.append('documents', f);
    startTransition(async () => {
      const r = await addDocumentsAction(data).catch(() => null);
      if (r?.ok) onUpdated(r.view);
      else if (r && Object.keys(r.fieldErrors).length) {
        for (const [path, codes] of Object.entries(r.fieldErrors)) setError(path as 'documents', { type: 'server', message: codes[0] });
      } else setProblem(r?.code === 'NOT_REQUESTED' || r?.code === 'CONFLICT' ? 'NOT_REQUESTED' : r?.code === 'STORAGE_FULL' ? 'STORAGE_FULL' : 'UNEXPECTED');
    });
  };

  return (
    <form method="post" onSubmit={handleSubmit(onValid)} noValidate>
      <DocumentsField
        id="more-documents"
        label={t('addDocuments')}
        error={errs?.message}
        files={files}
        fileErrors={files.map((_, i) => errs?.[i]?.message)}
        onChange={(chosen) => setValue('documents', chosen, { shouldValidate: true })}
      />
      {problem && <p className="field-error" role="alert">{errorText(problem)}</p>}
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('sending') : t('sendDocuments')}
      </button>
    </form>
  );
}
