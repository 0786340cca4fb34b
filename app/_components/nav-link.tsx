'use client';
import type { ComponentProps } from 'react';
import { Link, usePathname } from '@/lib/i18n/navigation';

/**
 * A link of the site's navigation, marked `aria-current="page"` on its own page (and the pages
 * under it). Not prefetched: on a slow mobile network the page being read gets the bandwidth and
 * the main thread, and the chosen page is fetched when it is chosen.
 */
export function NavLink({
  href,
  ...rest
}: { href: string } & Omit<ComponentProps<typeof Link>, 'href'>) {
  const pathname = usePathname();
  const current = pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));
  return (
    <Link href={href} prefetch={false} aria-current={current ? 'page' : undefined} {...rest} />
  );
}
