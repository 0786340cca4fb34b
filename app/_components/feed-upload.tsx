'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { ImportReport } from '@/lib/data/feed-import';
import { MAX_FIELD_BYTES, MAX_RECORD_BYTES, MAX_TEXT_LENGTH } from '@/lib/feeds/limits';
import { ERROR_VALUES } from '@/lib/i18n/message-values';
import { importFeedAction, type FeedActionResult } from '../_actions/admin';
import { SchemaForm } from './schema-form';

/** Uploads a CSV feed with the same validation as the command line, and shows its report. */
export function FeedUpload({ kinds }: { kinds: { value: string; label: string }[] }) {
  const t = useTranslations('admin');
  const tr = useTranslations('feedErrors');
  const [report, setReport] = useState<ImportReport | null>(null);
  return (
    <section className="panel" aria-labelledby="h-upload">
      <h2 id="h-upload">{t('uploadFeed')}</h2>
      <SchemaForm
        schema="feedUpload"
        action={async (form) => {
          const r: FeedActionResult = await importFeedAction(form);
          setReport('report' in r && r.report ? r.report : null);
          return r;
        }}
        testId="feed-upload"
        submitLabel={t('import')}
        fields={[
          { name: 'kind', label: t('feedKind'), type: 'select', options: kinds },
          {
            name: 'file',
            label: t('feedFile'),
            type: 'file',
            hint: t('feedFileHint', { mb: ERROR_VALUES.feedMb }),
          },
        ]}
      />
      {report && (
        <div
          className={`callout ${report.ok ? 'callout-info' : 'callout-danger'}`}
          role="status"
          data-testid="feed-report"
        >
          {report.ok ? (
            <p>
              {t('imported', { file: report.fileName, rows: report.rows, changed: report.changed })}
            </p>
          ) : (
            <>
              <p className="callout-title">{t('refused', { file: report.fileName })}</p>
              {report.empty && <p>{tr('EMPTY')}</p>}
              {report.invalidEncoding && <p>{tr('ENCODING')}</p>}
              {report.missingColumns && (
                <p>{tr('HEADER_MISSING_COLUMNS', { columns: report.missingColumns.join(', ') })}</p>
              )}
              {report.errors.length > 0 && (
                <ul>
                  {report.errors.map((e, i) => (
                    <li key={i}>
                      {t('lineError', {
                        line: e.line,
                        column: e.column,
                        message: tr(e.code, {
                          first: e.firstLine ?? 0,
                          kib:
                            (e.code === 'FIELD_TOO_LONG' ? MAX_FIELD_BYTES : MAX_RECORD_BYTES) /
                            1024,
                          max: MAX_TEXT_LENGTH,
                        }),
                      })}
                    </li>
                  ))}
                </ul>
              )}
              {report.badRows > 0 && (
                <p>{t('badRows', { bad: report.badRows, rows: report.rows })}</p>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
