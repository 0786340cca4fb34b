'use client';
import { useTranslations } from 'next-intl';
import { ERROR_VALUES } from '@/lib/i18n/message-values';
import { errorCodeOr, type ErrorValues } from '@/lib/i18n/error-codes';

/**
 * The translated text of an error code (errors.<CODE>) in a client component, with the numbers
 * the texts take from the code's rules; a code without a message reads as errors.UNEXPECTED.
 */
export function useErrorText() {
  const te = useTranslations('errors');
  return (code: string | undefined, values?: ErrorValues) =>
    te(
      errorCodeOr(code ?? '', (c) => te.has(c)),
      { ...ERROR_VALUES, ...values },
    );
}
