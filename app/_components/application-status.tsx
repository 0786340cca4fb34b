'use client';
import '@/lib/schemas/zod-setup';
import { startTransition, useActionState, useRef, useState, useTransition, useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { useErrorText } from './use-error-text';
import { addDocumentsSchema, statusLookupSchema } from '@/lib/schemas/application-form';
import { addDocumentsAction, statusFormAction, type StatusView } from '../_actions/applications';
import type { Failure } from '../_lib/server-action';
import { ErrorSummary } from './error-summary';
import { useErrorSummary } from './use-error-summary';
import { readDraft, writeDraft } from './form-draft';
import { DocumentsField, Field } from './form-field';
import { z } from 'zod';
import { ListIcon } from './list-icon';
import { Link } from '@/lib/i18n/navigation';

type Lookup = z.input<typeof statusLookupSchema>;
/** The status page holds the reference and the IIN; "my applications" the reference (its session stands in for the IIN). */
type Credentials = { reference: string; iin?: string };

const STATUS_ICON = {
  SUBMITTED: 'GREY',
  IN_REVIEW: 'GREY',
  INFO_REQUESTED: 'GREY',
  APPROVED: 'WHITE',
  REJECTED: 'BLACK',
  SUPERSEDED: 'BLACK',
  NOT_NEEDED: 'WHITE',
} as const;

const DRAFT_KEY = 'status-draft';
/** The status form's answers in session storage (this tab only, never the URL), so another language keeps them and the result. */
type StatusDraft = { reference: string; iin: string; shown: boolean };

/**
 * Following an application: reference and IIN in a form (never in the URL), then its status. The
 * form posts to a server action, so it works without script too; with script, the shared schema
 * checks it first and problems are listed at the top.
 */
export function ApplicationStatus() {
  const t = useTranslations('status');
  const errorText = useErrorText();
  const locale = useLocale();
  const [state, formAction, pending] = useActionState(statusFormAction, null);
  // a view replaced after more documents were added
  const [updated, setUpdated] = useState<StatusView | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { register, handleSubmit, formState, reset, getValues, watch } = useForm<Lookup>({
    resolver: zodResolver(statusLookupSchema),
    mode: 'onSubmit',
    shouldFocusError: false, // the error summary takes focus
    defaultValues: { reference: state?.values.reference ?? '', iin: state?.values.iin ?? '' },
  });

  const view = updated ?? (state?.ok ? state.view : null);
  const credentials = state?.ok ? state.values : null;
  const serverErrors = state && !state.ok ? state.fieldErrors : {};
  const throttledUntil =
    state && !state.ok && state.code === 'STATUS_THROTTLED' ? (state.retryAtText ?? '') : null;
  const problem =
    !state ||
    state.ok ||
    throttledUntil !== null ||
    (state.code === 'INVALID_INPUT' && Object.keys(serverErrors).length > 0)
      ? null
      : state.code === 'NOT_FOUND' || state.code === 'INVALID_INPUT'
        ? 'APPLICATION_NOT_FOUND'
        : state.code === 'DATABASE_UNAVAILABLE'
          ? state.code
          : 'UNEXPECTED';
  const summary = useErrorSummary({
    errors: formState.errors,
    fields: ['reference', 'iin'],
    server: serverErrors,
  });
  const err = summary.codeOf;

  useEffect(() => {
    if (view) resultRef.current?.focus();
    else if (problem || throttledUntil !== null) problemRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately run only when this says, not on every change
  }, [state]); // each answer: focus on the result or on what went wrong

  // The answers (and whether a status was shown) survive the other language: looked up again there.
  useEffect(() => {
    const draft = readDraft<StatusDraft>(DRAFT_KEY);
    if (!draft || state) return;
    reset({ reference: draft.reference, iin: draft.iin });
    if (draft.shown && formRef.current) formRef.current.requestSubmit();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately run only when this says, not on every change
  }, []); // once, on arrival
  const [reference, iin] = [watch('reference'), watch('iin')];
  useEffect(() => {
    writeDraft(DRAFT_KEY, {
      reference: String(reference ?? ''),
      iin: String(iin ?? ''),
      shown: Boolean(view),
    } satisfies StatusDraft);
  }, [reference, iin, view]);

  // With script: the schema first (problems listed at the top), then the same action in a transition.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void handleSubmit(() => {
      setUpdated(null);
      const data = new FormData();
      data.set('locale', locale);
      data.set('reference', String(getValues('reference')));
      data.set('iin', String(getValues('iin')));
      startTransition(() => formAction(data));
    }, summary.failed)(event);
  };

  return (
    <>
      <ErrorSummary items={summary.items} attempt={summary.attempt} />
      <form
        ref={formRef}
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        className="check-form"
        aria-busy={pending}
        data-testid="status-form"
      >
        <input type="hidden" name="locale" value={locale} />
        <Field
          id="reference"
          label={t('reference')}
          hint={t('referenceHint')}
          error={err('reference')}
        >
          {(a) => (
            <input
              {...a}
              className="input mono"
              autoComplete="off"
              autoCapitalize="characters"
              {...register('reference')}
            />
          )}
        </Field>
        <Field id="iin" label={t('iin')} hint={t('iinHint')} error={err('iin')}>
          {(a) => (
            <input
              {...a}
              className="input mono"
              inputMode="numeric"
              autoComplete="off"
              {...register('iin')}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={pending}>
          {pending ? t('looking') : t('show')}
        </button>
        {problem && (
          <div ref={problemRef} tabIndex={-1} role="alert" data-testid="status-problem-box">
            <p className="field-error" data-testid="status-problem">
              {errorText(problem)}
            </p>
          </div>
        )}
        {throttledUntil !== null && (
          <div
            className="callout callout-danger"
            role="alert"
            data-testid="status-problem"
            ref={problemRef}
            tabIndex={-1}
          >
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
          credentials={credentials}
          onUpdated={(v) => setUpdated(v)}
          noScript={{ action: formAction, refused: updated ? undefined : state?.documents }}
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
  noScript,
}: {
  view: StatusView;
  headingRef?: React.RefObject<HTMLHeadingElement | null>;
  credentials: Credentials;
  onUpdated: (v: StatusView) => void;
  noScript?: NoScriptDocuments;
}) {
  const t = useTranslations('status');
  const tr = useTranslations('rejectionReasons');
  const icon = STATUS_ICON[view.status];
  return (
    <section
      className={`result result-${icon.toLowerCase()}`}
      aria-labelledby="status-heading"
      data-testid="application-status"
      data-status={view.status}
    >
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
      {view.reviewByText && view.status !== 'INFO_REQUESTED' && (
        <p data-testid="review-by">{t('reviewBy', { date: view.reviewByText })}</p>
      )}
      {view.respondByText && view.status === 'INFO_REQUESTED' && (
        <p className="callout" data-testid="respond-by">
          {t('respondBy', { date: view.respondByText })}
        </p>
      )}
      {view.status === 'REJECTED' && view.decisionReason && (
        <div className="callout callout-danger" data-testid="rejection">
          <p className="callout-title">{t('rejectedBecause')}</p>
          <p>{tr(view.decisionReason)}</p>
          {view.decisionNote && (
            <p className="note">{t('reviewerNote', { note: view.decisionNote })}</p>
          )}
          <p>{t('applyAgain')}</p>
        </div>
      )}
      {view.status === 'INFO_REQUESTED' && (
        <div className="callout callout-info" data-testid="info-requested">
          <p className="callout-title">{t('infoRequested')}</p>
          {view.decisionNote && <p className="note">{view.decisionNote}</p>}
          <AddDocuments credentials={credentials} onUpdated={onUpdated} noScript={noScript} />
        </div>
      )}
      <h3>{t('timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {view.events.map((e, i) => (
          <li key={i}>
            <span className="timeline-when">{e.atText}</span>{' '}
            <span className="timeline-what">{labelOf(t, `events.${e.type}`)}</span>
            {e.reason && <> · {labelOf(tr, e.reason)}</>}
          </li>
        ))}
      </ol>
      {view.documents.length > 0 && <h3>{t('documents')}</h3>}
      <ul className="file-list">
        {view.documents.map((d, i) => (
          <li key={i}>
            <span className="file-name">{d.name}</span>{' '}
            <span className="file-size">
              {t('documentMeta', { kb: d.sizeKb, date: d.uploadedAtText })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The documents part of the shared schema the server action parses with. */
const addSchema = addDocumentsSchema.pick({ documents: true });

/**
 * Where the documents form posts without script (the status page's statusFormAction, which shows
 * the status again), and why it refused the documents last time.
 */
type NoScriptDocuments = { action: (form: FormData) => void; refused?: Failure };

/** A refusal not tied to the file field, as the owner reads it. */
function addProblem(code: string | undefined): string {
  return code === 'NOT_REQUESTED' || code === 'CONFLICT'
    ? 'NOT_REQUESTED'
    : code === 'STORAGE_FULL'
      ? 'STORAGE_FULL'
      : 'UNEXPECTED';
}

/**
 * More documents when staff asked for them. With script, checked with the shared schema in the
 * browser, then sent to addDocumentsAction; without it (on the status page), the same form is
 * posted as it is, with the reference and the IIN in its body, and comes back with the status.
 */
function AddDocuments({
  credentials,
  onUpdated,
  noScript,
}: {
  credentials: Credentials;
  onUpdated: (v: StatusView) => void;
  noScript?: NoScriptDocuments;
}) {
  const t = useTranslations('status');
  const errorText = useErrorText();
  const locale = useLocale();
  const [pending, startTransition] = useTransition();
  const [answered, setAnswered] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { setValue, watch, handleSubmit, formState, setError } = useForm<
    { documents?: File[] },
    unknown,
    { documents: File[] }
  >({
    resolver: zodResolver(addSchema),
    defaultValues: { documents: [] },
  });
  const files = watch('documents') ?? [];
  // the server's answer to a form posted without script, until this form answers itself
  const refused = answered ? undefined : noScript?.refused;
  const summary = useErrorSummary({
    errors: formState.errors,
    fields: ['documents'],
    files: { documents: files },
    server: refused?.fieldErrors,
    ids: { documents: 'more-documents' },
  });
  const shownProblem =
    problem ??
    (refused && Object.keys(refused.fieldErrors).length === 0 ? addProblem(refused.code) : null);

  const onValid = ({ documents }: { documents: File[] }) => {
    const data = new FormData();
    data.set('locale', locale);
    data.set('reference', String(credentials.reference));
    data.set('iin', String(credentials.iin ?? ''));
    for (const f of documents) data.append('documents', f);
    startTransition(async () => {
      const r = await addDocumentsAction(data).catch(() => null);
      setAnswered(true);
      setProblem(null);
      if (r?.ok) onUpdated(r.view);
      else if (r && Object.keys(r.fieldErrors).length) {
        for (const [path, codes] of Object.entries(r.fieldErrors))
          setError(path as 'documents', { type: 'server', message: codes[0] });
        summary.failed();
      } else setProblem(addProblem(r?.code));
    });
  };

  return (
    <form
      action={noScript?.action}
      method={noScript ? undefined : 'post'}
      onSubmit={handleSubmit(onValid, () => {
        setAnswered(true);
        summary.failed();
      })}
      noValidate
      data-testid="add-documents"
    >
      <ErrorSummary id="documents-summary" items={summary.items} attempt={summary.attempt} />
      {noScript && (
        <>
          <input type="hidden" name="intent" value="documents" />
          <input type="hidden" name="locale" value={locale} />
          <input type="hidden" name="reference" value={credentials.reference} />
          <input type="hidden" name="iin" value={credentials.iin ?? ''} />
        </>
      )}
      <DocumentsField
        id="more-documents"
        name="documents"
        label={t('addDocuments')}
        error={summary.codeOf('documents')}
        files={files}
        fileErrors={summary.fileCodes('documents')}
        onChange={(chosen) => setValue('documents', chosen, { shouldValidate: true })}
      />
      {shownProblem && (
        <p className="field-error" role="alert" data-testid="add-documents-problem">
          {errorText(shownProblem)}
        </p>
      )}
      <button type="submit" className="button" disabled={pending}>
        {pending ? t('sending') : t('sendDocuments')}
      </button>
    </form>
  );
}
