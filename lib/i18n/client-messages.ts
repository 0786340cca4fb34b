/**
 * Which messages go to the browser. A client component's messages travel in every page's HTML,
 * so the locale layout passes only the namespaces that client components use
 * (`useTranslations('<namespace>…')` or `useMessages()` in a 'use client' file), and the staff
 * area's layout adds its own. Server components read every message on the server and send none.
 * client-messages.test.ts fails when a client component uses a namespace missing here.
 */
import type { AbstractIntlMessages } from 'next-intl';

/** Used by the client components of the public pages (and the error boundary). */
export const PUBLIC_CLIENT_NAMESPACES = [
  'common',
  'serverError',
  'errors',
  'errorSummary',
  'fileFixes',
  'form',
  'altcha',
  'fields',
  'apply',
  'status',
  'rejectionReasons',
  'codes',
  'my',
  'watch',
] as const;

/** Used only by the staff area's client components (app/[locale]/admin). */
export const STAFF_CLIENT_NAMESPACES = ['admin', 'feedErrors'] as const;

/** The given top-level namespaces of `messages`. */
export function pickMessages(
  messages: AbstractIntlMessages,
  namespaces: readonly string[],
): AbstractIntlMessages {
  const picked: AbstractIntlMessages = {};
  for (const ns of namespaces) if (ns in messages) picked[ns] = messages[ns];
  return picked;
}
