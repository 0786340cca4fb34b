import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The data layer is marked server-only; tests run it as the server does.
  resolve: {
    alias: {
      '@': import.meta.dirname,
      'server-only': `${import.meta.dirname}/node_modules/server-only/empty.js`,
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**', 'data/**'],
    environment: 'node',
    // A real PostgreSQL and a migrated template database for the data tests.
    globalSetup: ['./vitest.global-setup.ts'],
    // Limits far above what any test needs, so a slower or busier machine passes too: speed is
    // measured by npm run bench, never by a test's limit.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
