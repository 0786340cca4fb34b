'use client';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';

/** One problem in the summary: the field it links to and what is wrong, already translated. */
export type SummaryItem = { field: string; text: string };

/**
 * The error summary at the top of a form (GOV.UK's pattern): a heading and one link per problem
 * to its field. It takes focus each time `attempt` grows (a submit that failed), and while it shows,
 * the page's title starts with "Error: " in the page's language.
 */
export function ErrorSummary({
  items,
  attempt,
  id = 'error-summary',
}: {
  items: SummaryItem[];
  attempt: number;
  /** Where a page has a second form with its own summary (the documents under a status) */
  id?: string;
}) {
  const t = useTranslations('errorSummary');
  const ref = useRef<HTMLDivElement>(null);
  // The problems as they are now: a form library publishes an attempt's errors a moment after
  // the attempt itself, so a snapshot taken at the attempt could miss them.
  const shown = items.length > 0;
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
      id={id}
      className="error-summary"
      ref={ref}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      data-testid={id}
    >
      <h2 id={`${id}-title`} className="error-summary-title">
        {t('title')}
      </h2>
      <ul>
        {items.map((item) => (
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
