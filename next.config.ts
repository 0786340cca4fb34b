import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

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
        ],
      },
      // No page may be framed by another site; staff documents may be framed by our own pages.
      { source: '/((?!api/admin/documents/).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
      { source: '/api/admin/documents/:id', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
