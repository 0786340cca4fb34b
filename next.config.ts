import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import {
  API_CONTENT_SECURITY_POLICY,
  DOCUMENT_CONTENT_SECURITY_POLICY,
  PERMISSIONS_POLICY,
  STRICT_TRANSPORT_SECURITY,
} from './lib/domain/security-headers';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: {
    // Messages are compiled at build time, so the browser gets no ICU parser (about 13 KB gzipped)
    // and formats without parsing. Only for the app's build: the worker and tests read the JSON.
    messages: { path: './messages', format: 'json', locales: ['kk', 'ru'], precompile: true },
  },
});

const nextConfig: NextConfig = {
  allowedDevOrigins: ['127.0.0.1'],
  serverExternalPackages: ['pg', 'pg-copy-streams', '@prisma/adapter-pg'],
  poweredByHeader: false,
  experimental: {
    // An application carries up to 5 documents of 10 MB each (checked again by the schema).
    serverActions: { bodySizeLimit: '52mb' },
    // The proxy buffers request bodies; without this, large uploads would arrive cut at 10 MB.
    proxyClientMaxBodySize: '52mb',
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          // production builds only (next dev serves plain HTTP on localhost); browsers ignore it over HTTP anyway
          ...(process.env.NODE_ENV === 'production'
            ? [{ key: 'Strict-Transport-Security', value: STRICT_TRANSPORT_SECURITY }]
            : []),
        ],
      },
      // Pages get a policy with a nonce per request from proxy.ts; the machine interfaces a static
      // one that allows nothing; staff documents may be framed by our own application page.
      {
        source: '/api/:path((?!admin/documents/).*)',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
      {
        source: '/api/admin/documents/:id',
        headers: [{ key: 'Content-Security-Policy', value: DOCUMENT_CONTENT_SECURITY_POLICY }],
      },
      // No page may be framed by another site; staff documents may be framed by our own pages.
      {
        source: '/((?!api/admin/documents/).*)',
        headers: [{ key: 'X-Frame-Options', value: 'DENY' }],
      },
      {
        source: '/api/admin/documents/:id',
        headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
