'use client';
import { useEffect, useRef, useState, type ComponentProps } from 'react';
import { SchemaForm } from '../../../../../_components/schema-form';

/**
 * Approval asks first: the form's submit opens a question ("Approve X? Both devices become
 * white at once.") and only "Yes, approve" sends it. Without script the form posts as it is.
 */
export function ApproveForm({
  question,
  yes,
  cancel,
  ...form
}: ComponentProps<typeof SchemaForm> & { question: string; yes: string; cancel: string }) {
  const [confirming, setConfirming] = useState(false);
  const confirmed = useRef(false);
  const wrap = useRef<HTMLDivElement>(null);
  const ask = useRef<HTMLParagraphElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (confirming) ask.current?.focus();
    else if (wasOpen.current)
      wrap.current?.querySelector<HTMLButtonElement>('form button[type="submit"]')?.focus();
    wasOpen.current = confirming;
  }, [confirming]);

  return (
    <div
      ref={wrap}
      onSubmitCapture={(e) => {
        if (confirmed.current) {
          confirmed.current = false;
          return;
        }
        e.preventDefault();
        e.stopPropagation();
        setConfirming(true);
      }}
    >
      <SchemaForm {...form} />
      {confirming && (
        <div
          className="confirm"
          role="group"
          aria-labelledby="approve-question"
          data-testid="approve-confirm"
        >
          <p id="approve-question" ref={ask} tabIndex={-1}>
            {question}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                confirmed.current = true;
                setConfirming(false);
                wrap.current?.querySelector('form')?.requestSubmit();
              }}
            >
              {yes}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirming(false)}
            >
              {cancel}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
