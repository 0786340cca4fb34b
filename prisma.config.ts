import { defineConfig } from 'prisma/config';

// The CLI only generates the client here: migrations are applied by scripts/db-migrate.ts
// (see the README), because the Prisma CLI's native schema engine cannot be downloaded offline.
// DATABASE_URL is not needed to generate; the portal reads it in lib/config.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/portal' },
});
