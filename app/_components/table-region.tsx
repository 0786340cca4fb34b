import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroll region: reachable by keyboard (so it can be scrolled without a
 * mouse) and named, as WCAG asks of a scrollable region (axe: scrollable-region-focusable).
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
