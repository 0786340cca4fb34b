'use client';
import { useRef, useEffect, useTransition } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from '@/lib/i18n/navigation';
import { confirmMyCodeAction, requestMyCodeAction, signOutOwnerAction } from '../_actions/owners';
import type { StatusView } from '../_actions/applications';
import { CodeStep } from './code-step';
import { StatusCard } from './application-status';

/** The number, then the code: "my applications" opens for 30 minutes. */
export function MyApplicationsSignIn() {
  const t = useTranslations('my');
  const locale = useLocale();
  const router = useRouter();
  return (
    <CodeStep
      numbers={[]}
      testId="my-sign-in"
      confirmLabel={t('open')}
      request={async (_to, phone) => {
        const data = new FormData();
        data.set('locale', locale);
        data.set('phone', phone);
        return requestMyCodeAction(data);
      }}
      confirm={async (challengeId, code) => {
        const data = new FormData();
        data.set('challengeId', challengeId);
        data.set('code', code);
        const r = await confirmMyCodeAction(data);
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}

/** Every application of the number, with its status and what to do next. */
export function MyApplications({
  views,
  number,
  untilText,
}: {
  views: StatusView[];
  number: string;
  untilText: string;
}) {
  const t = useTranslations('my');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div data-testid="my-applications">
      <p className="lead" data-testid="my-number">
        {t('signedIn', { number, time: untilText })}
      </p>
      <h2 ref={headingRef} tabIndex={-1}>
        {t('count', { count: views.length })}
      </h2>
      {views.length === 0 && <p>{t('none')}</p>}
      {views.map((v) => (
        <StatusCard
          key={v.reference}
          view={v}
          credentials={{ reference: v.reference }}
          onUpdated={() => router.refresh()}
        />
      ))}
      <p>
        <button
          type="button"
          className="button button-secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await signOutOwnerAction();
              router.refresh();
            })
          }
        >
          {t('signOut')}
        </button>
      </p>
    </div>
  );
}
