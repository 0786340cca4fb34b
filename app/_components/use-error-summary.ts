'use client';
import { useCallback, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { FieldErrors, FieldValues } from 'react-hook-form';
import { useErrorText } from './use-error-text';
import type { SummaryItem } from './error-summary';

type FileErrors = { message?: string; [i: number]: { message?: string } | undefined };

/**
 * A form's error summary (ErrorSummary), wired the one way every form here uses it: a line per
 * field in the page's order (its first code, translated: react-hook-form's, else the server's
 * answer), then one per refused file naming the file; and the attempt count that moves focus to
 * the summary after each submit that failed (`failed`, react-hook-form's handleSubmit's second
 * argument). The "Error: " title prefix comes with the summary.
 */
export function useErrorSummary({
  errors,
  fields,
  files = {},
  server = {},
  ids = {},
}: {
  errors: FieldErrors<FieldValues>;
  fields: readonly string[];
  /** The files chosen in a file field, by the field's name (their errors are by position) */
  files?: Record<string, File[]>;
  /** The server's field errors (a form posted without script, or refused by the server) */
  server?: Record<string, readonly string[] | undefined>;
  /** The input's id where it is not the field's name (the summary's links go to it) */
  ids?: Record<string, string>;
}) {
  const errorText = useErrorText();
  const ts = useTranslations('errorSummary');
  const [attempt, setAttempt] = useState(0);
  const failed = useCallback(() => setAttempt((a) => a + 1), []);
  const codeOf = (field: string): string | undefined =>
    (errors as Record<string, { message?: string } | undefined>)[field]?.message ||
    server[field]?.[0] ||
    undefined;
  const fileCodes = (field: string): (string | undefined)[] => {
    const e = errors[field] as FileErrors | undefined;
    return (files[field] ?? []).map((_, i) => e?.[i]?.message);
  };
  const items: SummaryItem[] = fields.flatMap((field) => {
    const id = ids[field] ?? field;
    const code = codeOf(field);
    const chosen = files[field] ?? [];
    return [
      ...(code ? [{ field: id, text: errorText(code) }] : []),
      ...fileCodes(field).flatMap((c, i) =>
        c
          ? [{ field: id, text: ts('fileError', { name: chosen[i].name, error: errorText(c) }) }]
          : [],
      ),
    ];
  });
  return { items, attempt, failed, codeOf, fileCodes };
}
