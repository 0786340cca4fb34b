'use client';
import { TableRegion } from './table-region';
import { useState, useTransition } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { labelOf } from '@/lib/i18n/message-keys';
import { useErrorText } from './use-error-text';
import { Link, useRouter } from '@/lib/i18n/navigation';
import { parseImei } from '@/lib/domain/imei';
import { searchAction } from '../_actions/admin';
import type { QueueRowView } from '../_lib/queue-view';

export function QueueTable({ rows, caption }: { rows: QueueRowView[]; caption: string }) {
  const t = useTranslations('admin');
  const ts = useTranslations('status.statuses');
  if (rows.length === 0) return <p data-testid="queue-empty">{t('queueEmpty')}</p>;
  return (
    <TableRegion label={caption}>
      <table className="table" data-testid="queue">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colReference')}</th>
            <th scope="col">{t('colApplicant')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('colFiled')}</th>
            <th scope="col">{t('colDeadline')}</th>
            <th scope="col">{t('colImei')}</th>
            <th scope="col">{t('colAssigned')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.reference} data-reference={r.reference}>
              <th scope="row">
                <Link href={`/admin/applications/${r.reference}`} className="mono reference">
                  {r.reference}
                </Link>
                <br />
                <span
                  className={r.possessionProven ? 'hint' : 'hint possession-not-proven'}
                  data-testid="possession"
                  data-proven={r.possessionProven}
                >
                  {r.possessionProven ? t('possessionProven') : t('possessionNotProven')}
                </span>
              </th>
              <td data-testid="applicant-name">{r.fullName}</td>
              <td data-overdue={r.overdue || undefined}>
                {labelOf(ts, r.status)}
                {r.respondByText && (
                  <>
                    <br />
                    <span
                      className={r.overdue ? 'overdue' : 'hint'}
                      data-testid={r.overdue ? 'overdue' : undefined}
                    >
                      {r.overdue
                        ? t('respondByOverdue', { date: r.respondByText })
                        : `${t('respondBy')}: ${r.respondByText}`}
                    </span>
                  </>
                )}
              </td>
              <td>
                {r.filedAtText}
                <br />
                <span className="hint" data-testid="age" data-days={r.ageDays}>
                  {t('age', { days: r.ageDays })}
                </span>
              </td>
              <td className={r.deadlinePassed ? 'overdue' : undefined}>
                {r.deadlineText ?? t('deadlineNotStarted')}
              </td>
              <td className="mono">{r.imeis.join(', ')}</td>
              <td>{r.assignedTo ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** Search by reference, IMEI or IIN: posted to a server action, never put in the URL. */
export function QueueSearch() {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const locale = useLocale();
  const [pending, startTransition] = useTransition();
  const [rows, setRows] = useState<QueueRowView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [term, setTerm] = useState('');
  return (
    <section aria-labelledby="search-title" className="panel">
      <h2 id="search-title">{t('searchTitle')}</h2>
      <form
        method="post"
        onSubmit={(e) => {
          e.preventDefault();
          if (!term.trim()) return setProblem('SEARCH_REQUIRED');
          const data = new FormData();
          data.set('term', term);
          data.set('locale', locale);
          startTransition(async () => {
            const r = await searchAction(data).catch(() => null);
            if (!r || !r.ok) {
              setProblem(r?.code ?? 'UNEXPECTED');
              setRows(null);
              return;
            }
            setProblem(null);
            setRows(r.rows);
          });
        }}
        className="inline-form"
      >
        <label htmlFor="search-term" className="label">
          {t('searchLabel')}
        </label>
        <p id="search-hint" className="hint">
          {t('searchHint')}
        </p>
        <div className="field-row">
          <input
            id="search-term"
            className="input"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            aria-describedby="search-hint"
            autoComplete="off"
          />
          <button type="submit" className="button" disabled={pending}>
            {t('search')}
          </button>
        </div>
        {problem && (
          <p className="field-error" role="alert">
            {errorText(problem)}
          </p>
        )}
      </form>
      {rows && <QueueTable rows={rows} caption={t('searchTitle')} />}
    </section>
  );
}

/** Opens a device's page from its IMEI. */
export function DeviceLookup() {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const router = useRouter();
  const [imei, setImei] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      method="post"
      className="panel"
      onSubmit={(e) => {
        e.preventDefault();
        const p = parseImei(imei, { allowImeisv: true });
        if (!p.ok) return setProblem(p.code);
        router.push(`/admin/devices/${p.value.imei}`);
      }}
    >
      <label htmlFor="device-imei" className="label">
        {t('deviceLookup')}
      </label>
      <div className="field-row">
        <input
          id="device-imei"
          className="input mono"
          inputMode="numeric"
          value={imei}
          onChange={(e) => setImei(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'device-imei-error' : undefined}
        />
        <button type="submit" className="button">
          {t('open')}
        </button>
      </div>
      {problem && (
        <p id="device-imei-error" className="field-error" role="alert">
          {errorText(problem)}
        </p>
      )}
    </form>
  );
}
