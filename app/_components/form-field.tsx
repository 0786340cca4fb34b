'use client';
import { useErrorText } from './use-error-text';
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { MAX_DOCUMENTS, MAX_DOCUMENT_BYTES } from '@/lib/domain/documents';
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
  describedBy: more = [],
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  /** Further elements that describe the input (each chosen file's error) */
  describedBy?: string[];
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const errorText = useErrorText();
  const tf = useTranslations('fields');
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null, ...more].filter(Boolean).join(' ') ||
    undefined;
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

/** The id of the error of the i-th file chosen in the file input `id` (the input's aria-describedby names it). */
export const fileErrorId = (id: string, i: number) => `${id}-file-${i}-error`;

/**
 * Files chosen for upload, with a way to remove one. A file's error says what is wrong and how to
 * fix the file (fileFixes), is announced when it appears, and describes the file input.
 */
export function FileList({
  id,
  files,
  onRemove,
  errors,
}: {
  id: string;
  files: File[];
  onRemove: (i: number) => void;
  errors: (string | undefined)[];
}) {
  const t = useTranslations('fields');
  const errorText = useErrorText();
  const tx = useTranslations('fileFixes');
  if (files.length === 0) return null;
  return (
    <ul className="file-list" aria-label={t('chosenFiles')}>
      {files.map((f, i) => (
        <li key={`${f.name}-${i}`} className={errors[i] ? 'file-error' : ''}>
          <span className="file-name">{f.name}</span>{' '}
          <span className="file-size">
            {t('fileSize', { kb: Math.max(1, Math.round(f.size / 1024)) })}
          </span>
          {errors[i] && (
            <span className="field-error" id={fileErrorId(id, i)} role="alert">
              {errorText(errors[i])}
              {tx.has(errors[i] as 'DOCUMENT_TYPE') && (
                <>
                  {' '}
                  {tx(errors[i] as 'DOCUMENT_TOO_LARGE', {
                    mb: MAX_DOCUMENT_BYTES / (1024 * 1024),
                  })}
                </>
              )}
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
  name,
  label,
  error,
  files,
  fileErrors,
  onChange,
}: {
  id: string;
  /** The input's name, where the form is posted as it is (without script) */
  name?: string;
  label: string;
  error?: string;
  files: File[];
  fileErrors: (string | undefined)[];
  onChange: (files: File[]) => void;
}) {
  const tf = useTranslations('fields');
  return (
    <>
      <Field
        id={id}
        label={label}
        hint={tf('documentsHint', { max: MAX_DOCUMENTS, mb: ERROR_VALUES.fileMb })}
        error={error}
        describedBy={fileErrors.flatMap((e, i) => (e ? [fileErrorId(id, i)] : []))}
      >
        {(a) => (
          <input
            {...a}
            name={name}
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
      <FileList
        id={id}
        files={files}
        errors={fileErrors}
        onRemove={(i) => onChange(files.filter((_, j) => j !== i))}
      />
    </>
  );
}
