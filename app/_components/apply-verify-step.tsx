'use client';
import { useRef } from 'react';
import { useTranslations } from 'next-intl';
import {
  CodeStep,
  type ConfirmResult,
  type RequestResult,
  type SeenNumberOption,
} from './code-step';
import { useArrivalFocus } from './apply-form-model';

/** The application's last step: prove the phone by a one-time code, which files the application. */
export function VerifyStep({
  numbers,
  arrival,
  request,
  confirm,
  onBack,
}: {
  numbers: SeenNumberOption[];
  arrival: string | null;
  request: (to: string, phone: string) => Promise<RequestResult>;
  confirm: (challengeId: string, code: string) => Promise<ConfirmResult>;
  onBack: () => void;
}) {
  const t = useTranslations('apply');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useArrivalFocus(arrival, headingRef);
  return (
    <section aria-labelledby="verify-heading" data-testid="verify">
      <h1 id="verify-heading" ref={headingRef} tabIndex={-1}>
        {t('verifyTitle')}
      </h1>
      <p>{numbers.length > 0 ? t('verifyIntroSeen') : t('verifyIntroTyped')}</p>
      <CodeStep
        numbers={numbers}
        request={request}
        confirm={confirm}
        confirmLabel={t('send')}
        showPossession
      />
      <p>
        <button type="button" className="link-button" onClick={onBack}>
          {t('backToReview')}
        </button>
      </p>
    </section>
  );
}
