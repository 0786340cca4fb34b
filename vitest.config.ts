import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The data layer is marked server-only; tests run it as the server does.
  resolve: { alias: { '@': import.meta.dirname, 'server-only': `${import.meta.dirname}/node_modules/server-only/empty.js` } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**', 'data/**'],
    environment: 'node',
  },
});
