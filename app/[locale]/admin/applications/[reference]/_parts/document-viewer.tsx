'use client';
import { useCallback, useEffect, useState } from 'react';

export type ViewerDocument = { id: number; name: string; meta: string; kind: 'pdf' | 'image' };
export type ViewerLabels = {
  title: string;
  none: string;
  list: string;
  previous: string;
  next: string;
  openInTab: string;
  /** "Document 2 of 3", one per document (formatted on the server). */
  positions: string[];
  shortcuts: string;
  shortcutsHint: string;
};

const SHORTCUTS_KEY = 'staff-document-shortcuts';
const url = (id: number) => `/api/admin/documents/${id}`;

/**
 * The application's documents, one at a time, beside the applicant's data and the decision.
 * A document is fetched (and its view audited) only when the reviewer opens it; one already
 * opened stays loaded, so going back to it is not a second view. Keyboard shortcuts for the
 * next and previous document use a modifier (Alt+Shift+→ / ←), are ignored while typing in a
 * field, and can be turned off (WCAG 2.1.4); the choice is remembered in this browser.
 */
export function DocumentViewer({
  documents,
  labels,
}: {
  documents: ViewerDocument[];
  labels: ViewerLabels;
}) {
  const [index, setIndex] = useState(0);
  const [opened, setOpened] = useState<ReadonlySet<number>>(() => new Set([0]));
  const [shortcuts, setShortcuts] = useState(true);
  const [ready, setReady] = useState(false);
  const n = documents.length;

  useEffect(() => {
    if (window.localStorage.getItem(SHORTCUTS_KEY) === 'off') setShortcuts(false);
    setReady(true);
  }, []);

  const go = useCallback(
    (to: number) => {
      if (to < 0 || to >= n) return;
      setIndex(to);
      setOpened((s) => (s.has(to) ? s : new Set(s).add(to)));
    },
    [n],
  );

  useEffect(() => {
    if (!shortcuts || n < 2) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      if (e.key === 'ArrowRight') go(index + 1);
      else if (e.key === 'ArrowLeft') go(index - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts, index, n, go]);

  return (
    <section
      className="panel document-viewer"
      aria-labelledby="docs"
      data-testid="document-viewer"
      data-ready={ready || undefined}
    >
      <h2 id="docs">{labels.title}</h2>
      {n === 0 ? (
        <p>{labels.none}</p>
      ) : (
        <>
          <ol className="document-list" aria-label={labels.list} data-testid="document-list">
            {documents.map((d, i) => (
              <li key={d.id}>
                <button
                  type="button"
                  className="link-button"
                  aria-current={i === index ? 'true' : undefined}
                  onClick={() => go(i)}
                >
                  {d.name}
                </button>
              </li>
            ))}
          </ol>
          <div className="document-toolbar">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => go(index - 1)}
              disabled={index === 0}
              data-testid="previous-document"
            >
              {labels.previous}
            </button>
            <p className="document-position" aria-live="polite" data-testid="document-position">
              {labels.positions[index]}
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => go(index + 1)}
              disabled={index === n - 1}
              data-testid="next-document"
            >
              {labels.next}
            </button>
          </div>
          {documents.map((d, i) =>
            opened.has(i) ? (
              <figure
                key={d.id}
                className="document"
                data-testid="document"
                data-document-id={d.id}
                hidden={i !== index}
              >
                <figcaption>
                  <a href={url(d.id)} target="_blank" rel="noopener">
                    {d.name}
                  </a>{' '}
                  <span className="hint">
                    {d.meta} · {labels.openInTab}
                  </span>
                </figcaption>
                {d.kind === 'pdf' ? (
                  <iframe src={url(d.id)} title={d.name} className="document-frame" />
                ) : (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={url(d.id)} alt={d.name} className="document-image" />
                )}
              </figure>
            ) : null,
          )}
          <p className="checkbox shortcuts">
            <input
              type="checkbox"
              id="document-shortcuts"
              checked={shortcuts}
              onChange={(e) => {
                setShortcuts(e.target.checked);
                window.localStorage.setItem(SHORTCUTS_KEY, e.target.checked ? 'on' : 'off');
              }}
              aria-describedby="document-shortcuts-hint"
            />
            <label htmlFor="document-shortcuts">{labels.shortcuts}</label>
            <span id="document-shortcuts-hint" className="hint">
              {labels.shortcutsHint}
            </span>
          </p>
        </>
      )}
    </section>
  );
}
