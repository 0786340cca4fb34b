'use client';
import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { useErrorText } from './use-error-text';
import { unsubscribeAction } from '../_actions/owners';

export function UnsubscribeForm({ token, imei }: { token: string; imei: string }) {
  const t = useTranslations('watch');
  const errorText = useErrorText();
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (done) {
    return (
      <p role="status" data-testid="unsubscribed">
        {t('unsubscribed', { imei })}
      </p>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData();
        data.set('token', token);
        startTransition(async () => {
          const r = await unsubscribeAction(data).catch(() => null);
          if (r?.ok) setDone(true);
          else setProblem(r?.code ?? 'UNEXPECTED');
        });
      }}
    >
      <p>{t('unsubscribeQuestion', { imei })}</p>
      {problem && (
        <p className="field-error" role="alert">
          {errorText(problem)}
        </p>
      )}
      <button type="submit" className="button" disabled={pending}>
        {t('unsubscribeButton')}
      </button>
    </form>
  );
}
