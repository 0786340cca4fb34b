import createMiddleware from 'next-intl/middleware';
import type { NextRequest } from 'next/server';
import { routing } from './lib/i18n/routing';
import { newNonce, pageContentSecurityPolicy } from './lib/domain/security-headers';

const intl = createMiddleware(routing);

/**
 * Pages only (the matcher leaves out /api and static files): the language (next-intl: redirects
 * and the locale, from the cookie, then Accept-Language) and a Content-Security-Policy with a
 * fresh nonce per request, Next's documented pattern: the policy goes on the request too, where
 * Next reads the nonce to put it on its scripts (so every page renders per request), and on the
 * response. Authorisation never lives here.
 */
export default function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  // next-intl forwards a copy of the request's headers to the page: these travel with them
  request.headers.set('content-security-policy', policy);
  request.headers.set('x-nonce', nonce);
  const response = intl(request);
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: ['/((?!api|_next|_vercel|.*\\..*).*)'],
};
