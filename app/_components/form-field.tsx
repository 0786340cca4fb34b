'use client';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { MAX_DOCUMENTS } from '@/lib/domain/documents';
import { ERROR_VALUES } from '@/lib/i18n/message-values';

/** Props an input needs to be tied to its label, hint and error. */
export type FieldA11y = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true };

/** A labelled field with an optional hint and a translated error tied to it (aria-describedby). */
export function Field({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const t = useTranslations('errors');
  const errorText = useErrorText();
  const tf = useTranslations('fields');
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'field-has-error' : ''}`}>
      <label htmlFor={id} className="label">
        {label}
        {optional && <span className="optional"> ({tf('optional')})</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {errorText(error)}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
    </div>
  );
}

/** Files chosen for upload, with a way to remove one. */
export function FileList({ files, onRemove, errors }: { files: File[]; onRemove: (i: number) => void; errors: (string | undefined)[] }) {
  const t = useTranslations('fields');
  const errorText = useErrorText();
  if (files.length === 0) return null;
  return (
    <ul className="file-list" aria-label={t('chosenFiles')}>
      {files.map((f, i) => (
        <li key={`${f.name}-${i}`} className={errors[i] ? 'file-error' : ''}>
          <span className="file-name">{f.name}</span> <span className="file-size">{t('fileSize', { kb: Math.max(1, Math.round(f.size / 1024)) })}</span>
          {errors[i] && (
            <span className="field-error" id={`document-${i}-error`}>
              {errorText(errors[i])}
            </span>
          )}
          <button type="button" className="link-button" onClick={() => onRemove(i)}>
            {t('removeFile', { name: f.name })}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Choosing documents to file: 1 to 5 PDF, JPEG or PNG files, added to those already chosen. */
export function DocumentsField({
  id,
  label,
  error,
  files,
  fileErrors,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  files: File[];
  fileErrors: (string | undefined)[];
  onChange: (files: File[]) => void;
}) {
  const tf = useTranslations('fields');
  return (
    <>
      <Field id={id} label={label} hint={tf('documentsHint', { max: MAX_DOCUMENTS, mb: ERROR_VALUES.fileMb })} error={error}>
        {(a) => (
          <input
            {...a}
            type="file"
            className="input-file"
            multiple
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            onChange={(e) => {
              onChange([...files, ...Array.from(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        )}
      </Field>
      <FileList files={files} errors={fileErrors} onRemove={(i) => onChange(files.filter((_, j) => j !== i))} />
    </>
  );
}
