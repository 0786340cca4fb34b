'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { confirmWatchAction, requestWatchCodeAction } from '../_actions/owners';
import { CodeStep } from './code-step';

/**
 * "Tell me when this device's list changes": the owner's number, a code, and from then on an SMS
 * whenever the device moves (a decision, an import, an operator's report, a deadline passing).
 */
export function WatchDevice({ imei }: { imei: string }) {
  const t = useTranslations('watch');
  const locale = useLocale();
  const [watching, setWatching] = useState(false);
  if (watching) {
    return (
      <p className="callout callout-info" role="status" data-testid="watching">
        {t('watching')}
      </p>
    );
  }
  return (
    <details className="watch" data-testid="watch">
      <summary>{t('summary')}</summary>
      <CodeStep
        numbers={[]}
        testId="watch-code"
        intro={t('intro')}
        confirmLabel={t('confirm')}
        request={async (_to, phone) => {
          const data = new FormData();
          data.set('locale', locale);
          data.set('imei', imei);
          data.set('phone', phone);
          return requestWatchCodeAction(data);
        }}
        confirm={async (challengeId, code) => {
          const data = new FormData();
          data.set('locale', locale);
          data.set('imei', imei);
          data.set('challengeId', challengeId);
          data.set('code', code);
          const r = await confirmWatchAction(data);
          if (r.ok) setWatching(true);
          return r;
        }}
      />
    </details>
  );
}
