'use client';
/**
 * The self-hosted proof-of-work widget (altcha v3, the `external` build: no inline styles or
 * blob: workers, so the Content-Security-Policy needs only 'self'). Loaded with a dynamic import
 * only when the server asks for a challenge, so the check page's usual script does not grow. The
 * browser solves the server's challenge by itself (auto="onload"); once it is solved, `onSolved`
 * gets the payload (also in the widget's hidden field `altcha`) and submits the form again.
 */
import 'altcha/external';
import 'altcha/altcha.css';
import type {} from 'altcha/types/react';
import { useEffect, useRef } from 'react';
import { useLocale, useMessages } from 'next-intl';

let registered = false;
function registerWorkers() {
  if (registered) return;
  registered = true;
  const worker = () =>
    new Worker(new URL('./altcha-pbkdf2-worker.ts', import.meta.url), { name: 'altcha-pbkdf2' });
  for (const a of ['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512'])
    globalThis.$altcha.algorithms.set(a, worker);
}

export default function ProofOfWork({
  challenge,
  onSolved,
}: {
  challenge: unknown;
  onSolved: (payload: string) => void;
}) {
  const locale = useLocale();
  const strings = (useMessages() as { altcha: Record<string, string> }).altcha;
  const ref = useRef<HTMLElement & { configure?: (c: object) => Promise<void> }>(null);
  const solved = useRef(onSolved);
  solved.current = onSolved;

  registerWorkers();
  // The widget's texts come from messages/*.json (kk, ru), registered under the page's language.
  globalThis.$altcha.i18n.set(locale, strings);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const verified = (e: Event) =>
      solved.current(String((e as CustomEvent<{ payload?: string }>).detail?.payload ?? ''));
    el.addEventListener('verified', verified);
    return () => el.removeEventListener('verified', verified);
  }, []);

  return (
    <altcha-widget
      ref={ref}
      name="altcha"
      language={locale}
      auto="onload"
      type="checkbox"
      configuration={JSON.stringify({ challenge, hideFooter: true, hideLogo: true, workers: 2 })}
      data-testid="proof-of-work"
    />
  );
}
