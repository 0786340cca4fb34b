import type { ReactNode } from 'react';

/**
 * The root layout passes its page through: a page's <html> (with its language) comes from
 * app/[locale]/layout.tsx, or, outside /kk and /ru, from app/not-found.tsx and app/global-error.tsx,
 * so that no page falls back to the framework's English one.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
