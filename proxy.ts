import createMiddleware from 'next-intl/middleware';
import { routing } from './lib/i18n/routing';

// Only redirects and sets the locale (cookie, then Accept-Language). Authorisation never lives here.
export default createMiddleware(routing);

export const config = {
  matcher: ['/((?!api|_next|_vercel|.*\\..*).*)'],
};
