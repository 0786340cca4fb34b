'use client';
import { Link, usePathname } from '@/lib/i18n/navigation';

export type AdminNavLink = { href: string; label: string };

/**
 * The staff area's own menu. The link of the page shown carries aria-current="page"; a page
 * below a section (a sign-in step) marks its section's link. Labels come from the server.
 */
export function AdminNav({ links, label }: { links: AdminNavLink[]; label: string }) {
  const path = usePathname();
  const current = (href: string) =>
    path === href || (href !== '/admin' && path.startsWith(`${href}/`));
  return (
    <nav aria-label={label} className="admin-nav" data-testid="admin-nav">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={current(l.href) ? 'page' : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
