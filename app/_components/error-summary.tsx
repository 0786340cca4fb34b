'use client';
import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';

/** One problem in the summary: the field it links to and what is wrong, already translated. */
export type SummaryItem = { field: string; text: string };

/**
 * The error summary at the top of a form (GOV.UK's pattern): a heading and one link per problem
 * to its field, as they were at the last attempt. It takes focus each time `attempt` grows (a submit that failed), and while it shows,
 * the page's title starts with "Error: " in the page's language.
 */
export function ErrorSummary({ items, attempt }: { items: SummaryItem[]; attempt: number }) {
  const t = useTranslations('errorSummary');
  const ref = useRef<HTMLDivElement>(null);
  // The problems as of the last attempt (GOV.UK): the summary does not change under the owner's
  // fingers while they fix a field, only when they try again.
  // (A form library may publish the attempt's errors a moment after the attempt itself.)
  const [seen, setSeen] = useState({ attempt, items });
  if (seen.attempt !== attempt || (seen.items.length === 0 && items.length > 0))
    setSeen({ attempt, items });
  const shown = seen.items.length > 0;
  useErrorTitle(shown);
  const focused = useRef(0);
  useEffect(() => {
    if (attempt > focused.current && shown) {
      focused.current = attempt;
      ref.current?.focus();
    }
  }, [attempt, shown]);
  if (!shown) return null;
  return (
    <div
      id="error-summary"
      className="error-summary"
      ref={ref}
      tabIndex={-1}
      aria-labelledby="error-summary-title"
      data-testid="error-summary"
    >
      <h2 id="error-summary-title" className="error-summary-title">
        {t('title')}
      </h2>
      <ul>
        {seen.items.map((item) => (
          <li key={`${item.field}:${item.text}`}>
            <a
              href={`#${item.field}`}
              onClick={(e) => {
                const input = document.getElementById(item.field);
                if (!input) return;
                e.preventDefault();
                // The label (or the legend) in view above the field, as GOV.UK does; then the field.
                (input.closest('.field, fieldset') ?? input).scrollIntoView({ block: 'start' });
                input.focus({ preventScroll: true });
              }}
            >
              {item.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** While `on`, the document's title starts with "Error: " (kk "Қате: ", ru "Ошибка: "). */
export function useErrorTitle(on: boolean) {
  const prefix = useTranslations('errorSummary')('titlePrefix');
  useEffect(() => {
    if (!on) return;
    const base = document.title.startsWith(prefix)
      ? document.title.slice(prefix.length)
      : document.title;
    document.title = prefix + base;
    return () => {
      if (document.title === prefix + base) document.title = base;
    };
  }, [on, prefix]);
}
